import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useWishesStore } from './wishes'

function wish(id: string, status = 'OPEN') {
  return {
    id,
    title: `心愿${id}`,
    description: null,
    stationId: 's1',
    stationName: '北关社区实践站',
    contactPhone: '139****5678',
    status,
    authorId: 'r1',
    orderId: status === 'CLAIMED' ? `order-${id}` : null,
    teamId: status === 'CLAIMED' ? 't1' : null,
    teamName: status === 'CLAIMED' ? '助老分队' : null,
    claimedAt: null,
    closeReason: status === 'CLOSED' ? '已解决' : null,
    closedAt: null,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  }
}

const answer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  vi.stubGlobal('fetch', vi.fn())
})
afterEach(() => vi.unstubAllGlobals())

describe('wishes store', () => {
  it('reads a station wall without a token, by status', async () => {
    vi.mocked(fetch).mockResolvedValueOnce(answer({ items: [wish('a'), wish('b')], page: 0, size: 50, totalItems: 2 }))
    const wishes = useWishesStore()
    await wishes.loadWall('s1', 'OPEN')
    const [url, init] = vi.mocked(fetch).mock.calls[0]
    expect(String(url)).toContain('/api/wishes?stationId=s1&status=OPEN')
    expect(new Headers((init as RequestInit).headers).has('Authorization')).toBe(false)
    expect(wishes.wall.map((w) => w.id)).toEqual(['a', 'b'])
    expect(wishes.wallTotal).toBe(2)
  })

  it('a claimed or closed wish leaves the open wall and keeps its order', async () => {
    vi.mocked(fetch).mockResolvedValueOnce(answer({ items: [wish('a'), wish('b')], page: 0, size: 50, totalItems: 2 }))
    const wishes = useWishesStore()
    await wishes.loadWall('s1', 'OPEN')

    vi.mocked(fetch).mockResolvedValueOnce(answer(wish('a', 'CLAIMED')))
    const claimed = await wishes.claim('a', { teamId: 't1', volunteerIds: ['v1'] })
    expect(claimed.orderId).toBe('order-a')
    expect(JSON.parse(String((vi.mocked(fetch).mock.calls[1][1] as RequestInit).body))).toEqual({
      teamId: 't1',
      volunteerIds: ['v1'],
    })
    expect(wishes.wall.map((w) => w.id)).toEqual(['b'])
    expect(wishes.byId.get('a')?.status).toBe('CLAIMED')

    vi.mocked(fetch).mockResolvedValueOnce(answer(wish('b', 'CLOSED')))
    await wishes.close('b', '已解决')
    expect(String(vi.mocked(fetch).mock.calls[2][0])).toContain('/api/wishes/b/close')
    expect(wishes.wall).toEqual([])
  })

  it('says in words why a claim failed and leaves the wall as it was', async () => {
    vi.mocked(fetch).mockResolvedValueOnce(answer({ items: [wish('a')], page: 0, size: 50, totalItems: 1 }))
    const wishes = useWishesStore()
    await wishes.loadWall('s1', 'OPEN')
    vi.mocked(fetch).mockResolvedValueOnce(answer({ status: 409, detail: '心愿已被认领，不能认领' }, 409))
    await expect(wishes.claim('a', { teamId: 't1', volunteerIds: ['v1'] })).rejects.toThrow('心愿已被认领')
    expect(wishes.wall.map((w) => w.id)).toEqual(['a'])
  })
})
