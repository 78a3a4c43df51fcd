import { describe, expect, it, vi } from 'vitest'
import { orderApi } from '@/api'
import type { Order } from '@/api/types'
import { isOverdue, readPages } from './useOrderList'

vi.mock('@/api', () => ({ orderApi: { list: vi.fn() } }))

const order = (over: Partial<Order>): Order => ({ status: 'ACCEPTED', dueAt: null, overdue: false, ...over }) as Order

describe('isOverdue', () => {
  const now = Date.parse('2026-05-01T10:00:00Z')
  it('trusts the flag, and counts an open order past its due time before the server flags it', () => {
    expect(isOverdue(order({ overdue: true }), now)).toBe(true)
    expect(isOverdue(order({ dueAt: '2026-05-01T09:59:00Z' }), now)).toBe(true)
    expect(isOverdue(order({ status: 'IN_SERVICE', dueAt: '2026-05-01T10:00:00Z' }), now)).toBe(true)
  })

  it('leaves out orders not yet due, and finished ones', () => {
    expect(isOverdue(order({ dueAt: '2026-05-01T11:00:00Z' }), now)).toBe(false)
    expect(isOverdue(order({ status: 'COMPLETED', dueAt: '2026-05-01T09:00:00Z' }), now)).toBe(false)
  })
})

describe('readPages', () => {
  /** A queue of `count` orders served 100 at a time, as GET /api/orders pages it. */
  function queue(count: number) {
    const all = Array.from({ length: count }, (_, i) => ({ id: `order-${i}` }) as Order)
    vi.mocked(orderApi.list).mockImplementation(async (query) => {
      const page = query.page ?? 0
      return { items: all.slice(page * 100, page * 100 + 100), page, size: 100, totalItems: count }
    })
  }

  it('reads a long queue page by page to its end, and no further', async () => {
    queue(250)
    const result = await readPages({ status: 'UNASSIGNED' }, 10)
    expect(result.items.map((o) => o.id)).toEqual(Array.from({ length: 250 }, (_, i) => `order-${i}`))
    expect(result.totalItems).toBe(250)
    expect(orderApi.list).toHaveBeenCalledTimes(3)
    expect(vi.mocked(orderApi.list).mock.calls.map(([q]) => [q.status, q.page, q.size])).toEqual([
      ['UNASSIGNED', 0, 100],
      ['UNASSIGNED', 1, 100],
      ['UNASSIGNED', 2, 100],
    ])
  })

  it('stops at the pages it may read and still counts every order', async () => {
    queue(1500)
    const result = await readPages({ overdue: true }, 10)
    expect(result.items).toHaveLength(1000)
    expect(result.totalItems).toBe(1500)
  })
})
