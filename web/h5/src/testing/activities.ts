// Object mothers for the activity tests: an activity of a station starting 2026-12-05 09:00 in
// Beijing (3 hours, 3 places, sign-up until an hour before), and one of my sign-ups of it.
import type { Activity, MySignup } from '@/api/types'

export const HOUR = 3600_000
export const STARTS = Date.parse('2026-12-05T01:00:00Z')

export function activity(overrides: Partial<Activity> = {}): Activity {
  return {
    id: 'a1',
    title: '御河公园环境整治',
    description: '清理河岸垃圾',
    category: 'ENVIRONMENT',
    orgUnitId: 's1',
    orgUnitName: '御河社区新时代文明实践站',
    place: '御河公园东门',
    startsAt: new Date(STARTS).toISOString(),
    endsAt: new Date(STARTS + 3 * HOUR).toISOString(),
    capacity: 3,
    signupDeadline: new Date(STARTS - HOUR).toISOString(),
    status: 'PUBLISHED',
    confirmed: 1,
    waitlisted: 0,
    createdAt: '2026-12-01T00:00:00Z',
    completedAt: null,
    ...overrides,
  }
}

export function mySignup(overrides: Partial<MySignup> = {}, of: Partial<Activity> = {}): MySignup {
  return {
    activity: activity(of),
    status: 'CONFIRMED',
    position: null,
    signedUpAt: '2026-12-02T00:00:00Z',
    checkedInAt: null,
    checkedOutAt: null,
    hours: null,
    ...overrides,
  }
}
