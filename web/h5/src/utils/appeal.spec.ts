import { describe, expect, it } from 'vitest'
import type { Order } from '@/api/types'
import { appealOpenUntil, canAppeal, ratesOnBehalf } from './appeal'

const RESIDENT = 'r-1'
const HELPER = 'h-1'

function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o-1',
    residentId: RESIDENT,
    category: 'ELDERLY',
    title: '帮老人取药',
    description: '',
    stationId: 's-1',
    address: '',
    contactPhone: '',
    preferredTime: null,
    status: 'EVALUATED',
    teamId: 't-1',
    acceptDeadline: null,
    dueAt: null,
    volunteers: [],
    evaluations: [],
    finalRating: 3,
    history: [
      { status: 'PLACED', action: 'PLACED', at: '2026-12-01T08:00:00Z', actorId: RESIDENT, note: null },
      { status: 'EVALUATED', action: 'EVALUATED', at: '2026-12-02T08:00:00Z', actorId: null, note: '综合评分 3.00' },
    ],
    createdAt: '2026-12-01T08:00:00Z',
    updatedAt: '2026-12-02T08:00:00Z',
    ...overrides,
  }
}

describe('申诉 window', () => {
  it('is open for seven days after the order was evaluated, to the resident only', () => {
    expect(appealOpenUntil(order())?.toISOString()).toBe('2026-12-09T08:00:00.000Z')
    expect(canAppeal(order(), RESIDENT, new Date('2026-12-09T07:59:00Z'))).toBe(true)
    expect(canAppeal(order(), RESIDENT, new Date('2026-12-10T08:00:00Z'))).toBe(false)
    expect(canAppeal(order(), 'someone-else', new Date('2026-12-03T08:00:00Z'))).toBe(false)
  })

  it('is closed before evaluation and after an appeal was made', () => {
    expect(canAppeal(order({ status: 'COMPLETED', history: [] }), RESIDENT, new Date('2026-12-03T08:00:00Z'))).toBe(
      false,
    )
    const appealed = order({
      appeal: { status: 'OPEN', reason: '评分不公', appealedBy: RESIDENT, appealedAt: '2026-12-03T08:00:00Z' },
    })
    expect(canAppeal(appealed, RESIDENT, new Date('2026-12-03T09:00:00Z'))).toBe(false)
  })
})

describe('代评', () => {
  it('is for the helper of a neighbour without an account', () => {
    const helped = order({ placedBy: HELPER, residentId: HELPER, beneficiary: { name: '王奶奶', phone: '13900001111', hasAccount: false } })
    expect(ratesOnBehalf(helped, HELPER)).toBe(true)
    expect(ratesOnBehalf(helped, RESIDENT)).toBe(false)
    const withAccount = order({ placedBy: HELPER, beneficiary: { name: '张大爷', phone: '13900002222', hasAccount: true } })
    expect(ratesOnBehalf(withAccount, HELPER)).toBe(false)
    expect(ratesOnBehalf(order(), RESIDENT)).toBe(false)
  })
})
