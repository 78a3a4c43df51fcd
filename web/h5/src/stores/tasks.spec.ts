import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuthStore } from './auth'
import { useTasksStore } from './tasks'

function order(id: string, status: string, teamId = 't1') {
  return {
    id,
    residentId: 'r1',
    category: 'ELDERLY',
    title: `订单${id}`,
    description: '',
    stationId: 's1',
    address: '',
    contactPhone: '',
    preferredTime: null,
    status,
    teamId,
    acceptDeadline: '2030-01-01T00:00:00Z',
    dueAt: null,
    volunteers: [],
    evaluations: [],
    finalRating: null,
    history: [],
    createdAt: `2024-01-01T00:00:0${id.length}Z`,
    updatedAt: '2024-01-01T00:00:00Z',
  }
}

let served: object[] = []

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  served = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ items: served, page: 0, size: 50, totalItems: served.length }))),
  )
})
afterEach(() => vi.unstubAllGlobals())

function signedInLeader() {
  const auth = useAuthStore()
  auth.token = 'tok'
  auth.expiresAt = Date.now() + 3600_000
  auth.user = { id: 'leader', name: '王队长', roles: ['RESIDENT', 'VOLUNTEER'] }
  auth.me = {
    id: 'leader',
    phone: '13900000001',
    name: '王队长',
    roles: ['RESIDENT', 'VOLUNTEER'],
    volunteer: null,
    staffScopes: [],
    teams: [{ id: 't1', name: '助老分队', leader: true }],
  }
  return auth
}

describe('tasks store', () => {
  it('counts a newly dispatched order once and vibrates', async () => {
    signedInLeader()
    const vibrate = vi.fn(() => true)
    Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true })
    const tasks = useTasksStore()
    served = [order('a', 'DISPATCHED')]
    await tasks.refresh()
    expect(tasks.pending.map((o) => o.id)).toEqual(['a'])
    expect(tasks.unseen).toBe(0) // what was there at first is not news

    served = [order('bb', 'DISPATCHED'), order('a', 'DISPATCHED')]
    await tasks.refresh()
    await tasks.refresh()
    expect(tasks.unseen).toBe(1)
    expect(vibrate).toHaveBeenCalledOnce()
    tasks.markSeen()
    expect(tasks.unseen).toBe(0)
  })

  it('sorts the team orders into pending, ongoing and finished, leaving out orders given back', async () => {
    signedInLeader()
    const tasks = useTasksStore()
    served = [
      order('a', 'DISPATCHED'),
      order('bb', 'ACCEPTED'),
      order('ccc', 'IN_SERVICE'),
      order('dddd', 'COMPLETED'),
      order('eeeee', 'DISPATCHED', 'other-team'),
    ]
    await tasks.refresh()
    expect(tasks.pending.map((o) => o.id)).toEqual(['a'])
    expect(tasks.ongoing.map((o) => o.id).sort()).toEqual(['bb', 'ccc'])
    expect(tasks.finished.map((o) => o.id)).toEqual(['dddd'])
  })

  it('reads the 抢单 pool only for a leader, and a grabbed order leaves the pool for the ongoing list', async () => {
    const tasks = useTasksStore()
    expect(await tasks.loadPool()).toEqual([])
    expect(fetch).not.toHaveBeenCalled()

    signedInLeader()
    const offered = { id: 'p1', category: 'ELDERLY', title: '帮忙买菜', description: null, stationId: 's1',
      preferredTime: null, createdAt: '2024-01-01T00:00:00Z', grabUntil: '2030-01-01T00:00:00Z', teamIds: ['t1'] }
    served = [offered, { ...offered, id: 'p2' }]
    await tasks.loadPool()
    expect(tasks.pool.map((o) => o.id)).toEqual(['p1', 'p2'])
    expect(String(vi.mocked(fetch).mock.calls.at(-1)?.[0])).toContain('/api/orders/pool')

    vi.mocked(fetch).mockResolvedValueOnce(new Response(JSON.stringify(order('p1', 'ACCEPTED'))))
    await tasks.claim('p1', { teamId: 't1', volunteerIds: ['leader'] })
    const [url, init] = vi.mocked(fetch).mock.calls.at(-1) ?? []
    expect(String(url)).toContain('/api/orders/p1/claim')
    expect(JSON.parse(String((init as RequestInit).body))).toEqual({ teamId: 't1', volunteerIds: ['leader'] })
    expect(tasks.pool.map((o) => o.id)).toEqual(['p2'])
    expect(tasks.ongoing.map((o) => o.id)).toEqual(['p1'])

    // someone else was quicker: the order goes from the pool all the same, and the words say why
    vi.mocked(fetch).mockResolvedValueOnce(
      new Response(JSON.stringify({ status: 409, detail: '此单已被其他服务队抢到或已派出，不能再抢单' }), {
        status: 409,
        headers: { 'Content-Type': 'application/problem+json' },
      }),
    )
    await expect(tasks.claim('p2', { teamId: 't1', volunteerIds: ['leader'] })).rejects.toThrow('已被其他服务队抢到')
    expect(tasks.pool).toEqual([])
  })
})
