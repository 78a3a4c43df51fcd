import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { useDispatchMode } from './useDispatchMode'

const answer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })
const auto = { stationId: 's1', mode: 'AUTO', grabWindowMinutes: 30, updatedBy: null, updatedAt: null }

beforeEach(() => vi.stubGlobal('fetch', vi.fn()))
afterEach(() => vi.unstubAllGlobals())

describe('useDispatchMode', () => {
  it('reads the station, checks the window and saves GRAB with it', async () => {
    vi.mocked(fetch).mockResolvedValueOnce(answer(auto))
    const form = useDispatchMode(() => 's1')
    await form.load()
    expect(String(vi.mocked(fetch).mock.calls[0][0])).toContain('/api/dispatch/stations/s1')
    expect(form.mode.value).toBe('AUTO')
    expect(form.changed.value).toBe(false)

    form.mode.value = 'GRAB'
    form.minutes.value = 0
    expect(form.windowError.value).toBe('抢单时限须为 1 到 1440 之间的整数分钟')
    expect(await form.save()).toBe(false)
    form.minutes.value = 1.5
    expect(form.windowError.value).not.toBe('')
    form.minutes.value = 15
    expect(form.windowError.value).toBe('')
    expect(form.changed.value).toBe(true)

    vi.mocked(fetch).mockResolvedValueOnce(answer({ ...auto, mode: 'GRAB', grabWindowMinutes: 15, updatedAt: '2024-01-01T00:00:00Z' }))
    expect(await form.save()).toBe(true)
    const [url, init] = vi.mocked(fetch).mock.calls[1]
    expect(String(url)).toContain('/api/dispatch/stations/s1')
    expect((init as RequestInit).method).toBe('PUT')
    expect(JSON.parse(String((init as RequestInit).body))).toEqual({ mode: 'GRAB', grabWindowMinutes: 15 })
    expect(form.saved.value?.mode).toBe('GRAB')
    expect(form.changed.value).toBe(false)
  })

  it('keeps what was chosen when saving is refused, with the reason in words', async () => {
    vi.mocked(fetch).mockResolvedValueOnce(answer(auto))
    const form = useDispatchMode(() => 's1')
    await form.load()
    form.mode.value = 'GRAB'
    form.minutes.value = 20
    vi.mocked(fetch).mockResolvedValueOnce(answer({ status: 403, detail: '只有该站的工作人员或管理员可以设置派单方式' }, 403))
    expect(await form.save()).toBe(false)
    expect(form.saving.error.value).toBe('只有该站的工作人员或管理员可以设置派单方式')
    expect(form.mode.value).toBe('GRAB')
    expect(form.minutes.value).toBe(20)
  })

  it('reads the other station when the page moves to it', async () => {
    const station = ref('s1')
    vi.mocked(fetch).mockResolvedValue(answer(auto))
    const form = useDispatchMode(() => station.value)
    await form.load()
    vi.mocked(fetch).mockResolvedValueOnce(answer({ ...auto, stationId: 's2', mode: 'GRAB', grabWindowMinutes: 45 }))
    station.value = 's2'
    await nextTick()
    await vi.waitFor(() => expect(form.mode.value).toBe('GRAB'))
    expect(form.minutes.value).toBe(45)
  })
})
