// The one place that knows the API's paths. Components and stores call these functions.
import { request } from './http'
import type {
  Account,
  Activity,
  ActivityCheckIn,
  ActivityQuery,
  AppealRequest,
  BecomeVolunteerRequest,
  Category,
  CheckIn,
  CheckInCode,
  CheckInType,
  ClaimRequest,
  CompleteRequest,
  LeaderboardPeriod,
  LeaderboardRow,
  LoginRequest,
  LoginResponse,
  Me,
  MySignup,
  Order,
  OrderQuery,
  OrgUnit,
  Page,
  PlaceOrderRequest,
  PointsAccount,
  PointsEntry,
  PoolOrder,
  PostWishRequest,
  RedeemRequest,
  Redemption,
  RegisterRequest,
  ResidentEvaluationRequest,
  ServiceRecord,
  Signup,
  StoreItem,
  Team,
  UploadedPhoto,
  Uuid,
  Volunteer,
  Wish,
  WishQuery,
} from './types'

export { ApiError, messageOf } from './http'
export type * from './types'

const id = encodeURIComponent

export const authApi = {
  register: (body: RegisterRequest) => request<Account>('POST', '/api/auth/register', { body, anonymous: true }),
  login: (body: LoginRequest) =>
    request<LoginResponse>('POST', '/api/auth/login', { body, anonymous: true, login: true }),
  me: () => request<Me>('GET', '/api/me'),
}

export const orgApi = {
  units: () => request<OrgUnit[]>('GET', '/api/org-units'),
}

export const volunteerApi = {
  become: (body: BecomeVolunteerRequest) => request<Volunteer>('POST', '/api/volunteers', { body }),
  get: (userId: Uuid) => request<Volunteer>('GET', `/api/volunteers/${id(userId)}`),
  serviceRecords: (userId: Uuid, page = 0, size = 20) =>
    request<Page<ServiceRecord>>('GET', `/api/volunteers/${id(userId)}/service-records`, { query: { page, size } }),
}

export const certificateApi = {
  /** 志愿服务证明 of the service records from `from` to `to` (yyyy-MM-dd), as a PDF. */
  pdf: (userId: Uuid, from: string, to: string) =>
    request<Blob>('GET', `/api/volunteers/${id(userId)}/certificate.pdf`, {
      query: { from, to },
      blob: true,
      accept: 'application/pdf',
      timeoutMs: 60_000,
    }),
}

export const teamApi = {
  get: (teamId: Uuid) => request<Team>('GET', `/api/teams/${id(teamId)}`),
}

export const catalogApi = {
  list: () => request<Category[]>('GET', '/api/catalog'),
}

export const orderApi = {
  place: (body: PlaceOrderRequest, idempotencyKey: string) =>
    request<Order>('POST', '/api/orders', { body, idempotencyKey }),
  get: (orderId: Uuid) => request<Order>('GET', `/api/orders/${id(orderId)}`),
  list: (query: OrderQuery) => request<Page<Order>>('GET', '/api/orders', { query: { ...query } }),
  cancel: (orderId: Uuid, reason?: string) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/cancel`, { body: reason ? { reason } : {} }),
  accept: (orderId: Uuid, volunteerIds: Uuid[]) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/accept`, { body: { volunteerIds } }),
  reject: (orderId: Uuid, reason: string) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/reject`, { body: { reason } }),
  start: (orderId: Uuid) => request<Order>('POST', `/api/orders/${id(orderId)}/start`, { body: {} }),
  complete: (orderId: Uuid, body: CompleteRequest) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/complete`, { body }),
  evaluate: (orderId: Uuid, body: ResidentEvaluationRequest) =>
    request<Order>('POST', `/api/orders/${id(orderId)}/evaluations`, { body }),
  appeal: (orderId: Uuid, body: AppealRequest) => request<Order>('POST', `/api/orders/${id(orderId)}/appeal`, { body }),
  checkInCode: (orderId: Uuid) => request<CheckInCode>('GET', `/api/orders/${id(orderId)}/check-in-code`),
  checkIn: (orderId: Uuid, code: string, type: CheckInType) =>
    request<CheckIn>('POST', `/api/orders/${id(orderId)}/check-ins`, { body: { code, type } }),
  uploadPhoto: (orderId: Uuid, file: Blob, fileName: string) => {
    const form = new FormData()
    form.append('file', file, fileName)
    return request<UploadedPhoto>('POST', `/api/orders/${id(orderId)}/photos`, { form, timeoutMs: 60_000 })
  },
  /** 抢单: the open orders the leader's teams may grab. */
  pool: (page = 0, size = 50) => request<Page<PoolOrder>>('GET', '/api/orders/pool', { query: { page, size } }),
  claim: (orderId: Uuid, body: ClaimRequest) => request<Order>('POST', `/api/orders/${id(orderId)}/claim`, { body }),
}

export const photoApi = {
  /** A photo or thumbnail by the address the order gives for it (it needs the token: no plain <img src>). */
  image: (address: string) => request<Blob>('GET', address, { blob: true }),
}

export const wishApi = {
  /** The wall needs no token; the phone is masked in it. */
  list: (query: WishQuery) => request<Page<Wish>>('GET', '/api/wishes', { query: { ...query } }),
  get: (wishId: Uuid) => request<Wish>('GET', `/api/wishes/${id(wishId)}`),
  post: (body: PostWishRequest) => request<Wish>('POST', '/api/wishes', { body }),
  claim: (wishId: Uuid, body: ClaimRequest) => request<Wish>('POST', `/api/wishes/${id(wishId)}/claim`, { body }),
  close: (wishId: Uuid, reason: string) =>
    request<Wish>('POST', `/api/wishes/${id(wishId)}/close`, { body: { reason } }),
}

/** 活动报名: the list and an activity need no token; signing up, cancelling and checking in do. */
export const activityApi = {
  list: (query: ActivityQuery) => request<Page<Activity>>('GET', '/api/activities', { query: { ...query } }),
  get: (activityId: Uuid) => request<Activity>('GET', `/api/activities/${id(activityId)}`),
  signUp: (activityId: Uuid) => request<Signup>('POST', `/api/activities/${id(activityId)}/signups`),
  cancel: (activityId: Uuid) => request<void>('DELETE', `/api/activities/${id(activityId)}/signups/me`),
  mine: (page = 0, size = 50) =>
    request<Page<MySignup>>('GET', '/api/activities/signups/me', { query: { page, size } }),
  checkIn: (activityId: Uuid, code: string, type: CheckInType) =>
    request<ActivityCheckIn>('POST', `/api/activities/${id(activityId)}/check-ins`, { body: { code, type } }),
}

export const pointsApi = {
  myAccount: () => request<PointsAccount>('GET', '/api/points/accounts/me'),
  myEntries: (page = 0, size = 20) =>
    request<Page<PointsEntry>>('GET', '/api/points/accounts/me/entries', { query: { page, size } }),
  leaderboard: (period: LeaderboardPeriod) =>
    request<LeaderboardRow[]>('GET', '/api/points/leaderboard', { query: { period } }),
}

export const storeApi = {
  items: (stationId: Uuid) => request<StoreItem[]>('GET', '/api/store/items', { query: { stationId } }),
  redeem: (body: RedeemRequest, idempotencyKey: string) =>
    request<Redemption>('POST', '/api/store/redemptions', { body, idempotencyKey }),
  myRedemptions: (page = 0, size = 50) =>
    request<Page<Redemption>>('GET', '/api/store/redemptions', { query: { mine: true, page, size } }),
  cancel: (redemptionId: Uuid) =>
    request<Redemption>('POST', `/api/store/redemptions/${id(redemptionId)}/cancel`, { body: {} }),
}

/** The live stream's address; the reader (src/api/sse.ts) sends the token as a header. */
export const EVENTS_STREAM_PATH = '/api/events/stream'
