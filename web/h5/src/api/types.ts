// The shapes of the public HTTP contract (shared API.md) that the H5 reads and sends.

export type Uuid = string
/** ISO-8601 with offset. */
export type Instant = string

export type Role = 'RESIDENT' | 'VOLUNTEER' | 'STAFF' | 'ADMIN'

export interface Page<T> {
  items: T[]
  page: number
  size: number
  totalItems: number
}

export interface Problem {
  type?: string
  title?: string
  status?: number
  detail?: string
  instance?: string
  errors?: { field: string; message: string }[]
}

// ---- accounts and org (volunteer-service)

export interface RegisterRequest {
  phone: string
  password: string
  name: string
}

export interface Account {
  id: Uuid
  phone: string
  name: string
  roles: Role[]
}

export interface LoginRequest {
  phone: string
  password: string
}

export interface LoginResponse {
  accessToken: string
  tokenType: string
  /** Seconds. */
  expiresIn: number
  user: { id: Uuid; name: string; roles: Role[] }
}

export interface Volunteer {
  userId: Uuid
  volunteerNo: string
  realName: string
  skills: string[]
  stationId: Uuid
  serviceHours?: number
  registeredAt?: Instant
}

export interface MyTeam {
  id: Uuid
  name: string
  leader: boolean
  active?: boolean
}

export interface Me {
  id: Uuid
  phone: string
  name: string
  roles: Role[]
  volunteer: Volunteer | null
  staffScopes: Uuid[]
  teams: MyTeam[]
}

export type OrgLevel = 'CENTRE' | 'INSTITUTE' | 'STATION'

export interface OrgUnit {
  id: Uuid
  name: string
  level: OrgLevel
  parentId: Uuid | null
}

export interface BecomeVolunteerRequest {
  realName: string
  skills: string[]
  stationId: Uuid
}

/** One service of a volunteer: an order's or an activity's (exactly one of the two ids is set). */
export interface ServiceRecord {
  orderId?: Uuid | null
  activityId?: Uuid | null
  teamId?: Uuid | null
  category: string
  /** What was done: the order's or the activity's title. */
  content?: string | null
  place?: string | null
  orgUnitId?: Uuid | null
  orgUnitName?: string | null
  /** yyyy-MM-dd. */
  servedOn?: string | null
  hours: number
  recordedAt: Instant
}

export interface TeamMember {
  userId: Uuid
  name: string
}

export interface Team {
  id: Uuid
  name: string
  level: string
  parentId: Uuid | null
  orgUnitId: Uuid
  categories: string[]
  capacity: number
  leaderId: Uuid
  members: TeamMember[]
  active: boolean
}

// ---- catalogue and orders (order-service)

export interface Category {
  code: string
  name: string
  description: string
  /** False for 微心愿 (WISH): it comes from the wish wall, not the order form. */
  orderable?: boolean
}

export type OrderStatus =
  | 'PLACED'
  | 'DISPATCHED'
  | 'UNASSIGNED'
  | 'ACCEPTED'
  | 'IN_SERVICE'
  | 'COMPLETED'
  | 'EVALUATED'
  | 'CANCELLED'

export interface Evaluation {
  by: 'RESIDENT' | 'STAFF'
  rating: number
  comment: string | null
  at?: Instant
  /** 代评: the helper recorded the rating for a neighbour without an account. */
  onBehalf?: boolean
}

/** 帮办: the neighbour an order was placed for; the phone is masked for those who may not call. */
export interface Beneficiary {
  name: string
  phone: string
  hasAccount: boolean
}

export type AppealStatus = 'OPEN' | 'UPHELD' | 'DISMISSED'

/** 申诉 and its decision. */
export interface Appeal {
  status: AppealStatus
  reason: string
  appealedBy: Uuid
  appealedAt: Instant
  decisionNote?: string | null
  decidedAt?: Instant | null
}

export interface HistoryEntry {
  status: OrderStatus
  /** What happened (PLACED, DISPATCHED, REJECTED, ACCEPTED, STARTED, ...); newer than `status`. */
  action?: string
  at: Instant
  actorId: Uuid | null
  teamId?: Uuid | null
  note: string | null
}

export interface Order {
  id: Uuid
  residentId: Uuid
  category: string
  title: string
  description: string
  stationId: Uuid
  address: string
  contactPhone: string
  preferredTime: Instant | null
  status: OrderStatus
  teamId: Uuid | null
  acceptDeadline: Instant | null
  dueAt: Instant | null
  volunteers: Uuid[]
  evaluations: Evaluation[]
  finalRating: number | null
  summary?: string | null
  history: HistoryEntry[]
  createdAt: Instant
  updatedAt: Instant
  /** 帮办: who placed it for the beneficiary. */
  placedBy?: Uuid | null
  beneficiary?: Beneficiary | null
  appeal?: Appeal | null
  /** 签到 / 签退 of the assigned volunteers, oldest first. */
  checkIns?: CheckIn[]
  /** Photos of the resident and the team, oldest first (at most 9). */
  photos?: OrderPhoto[]
}

// ---- proof of service: check-in codes and photos

export type CheckInType = 'IN' | 'OUT'

export interface CheckIn {
  volunteerId: Uuid
  type: CheckInType
  at: Instant
}

/** The short code the resident shows as a QR code at the door. */
export interface CheckInCode {
  code: string
  expiresAt: Instant
}

/** A photo of an order; its addresses need the token, like the order. */
export interface OrderPhoto {
  id: Uuid
  url: string
  thumbnailUrl: string
  by: Uuid
  at: Instant
}

export interface UploadedPhoto {
  id: Uuid
  contentType: string
  size: number
  url: string
  thumbnailUrl: string
}

export interface BeneficiaryRequest {
  name: string
  phone: string
}

export interface PlaceOrderRequest {
  category: string
  title: string
  description: string
  stationId: Uuid
  address: string
  contactPhone: string
  preferredTime?: Instant
  /** 帮办: only volunteers and staff of the station. */
  beneficiary?: BeneficiaryRequest
}

export interface AppealRequest {
  reason: string
}

export interface OrderQuery {
  status?: OrderStatus
  teamId?: Uuid
  mine?: boolean
  page?: number
  size?: number
}

export interface HoursEntry {
  volunteerId: Uuid
  hours: number
}

export interface CompleteRequest {
  summary: string
  hours: HoursEntry[]
}

export interface ResidentEvaluationRequest {
  rating: number
  comment?: string
  /** 代评 by the helper of a neighbour without an account. */
  onBehalf?: boolean
}

// ---- 抢单 (grab mode)

/** An order of the pool, offered to the leader's teams until `grabUntil`; no phone or address yet. */
export interface PoolOrder {
  id: Uuid
  category: string
  title: string
  description: string | null
  stationId: Uuid
  preferredTime: Instant | null
  createdAt: Instant
  grabUntil: Instant
  /** The caller's teams that may grab it. */
  teamIds: Uuid[]
}

export interface ClaimRequest {
  teamId: Uuid
  volunteerIds: Uuid[]
}

// ---- 心愿墙 (wish wall)

export type WishStatus = 'OPEN' | 'CLAIMED' | 'CLOSED'

export interface Wish {
  id: Uuid
  title: string
  description: string | null
  stationId: Uuid
  stationName: string | null
  /** Masked except for the author and staff. */
  contactPhone: string
  status: WishStatus
  authorId: Uuid
  orderId: Uuid | null
  teamId: Uuid | null
  teamName: string | null
  claimedAt: Instant | null
  closeReason: string | null
  closedAt: Instant | null
  createdAt: Instant
  updatedAt: Instant
}

export interface PostWishRequest {
  title: string
  description?: string
  stationId: Uuid
  contactPhone: string
}

export interface WishQuery {
  stationId?: Uuid
  status?: WishStatus
  mine?: boolean
  page?: number
  size?: number
}

// ---- points and store (points-service)

export interface PointsAccount {
  userId: Uuid
  balance: number
  earned: number
  redeemed: number
}

export type EntryType = 'AWARD' | 'REDEEM' | 'REFUND' | 'ADJUST'

export interface PointsEntry {
  id: Uuid
  type: EntryType
  amount: number
  balanceAfter: number
  orderId: Uuid | null
  /** An award for attending an activity (its memo names the activity). */
  activityId?: Uuid | null
  redemptionId: Uuid | null
  memo: string | null
  at: Instant
}

export type LeaderboardPeriod = 'month' | 'year' | 'all'

export interface LeaderboardRow {
  userId: Uuid
  name: string
  points: number
}

export interface StoreItem {
  id: Uuid
  name: string
  description: string
  pointsCost: number
  stock: number
  stationId: Uuid
  active: boolean
}

export type RedemptionStatus = 'RESERVED' | 'FULFILLED' | 'CANCELLED'

export interface Redemption {
  id: Uuid
  itemId: Uuid
  itemName?: string
  stationId?: Uuid
  quantity: number
  pointsSpent: number
  status: RedemptionStatus
  pickupCode: string
  expiresAt: Instant
  createdAt?: Instant
  expired?: boolean | null
}

export interface RedeemRequest {
  itemId: Uuid
  quantity: number
}

// ---- 活动报名 (activities, volunteer-service)

export type ActivityStatus = 'PUBLISHED' | 'COMPLETED'

export interface Activity {
  id: Uuid
  title: string
  description: string | null
  category: string
  orgUnitId: Uuid
  orgUnitName: string | null
  place: string
  startsAt: Instant
  endsAt: Instant
  capacity: number
  signupDeadline: Instant
  status: ActivityStatus
  confirmed: number
  waitlisted: number
  createdAt: Instant
  completedAt: Instant | null
}

export interface ActivityQuery {
  /** The unit and every unit under it; all when absent. */
  orgUnitId?: Uuid
  from?: Instant
  to?: Instant
  page?: number
  size?: number
}

export type SignupStatus = 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED'

/** The answer to signing up: confirmed, or the place in the waitlist (1-based). */
export interface Signup {
  activityId: Uuid
  userId: Uuid
  /** CONFIRMED or WAITLISTED (the API describes the sign-up's whole status set). */
  status: SignupStatus
  position: number | null
}

/** One of my sign-ups, with its activity; hours once the activity is completed. */
export interface MySignup {
  activity: Activity
  status: SignupStatus
  position: number | null
  signedUpAt: Instant
  checkedInAt: Instant | null
  checkedOutAt: Instant | null
  hours: number | null
}

export interface ActivityCheckIn {
  type: CheckInType
  at: Instant
}

// ---- live updates

export interface OrderEvent {
  id: Uuid
  status: OrderStatus
  teamId: Uuid | null
  updatedAt: Instant
}
