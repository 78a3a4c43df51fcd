// Test data for the browser tests, made through the public API exactly as the Java end-to-end
// tests do (platform/local-stack/.../District.java): the development admin creates a
// centre/institute/station tree, a leader and a member become volunteers, sign in again, and
// the admin creates a team at the station with the member in it. Events reach the other
// services asynchronously, so the set-up places a warm-up order and walks it through until the
// platform dispatches to the team and accepts its members.
import { randomInt, randomUUID } from 'node:crypto'
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test'

export const ADMIN_PHONE = '13800000000'
export const ADMIN_PASSWORD = 'Admin@12345'
export const PASSWORD = 'Volunteer@2024'
const EVENTUALLY_MS = 60_000

export interface Person {
  id: string
  phone: string
  name: string
  token: string
  /** A volunteer's real name: the name the team lists. */
  realName?: string
}

export interface Order {
  id: string
  title: string
  status: string
  teamId: string | null
  volunteers: string[]
}

export function baseUrl(): string {
  return process.env.BASE_URL ?? 'http://localhost:8080'
}

/** 11 digits starting with 1, unique per run: 1 + 6 digits of the clock and chance + 4-digit suffix. */
export function phonePrefix(): string {
  const n = (Date.now() + randomInt(1_000_000)) % 1_000_000
  return `1${String(n).padStart(6, '0')}`
}

/** A short tag that keeps the names of one run's org units apart from every other run's. */
function runTag(): string {
  return String(((Date.now() / 1000) | 0) % 100_000).padStart(5, '0') + String(randomInt(100))
}

async function json<T>(response: APIResponse, expected: number, what: string): Promise<T> {
  if (response.status() !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${response.status()} ${await response.text()}`)
  }
  return (await response.json()) as T
}

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + EVENTUALLY_MS
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await attempt()
      if (value !== undefined) return value
    } catch (e) {
      last = e
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${what} did not happen within ${EVENTUALLY_MS / 1000} s${last ? `: ${String(last)}` : ''}`)
}

export class Api {
  constructor(readonly http: APIRequestContext) {}

  static async create(): Promise<Api> {
    return new Api(await playwrightRequest.newContext({ baseURL: baseUrl() }))
  }

  private headers(token?: string, extra: Record<string, string> = {}) {
    return { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra }
  }

  post(path: string, token: string | undefined, data: unknown, extra: Record<string, string> = {}) {
    return this.http.post(path, { headers: this.headers(token, extra), data })
  }

  get(path: string, token?: string) {
    return this.http.get(path, { headers: this.headers(token) })
  }

  delete(path: string, token?: string) {
    return this.http.delete(path, { headers: this.headers(token) })
  }

  async login(phone: string, password = PASSWORD): Promise<{ token: string; id: string; name: string }> {
    const body = await json<{ accessToken: string; user: { id: string; name: string } }>(
      await this.post('/api/auth/login', undefined, { phone, password }),
      200,
      `login ${phone}`,
    )
    return { token: body.accessToken, id: body.user.id, name: body.user.name }
  }

  async register(phone: string, name: string): Promise<string> {
    const body = await json<{ id: string }>(
      await this.post('/api/auth/register', undefined, { phone, password: PASSWORD, name }),
      201,
      `register ${phone}`,
    )
    return body.id
  }

  async order(id: string, token: string): Promise<Order> {
    return json<Order>(await this.get(`/api/orders/${id}`, token), 200, `read order ${id}`)
  }

  async myOrders(token: string): Promise<Order[]> {
    const page = await json<{ items: Order[] }>(await this.get('/api/orders?mine=true&size=100', token), 200, 'my orders')
    return page.items
  }

  async dispose() {
    await this.http.dispose()
  }
}

export interface Activity {
  id: string
  title: string
  startsAt: string
  status: string
}

export class District {
  adminToken = ''
  centre = { id: '', name: '' }
  institute = { id: '', name: '' }
  station = { id: '', name: '' }
  teamId = ''
  teamName = ''
  leader!: Person
  member!: Person

  private constructor(
    readonly api: Api,
    readonly prefix: string,
  ) {}

  phone(suffix: string): string {
    return this.prefix + suffix
  }

  static async setUp(api: Api, place = '御河'): Promise<District> {
    const d = new District(api, phonePrefix())
    const tag = runTag()
    d.adminToken = (await api.login(ADMIN_PHONE, ADMIN_PASSWORD)).token
    d.centre = await d.orgUnit(`${place}${tag}区新时代文明实践中心`, 'CENTRE', null)
    d.institute = await d.orgUnit(`${place}${tag}街道新时代文明实践所`, 'INSTITUTE', d.centre.id)
    d.station = await d.orgUnit(`${place}${tag}社区新时代文明实践站`, 'STATION', d.institute.id)

    const leaderId = await api.register(d.phone('0001'), '王队长')
    const memberId = await api.register(d.phone('0002'), '李志愿')
    await d.becomeVolunteer('0001', '王建国')
    await d.becomeVolunteer('0002', '李晓红')
    const leader = await api.login(d.phone('0001'))
    const member = await api.login(d.phone('0002'))
    d.leader = { id: leaderId, phone: d.phone('0001'), name: '王队长', token: leader.token, realName: '王建国' }
    d.member = { id: memberId, phone: d.phone('0002'), name: '李志愿', token: member.token, realName: '李晓红' }

    d.teamName = `${place}${tag}社区助老志愿服务分队`
    const team = await json<{ id: string }>(
      await api.post('/api/teams', d.adminToken, {
        name: d.teamName,
        level: 'DETACHMENT',
        orgUnitId: d.station.id,
        categories: ['ELDERLY'],
        capacity: 3,
        leaderId,
      }),
      201,
      'create team',
    )
    d.teamId = team.id
    await json(await api.post(`/api/teams/${d.teamId}/members`, d.leader.token, { userId: memberId }), 201, 'add member')
    await d.warmUp()
    return d
  }

  private async orgUnit(name: string, level: string, parentId: string | null) {
    const unit = await json<{ id: string }>(
      await this.api.post('/api/org-units', this.adminToken, { name, level, parentId }),
      201,
      `create ${level}`,
    )
    return { id: unit.id, name }
  }

  private async becomeVolunteer(suffix: string, realName: string) {
    const { token } = await this.api.login(this.phone(suffix))
    await json(
      await this.api.post('/api/volunteers', token, { realName, skills: ['助老', '陪诊'], stationId: this.station.id }),
      201,
      `volunteer ${suffix}`,
    )
  }

  /** Someone who registers as `name` and becomes a volunteer of the station as `realName`. */
  async volunteer(suffix: string, name: string, realName: string): Promise<Person> {
    const id = await this.api.register(this.phone(suffix), name)
    await this.becomeVolunteer(suffix, realName)
    const { token } = await this.api.login(this.phone(suffix))
    return { id, phone: this.phone(suffix), name, token, realName }
  }

  /** A resident registered through the API (the browser tests register their own through the UI). */
  async resident(suffix: string, name: string): Promise<Person> {
    const id = await this.api.register(this.phone(suffix), name)
    const { token } = await this.api.login(this.phone(suffix))
    return { id, phone: this.phone(suffix), name, token }
  }

  orderBody(title: string) {
    return {
      category: 'ELDERLY',
      title,
      description: '老人腿脚不便，每周需要一次上门帮助',
      stationId: this.station.id,
      address: '平城区御河东路12号3单元201',
      contactPhone: '13912345678',
    }
  }

  /** Places an order as `resident`, retrying until order-service knows the station. */
  async placeOrder(resident: Person, title: string): Promise<Order> {
    return eventually('placing an order', async () => {
      const response = await this.api.post('/api/orders', resident.token, this.orderBody(title), {
        'Idempotency-Key': randomUUID(),
      })
      return response.status() === 201 ? ((await response.json()) as Order) : undefined
    })
  }

  async awaitDispatched(orderId: string, token: string): Promise<Order> {
    return eventually(`order ${orderId} dispatched to the team`, async () => {
      const order = await this.api.order(orderId, token)
      return order.status === 'DISPATCHED' && order.teamId === this.teamId ? order : undefined
    })
  }

  /** The order-service learns the team, its station and its member from events: wait for all three. */
  private async warmUp() {
    const resident = await this.resident('0009', '试单居民')
    const order = await this.placeOrder(resident, '预热订单：上门探访')
    await this.awaitDispatched(order.id, resident.token)
    await eventually('the member known to order-service', async () => {
      const response = await this.api.post(`/api/orders/${order.id}/accept`, this.leader.token, {
        volunteerIds: [this.leader.id, this.member.id],
      })
      return response.status() === 200 ? true : undefined
    })
    await json(await this.api.post(`/api/orders/${order.id}/start`, this.leader.token, {}), 200, 'start warm-up')
    await json(
      await this.api.post(`/api/orders/${order.id}/complete`, this.leader.token, {
        summary: '预热完成',
        hours: [
          { volunteerId: this.leader.id, hours: 1 },
          { volunteerId: this.member.id, hours: 1 },
        ],
      }),
      200,
      'complete warm-up',
    )
  }

  /** Staff review (here the admin's): with the resident's rating the order becomes EVALUATED. */
  async staffEvaluate(orderId: string, rating = 4) {
    return json<Order>(
      await this.api.post(`/api/orders/${orderId}/evaluations`, this.adminToken, { rating, comment: '按时完成，记录完整' }),
      200,
      'staff evaluation',
    )
  }

  /** The admin credits points, retrying until points-service knows the person. */
  async credit(userId: string, amount: number) {
    await eventually('crediting points', async () => {
      const response = await this.api.post('/api/points/adjustments', this.adminToken, {
        userId,
        amount,
        reason: '测试积分',
      })
      return response.status() === 201 ? true : undefined
    })
  }

  /** The admin stocks an item in the station's store, retrying until points-service knows the station. */
  async stockItem(name: string, pointsCost: number, stock = 5): Promise<string> {
    return eventually('stocking the store', async () => {
      const response = await this.api.post('/api/store/items', this.adminToken, {
        name,
        description: '可重复使用的帆布袋',
        pointsCost,
        stock,
        stationId: this.station.id,
      })
      return response.status() === 201 ? ((await response.json()) as { id: string }).id : undefined
    })
  }

  /** 活动: the admin publishes an activity of the station, starting `startsInMs` from now. */
  async publishActivity(title: string, startsInMs: number, capacity: number, lengthMs = 3600_000): Promise<Activity> {
    const startsAt = Date.now() + startsInMs
    return json<Activity>(
      await this.api.post('/api/activities', this.adminToken, {
        title,
        description: '请穿志愿者马甲，自带饮用水',
        category: 'ENVIRONMENT',
        orgUnitId: this.station.id,
        place: '御河公园东门广场',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + lengthMs).toISOString(),
        capacity,
      }),
      201,
      'publish activity',
    )
  }

  async signUp(person: Person, activityId: string): Promise<{ status: string; position: number | null }> {
    return json<{ status: string; position: number | null }>(await this.api.post(`/api/activities/${activityId}/signups`, person.token, undefined), 201, `sign up ${person.phone}`)
  }

  /** The code staff (here the admin) show at the venue. */
  async checkInCode(activityId: string): Promise<string> {
    const body = await json<{ code: string }>(
      await this.api.get(`/api/activities/${activityId}/check-in-code`, this.adminToken),
      200,
      'check-in code',
    )
    return body.code
  }

  async checkIn(person: Person, activityId: string, type: 'IN' | 'OUT') {
    const code = await this.checkInCode(activityId)
    return json<{ type: string; at: string }>(await this.api.post(`/api/activities/${activityId}/check-ins`, person.token, { code, type }), 201, `check ${type}`)
  }
}
