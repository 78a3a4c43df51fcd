// The rules of an activity the console checks before asking the service (the service checks them
// again): what a publish form may hold, and the hours an attendee gets by default at completion.
import type { Activity, ActivitySignup } from '@/api/types'
import { zhCN as t } from '@/i18n/zh-CN'

const HOUR = 3600_000
const DAY = 24 * HOUR

export interface ActivityForm {
  title: string
  description: string
  category: string
  orgUnitId: string
  place: string
  startsAt: Date | null
  endsAt: Date | null
  capacity: number | undefined
  signupDeadline: Date | null
}

export type ActivityFormErrors = Partial<Record<keyof ActivityForm, string>>

const length = (text: string) => [...text].length
/** Control characters (a line break among them): a title is one line of text. */
const CONTROL = /[\u0000-\u001f\u007f]/

/** Field → the message to show under it; empty when the form may be sent. */
export function validateActivity(form: ActivityForm, now = Date.now()): ActivityFormErrors {
  const e: ActivityFormErrors = {}
  const m = t.activities.errors
  const title = form.title.trim()
  if (!title) e.title = m.titleRequired
  else if (length(title) > 100) e.title = m.titleTooLong
  else if (CONTROL.test(title)) e.title = m.titleOneLine
  if (length(form.description) > 2000) e.description = m.descriptionTooLong
  if (!form.category) e.category = m.categoryRequired
  if (!form.orgUnitId) e.orgUnitId = m.unitRequired
  const place = form.place.trim()
  if (!place) e.place = m.placeRequired
  else if (length(place) > 200) e.place = m.placeTooLong
  const starts = form.startsAt?.getTime()
  if (starts === undefined) e.startsAt = m.startsRequired
  else if (starts <= now) e.startsAt = m.startsPast
  else if (starts > now + 366 * DAY) e.startsAt = m.startsTooFar
  const ends = form.endsAt?.getTime()
  if (ends === undefined) e.endsAt = m.endsRequired
  else if (starts !== undefined && ends <= starts) e.endsAt = m.endsBeforeStart
  else if (starts !== undefined && ends > starts + DAY) e.endsAt = m.tooLong
  const capacity = form.capacity
  if (capacity === undefined || !Number.isInteger(capacity) || capacity < 1 || capacity > 10000) e.capacity = m.capacity
  const deadline = form.signupDeadline?.getTime()
  if (deadline !== undefined && starts !== undefined && deadline > starts) e.signupDeadline = m.deadlineAfterStart
  return e
}

/** Hours rounded up to the half hour, at least 0.5 and at most 24. */
export function roundUpToHalfHour(ms: number): number {
  return Math.min(24, Math.max(0.5, Math.ceil(ms / (HOUR / 2)) / 2))
}

/**
 * The hours an attendee gets unless staff give others: check-in to check-out (or to the end when
 * not checked out), rounded up to the half hour. Someone who did not check in (staff mark them)
 * gets the length of the activity.
 */
export function defaultHours(activity: Activity, signup: ActivitySignup): number {
  const ends = new Date(activity.endsAt).getTime()
  if (!signup.checkedInAt) return roundUpToHalfHour(ends - new Date(activity.startsAt).getTime())
  const out = signup.checkedOutAt ? new Date(signup.checkedOutAt).getTime() : ends
  return roundUpToHalfHour(out - new Date(signup.checkedInAt).getTime())
}

/** The most hours staff may give: the checked time when the volunteer checked in and out, else 24. */
export function maxHours(signup: ActivitySignup): number {
  if (!signup.checkedInAt || !signup.checkedOutAt) return 24
  return roundUpToHalfHour(new Date(signup.checkedOutAt).getTime() - new Date(signup.checkedInAt).getTime())
}

export type ActivityPhase = 'signup' | 'running' | 'ended' | 'completed'

/** Where an activity stands for staff: taking sign-ups, under way, over but not completed, completed. */
export function activityPhase(activity: Activity, now = Date.now()): ActivityPhase {
  if (activity.status === 'COMPLETED') return 'completed'
  if (now < new Date(activity.startsAt).getTime()) return 'signup'
  return now < new Date(activity.endsAt).getTime() ? 'running' : 'ended'
}
