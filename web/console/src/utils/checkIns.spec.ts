import { describe, expect, it } from 'vitest'
import { visits } from './checkIns'

describe('visits', () => {
  it('pairs each check-in with the same volunteer’s next check-out and counts the minutes at the door', () => {
    const result = visits([
      { volunteerId: 'a', type: 'IN', at: '2024-05-01T09:00:00+08:00' },
      { volunteerId: 'b', type: 'IN', at: '2024-05-01T09:05:00+08:00' },
      { volunteerId: 'a', type: 'OUT', at: '2024-05-01T10:10:30+08:00' },
    ])
    expect(result).toEqual([
      { volunteerId: 'a', in: '2024-05-01T09:00:00+08:00', out: '2024-05-01T10:10:30+08:00', minutes: 71 },
      { volunteerId: 'b', in: '2024-05-01T09:05:00+08:00', out: null, minutes: null },
    ])
  })

  it('is empty without check-ins', () => {
    expect(visits([])).toEqual([])
  })
})
