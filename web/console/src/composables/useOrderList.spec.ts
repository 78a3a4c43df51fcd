import { describe, expect, it } from 'vitest'
import type { Order } from '@/api/types'
import { isOverdue } from './useOrderList'

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
