import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { usePeopleStore } from '@/stores/people'
import { searchText, useVolunteerSearch } from './useVolunteerSearch'

const li = {
  userId: 'u-li',
  volunteerNo: 'S0003-000001',
  realName: '李晓红',
  name: '李志愿',
  phone: '13900000002',
  skills: ['助老'],
  stationId: 's1',
  serviceHours: 2.5,
  registeredAt: '2026-05-01T08:00:00Z',
}

function page(items: unknown[], page = 0, totalItems = items.length) {
  return new Response(JSON.stringify({ items, page, size: 20, totalItems }), { status: 200 })
}

/** The query of each GET /api/volunteers the composable sent. */
function asked(fetch: ReturnType<typeof vi.fn>): Record<string, string>[] {
  return fetch.mock.calls.map(([url]) => Object.fromEntries(new URL(String(url), 'http://console').searchParams))
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('searchText', () => {
  it('sends what was typed without spaces at the ends, at most 50 characters and never half an emoji', () => {
    expect(searchText('  李晓红\u3000')).toBe('李晓红')
    expect(searchText('张'.repeat(60))).toBe('张'.repeat(50))
    expect(searchText('👍'.repeat(51))).toBe('👍'.repeat(50))
  })
})

describe('useVolunteerSearch', () => {
  it('asks for the unit, the trimmed search and the page; a new search starts again at the first page', async () => {
    const fetch = vi.fn(async () => page([li], 0, 45))
    vi.stubGlobal('fetch', fetch)
    const search = useVolunteerSearch(() => 's1', { sort: () => 'name' })

    await search.search('')
    await search.goTo(2)
    await search.search(' 139 0000 ')
    expect(asked(fetch)).toEqual([
      { orgUnitId: 's1', sort: 'name', page: '0', size: '20' },
      { orgUnitId: 's1', sort: 'name', page: '2', size: '20' },
      { orgUnitId: 's1', q: '139 0000', sort: 'name', page: '0', size: '20' },
    ])
    expect(search.page.value).toBe(0)
    expect(search.total.value).toBe(45)
    expect(search.items.value.map((v) => v.realName)).toEqual(['李晓红'])
  })

  it('looks in the whole scope when no unit is given, and remembers who it found', async () => {
    const fetch = vi.fn(async () => page([li]))
    vi.stubGlobal('fetch', fetch)
    const search = useVolunteerSearch(() => null)
    await search.search('李')
    expect(asked(fetch)).toEqual([{ q: '李', page: '0', size: '20' }])
    expect(usePeopleStore().name('u-li')).toBe('李晓红')
  })

  it('never lets the answer to an older search replace a newer one', async () => {
    let answerFirst: (r: Response) => void = () => {}
    const fetch = vi
      .fn()
      .mockImplementationOnce(() => new Promise<Response>((resolve) => (answerFirst = resolve)))
      .mockImplementationOnce(async () => page([li]))
    vi.stubGlobal('fetch', fetch)
    const search = useVolunteerSearch(() => 's1')

    const slow = search.search('李')
    await search.search('李晓')
    answerFirst(page([{ ...li, userId: 'u-ming', realName: '李明' }]))
    await slow
    expect(search.query.value).toBe('李晓')
    expect(search.items.value.map((v) => v.realName)).toEqual(['李晓红'])
  })

  it('says in plain words when the service is down, and keeps what it showed', async () => {
    const fetch = vi
      .fn()
      .mockImplementationOnce(async () => page([li]))
      .mockImplementationOnce(async () => new Response('{}', { status: 503 }))
    vi.stubGlobal('fetch', fetch)
    const search = useVolunteerSearch(() => 's1')
    await search.search('')
    await search.search('李')
    expect(search.error.value).toBe('服务暂时不可用，请稍后再试')
    expect(search.items.value).toHaveLength(1)
  })
})
