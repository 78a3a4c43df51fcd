import { describe, expect, it } from 'vitest'
import { parseHours, toIsoWithOffset } from './format'

describe('parseHours', () => {
  it('accepts more than 0, at most 24 hours, with at most two decimals', () => {
    expect(parseHours('2.5')).toBe(2.5)
    expect(parseHours('24')).toBe(24)
    expect(parseHours('0.25')).toBe(0.25)
    for (const bad of ['0', '24.01', '25', '1.234', '-1', 'abc', '', '1e1']) expect(parseHours(bad)).toBeNull()
  })
})

describe('toIsoWithOffset', () => {
  it('writes a local time with its offset', () => {
    const text = toIsoWithOffset(new Date(2024, 4, 1, 14, 30))
    expect(text).toMatch(/^2024-05-01T14:30:00[+-]\d{2}:\d{2}$/)
    expect(new Date(text).getTime()).toBe(new Date(2024, 4, 1, 14, 30).getTime())
  })
})
