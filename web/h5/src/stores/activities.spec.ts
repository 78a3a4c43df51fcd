import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Activity, MySignup } from '@/api/types'
import { useActivitiesStore } from './activities'
import { activity, mySignup } from '@/testing/activities'

const answer = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  })

const page = <T>(items: T[]) => ({ items, page: 0, size: 50, totalItems: items.length })

const mine = (a: Activity, status: MySignup['status'], position: number | null = null) => mySignup({ status, position }, a)

/** A volunteer's session as the app keeps it, read when the stores start. */
function signedInAs(id: string) {
  localStorage.setItem(
    'civic.h5.session',
    JSON.stringify({ token: 'token', expiresAt: Date.now() + 3600_000, user: { id, name: '李志愿', roles: ['RESIDENT', 'VOLUNTEER'] } }),
  )
}

const now = Date.parse('2026-12-04T00:00:00Z')
const calls = () => vi.mocked(fetch).mock.calls.map(([url, init]) => `${(init as RequestInit).method} ${String(url)}`)

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  vi.stubGlobal('fetch', vi.fn())
  signedInAs('v1')
})
afterEach(() => vi.unstubAllGlobals())

describe('activities store', () => {
  it('lists the chosen unit’s activities without a token, soonest first, leaving out those that ended', async () => {
    const ended = activity({ id: 'old', endsAt: '2026-12-03T23:00:00Z', startsAt: '2026-12-03T20:00:00Z' })
    vi.mocked(fetch).mockResolvedValueOnce(answer(page([ended, activity()])))
    const activities = useActivitiesStore()
    activities.chooseUnit('institute-1')
    await activities.loadList(now)

    const [url, init] = vi.mocked(fetch).mock.calls[0]
    const query = new URL(String(url), 'http://h5').searchParams
    expect(query.get('orgUnitId')).toBe('institute-1')
    expect(query.get('from')).toBe('2026-12-03T00:00:00.000Z')
    expect(new Headers((init as RequestInit).headers).get('Authorization')).toBe('Bearer token')
    expect(activities.list.map((a) => a.id)).toEqual(['a1'])
    expect(localStorage.getItem('civic.h5.activityUnitId')).toBe('institute-1')

    activities.chooseUnit(null)
    vi.mocked(fetch).mockResolvedValueOnce(answer(page([activity()])))
    await activities.loadList(now)
    expect(new URL(String(vi.mocked(fetch).mock.calls[1][0]), 'http://h5').searchParams.has('orgUnitId')).toBe(false)
  })

  it('signs up beyond capacity into the waitlist and shows the counts the service now has', async () => {
    const full = activity({ confirmed: 3, waitlisted: 1 })
    vi.mocked(fetch)
      .mockResolvedValueOnce(answer({ activityId: 'a1', userId: 'v1', status: 'WAITLISTED', position: 2 }, 201))
      .mockResolvedValueOnce(answer({ ...full, waitlisted: 2 }))
      .mockResolvedValueOnce(answer(page([mine({ ...full, waitlisted: 2 }, 'WAITLISTED', 2)])))
    const activities = useActivitiesStore()
    const signup = await activities.signUp('a1')

    expect(signup).toMatchObject({ status: 'WAITLISTED', position: 2 })
    expect(calls()).toEqual(['POST /api/activities/a1/signups', 'GET /api/activities/a1', 'GET /api/activities/signups/me?page=0&size=50'])
    expect(activities.byId.get('a1')?.waitlisted).toBe(2)
    expect(activities.mineByActivity.get('a1')).toMatchObject({ status: 'WAITLISTED', position: 2 })
  })

  it('says in words why a second sign-up was refused', async () => {
    vi.mocked(fetch).mockResolvedValueOnce(answer({ status: 409, detail: '您已报名该活动' }, 409))
    await expect(useActivitiesStore().signUp('a1')).rejects.toThrow('您已报名该活动')
  })

  it('notices a volunteer moved up from the waitlist until they have looked at it', async () => {
    const a = activity()
    vi.mocked(fetch).mockResolvedValueOnce(answer(page([mine(a, 'WAITLISTED', 1)])))
    const activities = useActivitiesStore()
    await activities.loadMine()
    expect(activities.promoted.has('a1')).toBe(false)

    // someone cancelled: the next read finds the sign-up confirmed
    vi.mocked(fetch).mockResolvedValueOnce(answer(page([mine(a, 'CONFIRMED')])))
    await activities.loadMine()
    expect(activities.promoted.has('a1')).toBe(true)

    // still noted after a reload of the page, until acknowledged
    setActivePinia(createPinia())
    const again = useActivitiesStore()
    vi.mocked(fetch).mockResolvedValueOnce(answer(page([mine(a, 'CONFIRMED')])))
    await again.loadMine()
    expect(again.promoted.has('a1')).toBe(true)
    again.acknowledge('a1')
    vi.mocked(fetch).mockResolvedValueOnce(answer(page([mine(a, 'CONFIRMED')])))
    await again.loadMine()
    expect(again.promoted.has('a1')).toBe(false)
  })

  it('cancels, and checks in with the typed code', async () => {
    const a = activity()
    vi.mocked(fetch)
      .mockResolvedValueOnce(answer(null, 204))
      .mockResolvedValueOnce(answer({ ...a, confirmed: 0 }))
      .mockResolvedValueOnce(answer(page([mine(a, 'CANCELLED')])))
    const activities = useActivitiesStore()
    await activities.cancel('a1')
    expect(calls()[0]).toBe('DELETE /api/activities/a1/signups/me')
    expect(activities.mineByActivity.get('a1')?.status).toBe('CANCELLED')

    vi.mocked(fetch)
      .mockResolvedValueOnce(answer({ type: 'IN', at: '2026-12-05T00:30:00Z' }, 201))
      .mockResolvedValueOnce(answer(page([{ ...mine(a, 'CONFIRMED'), checkedInAt: '2026-12-05T00:30:00Z' }])))
    await activities.checkIn('a1', 'ABCD2345', 'IN')
    const [url, init] = vi.mocked(fetch).mock.calls[3]
    expect(String(url)).toBe('/api/activities/a1/check-ins')
    expect(JSON.parse(String((init as RequestInit).body))).toEqual({ code: 'ABCD2345', type: 'IN' })
    expect(activities.mineByActivity.get('a1')?.checkedInAt).toBe('2026-12-05T00:30:00Z')
  })
})
