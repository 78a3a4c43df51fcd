import { describe, expect, it } from 'vitest'
import { HOUR, STARTS, activity, mySignup } from '@/testing/activities'
import { canCancel, formatTimeRange, isUpcoming, lastYear, nextCheckIn, placesLeft, signupState } from './activities'

const starts = STARTS
const signup = mySignup

describe('signing up for an activity', () => {
  it('is open while places are left, full (a waitlist) when not, closed after the deadline, over once completed', () => {
    const before = starts - 2 * HOUR
    expect(signupState(activity(), before)).toBe('open')
    expect(placesLeft(activity())).toBe(2)
    expect(signupState(activity({ confirmed: 3, waitlisted: 2 }), before)).toBe('full')
    expect(placesLeft(activity({ confirmed: 3 }))).toBe(0)
    expect(signupState(activity(), starts - HOUR + 1)).toBe('closed')
    expect(signupState(activity({ status: 'COMPLETED' }), before)).toBe('completed')
  })

  it('may be cancelled, confirmed or waitlisted, until the start and before checking in', () => {
    expect(canCancel(signup(), starts - 1)).toBe(true)
    expect(canCancel(signup({ status: 'WAITLISTED', position: 2 }), starts - 1)).toBe(true)
    expect(canCancel(signup(), starts)).toBe(false)
    expect(canCancel(signup({ status: 'CANCELLED' }), starts - HOUR)).toBe(false)
    expect(canCancel(undefined, starts - HOUR)).toBe(false)
    expect(canCancel(signup({ checkedInAt: new Date(starts - HOUR).toISOString() }), starts - 1)).toBe(false)
  })
})

describe('checking in at the venue', () => {
  it('opens 2 hours before the start for confirmed volunteers and closes at the end', () => {
    expect(nextCheckIn(signup(), starts - 2 * HOUR - 1)).toBeNull()
    expect(nextCheckIn(signup(), starts - 2 * HOUR)).toBe('IN')
    expect(nextCheckIn(signup(), starts + 3 * HOUR)).toBe('IN')
    expect(nextCheckIn(signup(), starts + 3 * HOUR + 1)).toBeNull()
    expect(nextCheckIn(signup({ status: 'WAITLISTED', position: 1 }), starts)).toBeNull()
  })

  it('asks for the check-out once checked in, and for nothing after it or once completed', () => {
    expect(nextCheckIn(signup({ checkedInAt: new Date(starts).toISOString() }), starts + HOUR)).toBe('OUT')
    const both = signup({ checkedInAt: new Date(starts).toISOString(), checkedOutAt: new Date(starts + HOUR).toISOString() })
    expect(nextCheckIn(both, starts + HOUR)).toBeNull()
    expect(nextCheckIn(signup({}, { status: 'COMPLETED' }), starts)).toBeNull()
  })
})

describe('reading an activity', () => {
  it('lists what has not ended and is not completed', () => {
    expect(isUpcoming(activity(), starts + HOUR)).toBe(true)
    expect(isUpcoming(activity(), starts + 3 * HOUR)).toBe(false)
    expect(isUpcoming(activity({ status: 'COMPLETED' }), starts)).toBe(false)
  })

  it('writes a same-day time range once, with both dates past midnight', () => {
    const local = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi).toISOString()
    expect(formatTimeRange(local(2026, 12, 5, 9), local(2026, 12, 5, 11, 30))).toBe('2026-12-05 09:00–11:30')
    expect(formatTimeRange(local(2026, 12, 5, 20), local(2026, 12, 6, 2))).toBe('2026-12-05 20:00 – 2026-12-06 02:00')
  })

  it('offers the last 365 days up to today as the certificate period', () => {
    expect(lastYear(new Date(2026, 11, 4))).toEqual({ from: '2025-12-04', to: '2026-12-04' })
  })
})
