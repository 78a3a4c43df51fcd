import { describe, expect, it } from 'vitest'
import type { Activity, ActivitySignup } from '@/api/types'
import { activityPhase, defaultHours, maxHours, roundUpToHalfHour, validateActivity, type ActivityForm } from './activities'

const HOUR = 3600_000
const now = Date.parse('2026-12-04T02:00:00Z')
const at = (hoursFromNow: number) => new Date(now + hoursFromNow * HOUR)

function form(overrides: Partial<ActivityForm> = {}): ActivityForm {
  return {
    title: '御河公园环境整治',
    description: '清理河岸垃圾',
    category: 'ENVIRONMENT',
    orgUnitId: 's1',
    place: '御河公园东门',
    startsAt: at(24),
    endsAt: at(27),
    capacity: 20,
    signupDeadline: null,
    ...overrides,
  }
}

const activity: Activity = {
  id: 'a1',
  title: '御河公园环境整治',
  description: null,
  category: 'ENVIRONMENT',
  orgUnitId: 's1',
  orgUnitName: '御河社区站',
  place: '御河公园东门',
  startsAt: '2026-12-05T01:00:00Z',
  endsAt: '2026-12-05T04:00:00Z',
  capacity: 3,
  signupDeadline: '2026-12-05T01:00:00Z',
  status: 'PUBLISHED',
  confirmed: 3,
  waitlisted: 0,
  createdAt: '2026-12-01T00:00:00Z',
  completedAt: null,
}

function signup(checkedInAt: string | null, checkedOutAt: string | null = null): ActivitySignup {
  return {
    userId: 'v1',
    name: '李晓红',
    volunteerNo: 'V0001',
    phone: '138****0002',
    status: 'CONFIRMED',
    position: null,
    signedUpAt: '2026-12-02T00:00:00Z',
    checkedInAt,
    checkedOutAt,
    hours: null,
  }
}

describe('the publish form', () => {
  it('accepts a complete form', () => {
    expect(validateActivity(form(), now)).toEqual({})
  })

  it('names every field that is missing, in Chinese', () => {
    const errors = validateActivity(
      form({ title: ' ', category: '', orgUnitId: '', place: '', startsAt: null, endsAt: null, capacity: undefined }),
      now,
    )
    expect(errors).toEqual({
      title: '请填写活动名称',
      category: '请选择活动类别',
      orgUnitId: '请选择举办单位',
      place: '请填写活动地点',
      startsAt: '请选择开始时间',
      endsAt: '请选择结束时间',
      capacity: '名额须为 1 到 10000 的整数',
    })
  })

  it('keeps titles, places and descriptions within their lengths, a title on one line', () => {
    expect(validateActivity(form({ title: '文'.repeat(100) }), now)).toEqual({})
    expect(validateActivity(form({ title: '文'.repeat(101) }), now).title).toBe('活动名称不能超过 100 个字')
    expect(validateActivity(form({ title: '第一行\n第二行' }), now).title).toBe('活动名称只能写一行')
    expect(validateActivity(form({ place: '地'.repeat(201) }), now).place).toBe('活动地点不能超过 200 个字')
    expect(validateActivity(form({ description: '介'.repeat(2001) }), now).description).toBe('活动介绍不能超过 2000 个字')
  })

  it('starts in the future within a year, ends after the start within 24 hours, closes sign-up by the start', () => {
    expect(validateActivity(form({ startsAt: at(-1) }), now).startsAt).toBe('开始时间须晚于现在')
    expect(validateActivity(form({ startsAt: at(367 * 24), endsAt: at(367 * 24 + 1) }), now).startsAt).toBe('开始时间不能超过一年以后')
    expect(validateActivity(form({ endsAt: at(24) }), now).endsAt).toBe('结束时间须晚于开始时间')
    expect(validateActivity(form({ endsAt: at(48) }), now)).toEqual({})
    expect(validateActivity(form({ endsAt: at(48.01) }), now).endsAt).toBe('活动时长不能超过 24 小时')
    expect(validateActivity(form({ signupDeadline: at(25) }), now).signupDeadline).toBe('报名截止时间不能晚于开始时间')
    expect(validateActivity(form({ signupDeadline: at(24) }), now)).toEqual({})
  })

  it('takes whole numbers of places from 1 to 10000', () => {
    expect(validateActivity(form({ capacity: 0 }), now).capacity).toBeDefined()
    expect(validateActivity(form({ capacity: 10001 }), now).capacity).toBeDefined()
    expect(validateActivity(form({ capacity: 2.5 }), now).capacity).toBeDefined()
    expect(validateActivity(form({ capacity: 10000 }), now)).toEqual({})
  })
})

describe('hours at completion', () => {
  it('round up to the half hour, at least half an hour and at most 24', () => {
    expect(roundUpToHalfHour(1)).toBe(0.5)
    expect(roundUpToHalfHour(HOUR)).toBe(1)
    expect(roundUpToHalfHour(HOUR + 1)).toBe(1.5)
    expect(roundUpToHalfHour(30 * HOUR)).toBe(24)
  })

  it('default to check-in to check-out, or to the end without a check-out, or the whole activity without a check-in', () => {
    expect(defaultHours(activity, signup('2026-12-05T00:50:00Z', '2026-12-05T03:10:00Z'))).toBe(2.5)
    expect(defaultHours(activity, signup('2026-12-05T01:20:00Z'))).toBe(3)
    expect(defaultHours(activity, signup(null))).toBe(3)
  })

  it('may not exceed the checked time of someone who checked in and out', () => {
    expect(maxHours(signup('2026-12-05T00:50:00Z', '2026-12-05T03:10:00Z'))).toBe(2.5)
    expect(maxHours(signup('2026-12-05T00:50:00Z'))).toBe(24)
    expect(maxHours(signup(null))).toBe(24)
  })
})

describe('where an activity stands', () => {
  it('takes sign-ups before the start, runs until the end, then waits to be completed', () => {
    expect(activityPhase(activity, Date.parse('2026-12-05T00:59:00Z'))).toBe('signup')
    expect(activityPhase(activity, Date.parse('2026-12-05T01:00:00Z'))).toBe('running')
    expect(activityPhase(activity, Date.parse('2026-12-05T04:00:00Z'))).toBe('ended')
    expect(activityPhase({ ...activity, status: 'COMPLETED' }, Date.parse('2026-12-05T04:00:00Z'))).toBe('completed')
  })
})
