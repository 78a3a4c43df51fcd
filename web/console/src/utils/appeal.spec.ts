import { describe, expect, it } from 'vitest'
import type { Order } from '@/api/types'
import { currentHours, decidable, decisionBody } from './appeal'

function order(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o-1',
    residentId: 'r-1',
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
    volunteers: ['v-1', 'v-2'],
    hours: [
      { volunteerId: 'v-1', hours: 2 },
      { volunteerId: 'v-2', hours: 1.5 },
    ],
    evaluations: [],
    finalRating: 2.8,
    history: [],
    createdAt: '2026-12-01T08:00:00Z',
    updatedAt: '2026-12-02T08:00:00Z',
    appeal: { status: 'OPEN', reason: '评分过低', appealedBy: 'r-1', appealedAt: '2026-12-02T09:00:00Z' },
    ...overrides,
  }
}

describe('appeal decision', () => {
  it('sends only the note when the appeal is dismissed', () => {
    const form = { upheld: false, note: ' 评价属实 ', staffRating: 5, hours: { 'v-1': 9, 'v-2': 1.5 } }
    expect(decisionBody(order(), form)).toEqual({ upheld: false, note: '评价属实' })
  })

  it('sends the new staff rating and only the hours that changed when upheld', () => {
    const form = { upheld: true, note: '回访核实', staffRating: 5, hours: { ...currentHours(order()), 'v-1': 3 } }
    expect(decisionBody(order(), form)).toEqual({
      upheld: true,
      note: '回访核实',
      staffRating: 5,
      approvedHours: [{ volunteerId: 'v-1', hours: 3 }],
    })
    expect(decisionBody(order(), { upheld: true, note: '改判', staffRating: 0, hours: currentHours(order()) })).toEqual({
      upheld: true,
      note: '改判',
    })
  })

  it('is open to a decision only while the appeal is open', () => {
    expect(decidable(order())).toBe(true)
    expect(decidable(order({ appeal: null }))).toBe(false)
    expect(
      decidable(
        order({ appeal: { status: 'UPHELD', reason: 'x', appealedBy: 'r-1', appealedAt: '2026-12-02T09:00:00Z' } }),
      ),
    ).toBe(false)
  })
})
