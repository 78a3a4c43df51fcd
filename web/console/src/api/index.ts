// The one place that knows the API's paths. Components, stores and composables call these functions.
import { request, requestFile } from './http'
import type {
  AppealDecisionRequest,
  Account,
  Activity,
  ActivityCheckInCode,
  ActivityQuery,
  ActivitySignup,
  Attendance,
  AttendanceType,
  CompleteActivityRequest,
  AdjustmentRequest,
  Category,
  Grant,
  GrantRequest,
  LedgerCheck,
  LoginRequest,
  LoginResponse,
  Me,
  NewItemRequest,
  NewOrgUnit,
  NewTeamRequest,
  Order,
  OrderQuery,
  OrderStats,
  OrgUnit,
  Page,
  PointRules,
  PointRulesRequest,
  PointStats,
  PointsAccount,
  PointsEntry,
  PublishActivityRequest,
  Redemption,
  RedemptionQuery,
  ServiceRecord,
  StaffEvaluationRequest,
  StationDispatchMode,
  StationDispatchModeRequest,
  StatsQuery,
  StoreItem,
  Team,
  TeamQuery,
  Uuid,
  Volunteer,
  VolunteerListItem,
  VolunteerQuery,
  Wish,
  WishQuery,
} from './types'

export { ApiError, messageOf } from './http'
export type { Download } from './http'
export type * from './types'

const id = encodeURIComponent

export const authApi = {
  login: (body: LoginRequest) =>
    request<LoginResponse>('POST', '/api/auth/login', { body, anonymous: true, login: true }),
  me: () => request<Me>('GET', '/api/me'),
}

export const orgApi = {
  units: () => request<OrgUnit[]>('GET', '/api/org-units'),
  create: (body: NewOrgUnit) => request<OrgUnit>('POST', '/api/org-units', { body }),
  grantStaff: (body: GrantRequest) => request<Grant>('POST', '/api/staff', { body }),
}

export const userApi = {
  /** ADMIN: the account with exactly this phone; 404 when there is none. */
  byPhone: (phone: string) => request<Account>('GET', '/api/users', { query: { phone } }),
}

export const volunteerApi = {
  find: (query: VolunteerQuery) => request<Page<VolunteerListItem>>('GET', '/api/volunteers', { query: { ...query } }),
  get: (userId: Uuid) => request<Volunteer>('GET', `/api/volunteers/${id(userId)}`),
  serviceRecords: (userId: Uuid, page = 0, size = 20) =>
    request<Page<ServiceRecord>>('GET', `/api/volunteers/${id(userId)}/service-records`, { query: { page, size } }),
}

export const teamApi = {
  list: (query: TeamQuery) => request<Page<Team>>('GET', '/api/teams', { query: { size: 100, ...query } }),
  get: (teamId: Uuid) => request<Team>('GET', `/api/teams/${id(teamId)}`),
  create: (body: NewTeamRequest) => request<Team>('POST', '/api/teams', { body }),
  addMember: (teamId: Uuid, userId: Uuid) =>
    request<Team>('POST', `/api/teams/${id(teamId)}/members`, { body: { userId } }),
  removeMember: (teamId: Uuid, userId: Uuid) =>
    request<Team>('DELETE', `/api/teams/${id(teamId)}/members/${id(userId)}`),
}

export const catalogApi = {
  list: () => request<Category[]>('GET', '/api/catalog'),
}

export const orderApi = {
  get: (orderId: Uuid) => request<Order>('GET', `/api/orders/${id(orderId)}`),
  list: (query: OrderQuery) => request<Page<Order>>('GET', '/api/orders', { query: { ...query } }),
  dispatch: (orderId: Uuid, teamId: Uuid) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/dispatch`, { body: { teamId } }),
  review: (orderId: Uuid, body: StaffEvaluationRequest) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/evaluations`, { body }),
  urge: (orderId: Uuid, note: string) => request<Order>('POST', `/api/orders/${id(orderId)}/urge`, { body: { note } }),
  decideAppeal: (orderId: Uuid, body: AppealDecisionRequest) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/appeal/decision`, { body }),
  export: (query: StatsQuery) =>
    requestFile(
      '/api/orders/export',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      { query: { ...query, format: 'xlsx' } },
    ),
}

export const photoApi = {
  /** A photo or thumbnail by the address the order gives for it (it needs the token: no plain <img src>). */
  image: async (address: string) => (await requestFile(address, 'image/*', { timeoutMs: 30_000 })).blob,
}

/** 抢单: a station's dispatch mode. */
export const dispatchApi = {
  mode: (stationId: Uuid) => request<StationDispatchMode>('GET', `/api/dispatch/stations/${id(stationId)}`),
  setMode: (stationId: Uuid, body: StationDispatchModeRequest) =>
    request<StationDispatchMode>('PUT', `/api/dispatch/stations/${id(stationId)}`, { body }),
}

/** 心愿墙. */
export const wishApi = {
  list: (query: WishQuery) => request<Page<Wish>>('GET', '/api/wishes', { query: { size: 50, ...query } }),
  close: (wishId: Uuid, reason: string) =>
    request<Wish>('POST', `/api/wishes/${id(wishId)}/close`, { body: { reason } }),
}

/** 活动: publish, the sign-up list, the check-in code shown at the venue, attendance, completion. */
export const activityApi = {
  list: (query: ActivityQuery) => request<Page<Activity>>('GET', '/api/activities', { query: { size: 100, ...query } }),
  get: (activityId: Uuid) => request<Activity>('GET', `/api/activities/${id(activityId)}`),
  publish: (body: PublishActivityRequest) => request<Activity>('POST', '/api/activities', { body }),
  signups: (activityId: Uuid) => request<ActivitySignup[]>('GET', `/api/activities/${id(activityId)}/signups`),
  checkInCode: (activityId: Uuid) =>
    request<ActivityCheckInCode>('GET', `/api/activities/${id(activityId)}/check-in-code`),
  attendance: (activityId: Uuid, userId: Uuid, type: AttendanceType) =>
    request<Attendance>('POST', `/api/activities/${id(activityId)}/attendance`, { body: { userId, type } }),
  complete: (activityId: Uuid, body: CompleteActivityRequest) =>
    request<Activity>('POST', `/api/activities/${id(activityId)}/complete`, { body }),
}

export const statsApi = {
  orders: (query: StatsQuery) => request<OrderStats>('GET', '/api/stats/orders', { query: { ...query } }),
  points: (query: StatsQuery) => request<PointStats>('GET', '/api/stats/points', { query: { ...query } }),
}

export const pointsApi = {
  account: (userId: Uuid) => request<PointsAccount>('GET', `/api/points/accounts/${id(userId)}`),
  entries: (userId: Uuid, page = 0, size = 20) =>
    request<Page<PointsEntry>>('GET', `/api/points/accounts/${id(userId)}/entries`, { query: { page, size } }),
  adjust: (body: AdjustmentRequest) => request<PointsEntry>('POST', '/api/points/adjustments', { body }),
  reverse: (transactionId: Uuid, reason: string) =>
    request<PointsEntry>('POST', `/api/points/transactions/${id(transactionId)}/reverse`, { body: { reason } }),
  ledgerCheck: () => request<LedgerCheck>('GET', '/api/points/ledger/check'),
  rules: () => request<PointRules>('GET', '/api/points/rules'),
  updateRules: (body: PointRulesRequest) => request<PointRules>('PUT', '/api/points/rules', { body }),
}

export const storeApi = {
  items: (stationId: Uuid) => request<StoreItem[]>('GET', '/api/store/items', { query: { stationId } }),
  createItem: (body: NewItemRequest) => request<StoreItem>('POST', '/api/store/items', { body }),
  restock: (itemId: Uuid, quantity: number) =>
    request<StoreItem>('POST', `/api/store/items/${id(itemId)}/restock`, { body: { quantity } }),
  deactivate: (itemId: Uuid) => request<StoreItem>('POST', `/api/store/items/${id(itemId)}/deactivate`),
  activate: (itemId: Uuid) => request<StoreItem>('POST', `/api/store/items/${id(itemId)}/activate`),
  redemptions: (query: RedemptionQuery) =>
    request<Page<Redemption>>('GET', '/api/store/redemptions', { query: { size: 100, ...query } }),
  fulfil: (redemptionId: Uuid, pickupCode: string) =>
    request<Redemption>('POST', `/api/store/redemptions/${id(redemptionId)}/fulfil`, { body: { pickupCode } }),
}

/** The live stream's address; the reader (src/api/sse.ts) sends the token as a header. */
export const EVENTS_STREAM_PATH = '/api/events/stream'
