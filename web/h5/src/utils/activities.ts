// What a volunteer may do with an activity at a given moment, by the rules of the API (活动报名).
import type { Activity, CheckInType, MySignup } from '@/api/types'
import { formatDateTime } from './format'

/** Check-in opens 2 hours before the start. */
export const CHECK_IN_OPENS_MS = 2 * 3600_000

/** How sign-up stands: open, full (a sign-up is waitlisted), closed (past the deadline), or over. */
export type SignupState = 'open' | 'full' | 'closed' | 'completed'

const ms = (iso: string) => new Date(iso).getTime()

export function signupState(activity: Activity, now = Date.now()): SignupState {
  if (activity.status === 'COMPLETED') return 'completed'
  if (now > ms(activity.signupDeadline)) return 'closed'
  return activity.confirmed >= activity.capacity ? 'full' : 'open'
}

/** Places still free (0 when full). */
export function placesLeft(activity: Activity): number {
  return Math.max(0, activity.capacity - activity.confirmed)
}

/** A live sign-up (confirmed or waitlisted) may be cancelled until the activity starts, and not once checked in. */
export function canCancel(signup: MySignup | undefined, now = Date.now()): boolean {
  return (
    !!signup &&
    signup.status !== 'CANCELLED' &&
    !signup.checkedInAt &&
    signup.activity.status === 'PUBLISHED' &&
    now < ms(signup.activity.startsAt)
  )
}

/** The next scan a confirmed volunteer makes (in, then out), or null when there is none to make now. */
export function nextCheckIn(signup: MySignup | undefined, now = Date.now()): CheckInType | null {
  if (!signup || signup.status !== 'CONFIRMED' || signup.activity.status !== 'PUBLISHED') return null
  const { startsAt, endsAt } = signup.activity
  if (!signup.checkedInAt) {
    return now >= ms(startsAt) - CHECK_IN_OPENS_MS && now <= ms(endsAt) ? 'IN' : null
  }
  return signup.checkedOutAt ? null : 'OUT'
}

/** The activity is still worth listing as upcoming: it has not ended and is not completed. */
export function isUpcoming(activity: Activity, now = Date.now()): boolean {
  return activity.status === 'PUBLISHED' && ms(activity.endsAt) > now
}

/** "2026-12-05 09:00–11:30", or both dates when it runs past midnight. */
export function formatTimeRange(startsAt: string, endsAt: string): string {
  const start = formatDateTime(startsAt)
  const end = formatDateTime(endsAt)
  return start.slice(0, 10) === end.slice(0, 10) ? `${start}–${end.slice(11)}` : `${start} – ${end}`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** yyyy-MM-dd of a local date. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** The certificate's default period: the last 365 days up to today, as the API takes it. */
export function lastYear(today = new Date()): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 365)
  return { from: isoDate(from), to: isoDate(today) }
}
