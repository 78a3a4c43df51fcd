// The shapes of the public HTTP contract (shared API.md) that the console reads and sends.
// Each is checked against the gateway's OpenAPI description in contract.ts, except the
// supervision and analytics shapes at the end, which the description does not carry yet.

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

/** A volunteer as staff find them: the profile, the account's name and the phone to call. */
export interface VolunteerListItem extends Volunteer {
  name: string
  phone: string
}

export type VolunteerSort = 'newest' | 'name'

/** `GET /api/volunteers`: without `orgUnitId`, the caller's whole scope; `q` is part of a name or a phone's first digits. */
export interface VolunteerQuery {
  orgUnitId?: Uuid
  q?: string
  sort?: VolunteerSort
  page?: number
  size?: number
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
  ancestorIds?: Uuid[]
}

export interface NewOrgUnit {
  name: string
  level: OrgLevel
  parentId?: Uuid
}

export interface GrantRequest {
  userId: Uuid
  orgUnitId: Uuid
}

export interface Grant {
  userId: Uuid
  orgUnitId: Uuid
  grantedAt?: Instant
}

/** One service of a volunteer: an order's or an activity's (exactly one of the two ids is set). */
export interface ServiceRecord {
  orderId?: Uuid | null
  activityId?: Uuid | null
  teamId?: Uuid | null
  category: string
  /** The order's or the activity's title. */
  content?: string | null
  place?: string | null
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

export type TeamLevel = 'CORPS' | 'SQUADRON' | 'DETACHMENT'

export interface Team {
  id: Uuid
  name: string
  level: TeamLevel
  parentId: Uuid | null
  orgUnitId: Uuid
  categories: string[]
  capacity: number
  leaderId: Uuid
  members: TeamMember[]
  active: boolean
}

export interface NewTeamRequest {
  name: string
  level: TeamLevel
  parentId?: Uuid
  orgUnitId: Uuid
  categories: string[]
  capacity: number
  leaderId: Uuid
}

export interface TeamQuery {
  orgUnitId?: Uuid
  category?: string
  active?: boolean
  page?: number
  size?: number
}

// ---- catalogue and orders (order-service)

export interface Category {
  code: string
  name: string
  description: string
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

/** 帮办: the neighbour an order was placed for. */
export interface Beneficiary {
  name: string
  phone: string
  hasAccount: boolean
}

export type AppealStatus = 'OPEN' | 'UPHELD' | 'DISMISSED'

export interface Appeal {
  status: AppealStatus
  reason: string
  appealedBy: Uuid
  appealedAt: Instant
  decisionNote?: string | null
  decidedBy?: Uuid | null
  decidedAt?: Instant | null
}

export interface AppealDecisionRequest {
  upheld: boolean
  note: string
  staffRating?: number
  approvedHours?: HoursEntry[]
}

export interface HistoryEntry {
  status: OrderStatus
  /** What happened (PLACED, DISPATCHED, REJECTED, ...); newer than `status`. */
  action?: string
  at: Instant
  actorId: Uuid | null
  teamId?: Uuid | null
  note: string | null
}

export interface HoursEntry {
  volunteerId: Uuid
  hours: number
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
  overdue?: boolean
  volunteers: Uuid[]
  hours?: HoursEntry[]
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
  /** Photos of the resident and the team, oldest first. */
  photos?: OrderPhoto[]
}

export interface CheckIn {
  volunteerId: Uuid
  type: 'IN' | 'OUT'
  at: Instant
}

/** A photo of an order; its addresses need the token, like the order. */
export interface OrderPhoto {
  id: Uuid
  url: string
  thumbnailUrl: string
  by: Uuid
  at: Instant
}

export interface OrderQuery {
  status?: OrderStatus
  teamId?: Uuid
  /** 督办: overdue orders only (API.md "Supervision and analytics"). */
  overdue?: boolean
  page?: number
  size?: number
}

export interface DispatchRequest {
  teamId: Uuid
}

export interface StaffEvaluationRequest {
  rating: number
  comment?: string
  approvedHours?: HoursEntry[]
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
  redemptionId: Uuid | null
  reversesId?: Uuid | null
  memo: string | null
  at: Instant
}

export interface AdjustmentRequest {
  userId: Uuid
  amount: number
  reason: string
}

export interface ReversalRequest {
  reason: string
}

export interface LedgerCheck {
  balanced: boolean
  issued: number
  redeemed: number
  outstanding: number
  transactions?: number
}

export interface PointRules {
  baseRate: number
  defaultMultiplier?: number
  multipliers: Record<string, number>
  ratingBonus?: number
  ratingThreshold?: number
  effectiveFrom?: Instant
}

export interface PointRulesRequest {
  baseRate: number
  multipliers?: Record<string, number>
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

export interface NewItemRequest {
  name: string
  description?: string
  pointsCost: number
  stock: number
  stationId: Uuid
}

export interface RestockRequest {
  quantity: number
}

export type RedemptionStatus = 'RESERVED' | 'FULFILLED' | 'CANCELLED'

export interface Redemption {
  id: Uuid
  userId?: Uuid
  itemId: Uuid
  itemName?: string
  stationId?: Uuid
  quantity: number
  pointsSpent: number
  status: RedemptionStatus
  pickupCode: string
  expiresAt: Instant
  createdAt?: Instant
  fulfilledAt?: Instant
  expired?: boolean | null
}

export interface RedemptionQuery {
  stationId?: Uuid
  status?: RedemptionStatus
  page?: number
  size?: number
}

export interface FulfilRequest {
  pickupCode: string
}

// ---- live updates

export interface OrderEvent {
  id: Uuid
  status: OrderStatus
  teamId: Uuid | null
  updatedAt: Instant
}

// ---- supervision and analytics (API.md "Supervision and analytics"; not yet in web/openapi.json)

export interface UrgeRequest {
  note: string
}

export interface Percentiles {
  p50: number | null
  p90: number | null
}

export interface CategoryFigures {
  code: string
  placed: number
  completed: number
}

export interface UnitFigures {
  orgUnitId: Uuid
  name: string
  placed: number
  completed: number
  cancelled: number
  /** completed / (placed − cancelled), 0..1; null when nothing counts. */
  completionRate: number | null
  overdue: number
  satisfaction: number | null
}

export interface DayFigures {
  /** yyyy-MM-dd */
  date: string
  placed: number
  completed: number
}

export interface OrderStats {
  placed: number
  completed: number
  evaluated: number
  cancelled: number
  overdue: number
  /** 0..1 */
  completionRate: number | null
  /** 0..1 */
  onTimeRate: number | null
  /** Average rating, 1..5. */
  satisfaction: number | null
  volunteerHours: number
  minutesToAccept: Percentiles
  hoursToComplete: Percentiles
  byCategory: CategoryFigures[]
  byUnit: UnitFigures[]
  byDay: DayFigures[]
}

export interface PointStats {
  issued: number
  redeemed: number
  outstanding: number
  activeVolunteers: number
  byItem: ItemFigures[]
}

export interface ItemFigures {
  itemId: Uuid
  name: string
  /** The station whose store holds the item. */
  stationId: Uuid
  redeemed: number
  points: number
}

export interface StatsQuery {
  orgUnitId?: Uuid
  /** yyyy-MM-dd, inclusive */
  from?: string
  /** yyyy-MM-dd, exclusive */
  to?: string
}

// ---- 抢单 and 心愿墙 (order-service)

export type DispatchMode = 'AUTO' | 'GRAB'

/** How a station's placed orders find a team: AUTO (dispatched at once) or GRAB (offered first). */
export interface StationDispatchMode {
  stationId: Uuid
  mode: DispatchMode
  grabWindowMinutes: number
  updatedBy: Uuid | null
  updatedAt: Instant | null
}

export interface StationDispatchModeRequest {
  mode: DispatchMode
  grabWindowMinutes?: number
}

export type WishStatus = 'OPEN' | 'CLAIMED' | 'CLOSED'

export interface Wish {
  id: Uuid
  title: string
  description: string | null
  stationId: Uuid
  stationName: string | null
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

export interface WishQuery {
  stationId?: Uuid
  orgUnitId?: Uuid
  status?: WishStatus
  page?: number
  size?: number
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
  /** The unit and every unit under it. */
  orgUnitId?: Uuid
  from?: Instant
  to?: Instant
  page?: number
  size?: number
}

export interface PublishActivityRequest {
  title: string
  description: string
  category: string
  orgUnitId: Uuid
  place: string
  startsAt: Instant
  endsAt: Instant
  capacity: number
  /** Defaults to startsAt. */
  signupDeadline?: Instant
}

export type SignupStatus = 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED'

/** A sign-up as staff see it: confirmed first, then the waitlist by position (cancelled left out). */
export interface ActivitySignup {
  userId: Uuid
  name: string
  volunteerNo: string | null
  /** Masked: 138****1234. */
  phone: string | null
  status: SignupStatus
  position: number | null
  signedUpAt: Instant
  checkedInAt: Instant | null
  checkedOutAt: Instant | null
  hours: number | null
}

/** The short-lived code shown at the venue as a QR code. */
export interface ActivityCheckInCode {
  code: string
  expiresAt: Instant
}

export type AttendanceType = 'IN' | 'OUT'

export interface Attendance {
  type: AttendanceType
  at: Instant
}

export interface AttendeeHours {
  userId: Uuid
  hours: number
}

export interface CompleteActivityRequest {
  hours?: AttendeeHours[]
}
