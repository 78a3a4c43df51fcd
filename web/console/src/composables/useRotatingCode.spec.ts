import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api'
import { REFRESH_BEFORE_MS, refreshIn, useRotatingCode } from './useRotatingCode'

const TTL = 120_000

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(Date.parse('2026-12-05T01:00:00Z'))
})
afterEach(() => vi.useRealTimers())

function codes() {
  let n = 0
  return vi.fn(async () => ({ code: `CODE000${++n}`, expiresAt: new Date(Date.now() + TTL).toISOString() }))
}

describe('the on-screen check-in code', () => {
  it('is fetched again 20 s before a two-minute code expires, and half-way through a short one', () => {
    expect(refreshIn(120_000)).toBe(100_000)
    expect(refreshIn(15_000)).toBe(7_500)
    expect(refreshIn(500)).toBe(1_000)
  })

  it('is replaced before it expires, for as long as it is shown, with a countdown', async () => {
    const fetchCode = codes()
    const rotating = useRotatingCode(fetchCode)
    rotating.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(rotating.code.value).toBe('CODE0001')
    expect(rotating.secondsLeft.value).toBe(120)

    await vi.advanceTimersByTimeAsync(TTL - REFRESH_BEFORE_MS - 1_000)
    expect(rotating.code.value).toBe('CODE0001')
    expect(rotating.secondsLeft.value).toBe(21)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(rotating.code.value).toBe('CODE0002')
    expect(rotating.secondsLeft.value).toBe(120)

    rotating.stop()
    await vi.advanceTimersByTimeAsync(10 * TTL)
    expect(fetchCode).toHaveBeenCalledTimes(2)
  })

  it('keeps the valid code when a refresh fails, says why, and tries again', async () => {
    const fetchCode = codes()
    const rotating = useRotatingCode(fetchCode)
    rotating.start()
    await vi.advanceTimersByTimeAsync(0)
    fetchCode.mockRejectedValueOnce(new ApiError('unavailable', 503, '服务暂时不可用，请稍后再试'))
    await vi.advanceTimersByTimeAsync(TTL - REFRESH_BEFORE_MS)
    expect(rotating.error.value).toBe('服务暂时不可用，请稍后再试')
    expect(rotating.code.value).toBe('CODE0001')

    await vi.advanceTimersByTimeAsync(5_000)
    expect(rotating.error.value).toBeNull()
    expect(rotating.code.value).toBe('CODE0002')
  })

  it('shows no code once it has expired and none came instead', async () => {
    const fetchCode = codes()
    const rotating = useRotatingCode(fetchCode)
    rotating.start()
    await vi.advanceTimersByTimeAsync(0)
    fetchCode.mockRejectedValue(new ApiError('unavailable', 503, '服务暂时不可用，请稍后再试'))
    await vi.advanceTimersByTimeAsync(TTL + 1_000)
    expect(rotating.code.value).toBeNull()
    expect(rotating.error.value).toBe('服务暂时不可用，请稍后再试')
    rotating.stop()
  })
})
