import { describe, expect, it } from 'vitest'
import { describeHistory, formatDuration, formatPercent, formatPhone, lastDays, nextDay } from './format'

describe('format', () => {
  it('says how late an order is in words', () => {
    expect(formatDuration(45)).toBe('45 分钟')
    expect(formatDuration(200)).toBe('3 小时 20 分钟')
    expect(formatDuration(60 * 53)).toBe('2 天 5 小时')
  })

  it('reads rates as percentages and a missing rate as a dash', () => {
    expect(formatPercent(0.8534)).toBe('85.3%')
    expect(formatPercent(null)).toBe('—')
  })

  it('reads a phone out in groups of 3, 4 and 4 digits', () => {
    expect(formatPhone('13800000002')).toBe('138 0000 0002')
    expect(formatPhone('')).toBe('')
    expect(formatPhone('123')).toBe('123')
  })

  it('makes [from, to) day ranges the stats API takes', () => {
    expect(lastDays(7, new Date(2024, 4, 10, 15, 0))).toEqual(['2024-05-04', '2024-05-11'])
    expect(nextDay('2024-12-31')).toBe('2025-01-01')
  })

  it('writes history in Chinese, naming the team', () => {
    const names = (id: string | null | undefined) => (id === 't1' ? '御河助老分队' : '')
    expect(describeHistory({ status: 'DISPATCHED', action: 'DISPATCHED', at: '', actorId: null, teamId: 't1', note: null }, names)).toBe(
      '已派单给 御河助老分队',
    )
    expect(describeHistory({ status: 'DISPATCHED', action: 'URGED', at: '', actorId: null, note: '请尽快' }, names)).toBe('已督办')
  })
})
