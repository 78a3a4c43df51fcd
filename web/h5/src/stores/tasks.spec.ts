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
})
