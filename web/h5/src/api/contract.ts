// The app's own API types (types.ts), checked at build time against the API the gateway describes
// (web/openapi.json, turned into openapi.d.ts by `npm run api:types`): a field the app reads or
// sends that the API no longer has, or whose plain type changed, fails `vue-tsc` with that field's
// name, so a contract change breaks the build and not a resident's phone.
import type { components } from './openapi'
import type * as App from './types'

type Schemas = components['schemas']
type Plain = string | number | boolean

/** A field of a plain type must take every value the API may send (an added enum value fails). */
type Compatible<Mine, Api> = [NonNullable<Mine>] extends [Plain]
  ? [NonNullable<Api>] extends [NonNullable<Mine>]
    ? true
    : false
  : true

/** The names of the app's fields that the API does not describe as compatible: `never` when all are. */
type Mismatched<Mine, Api> = {
  [K in keyof Mine]-?: K extends keyof Api ? (Compatible<Mine[K], Api[K]> extends true ? never : K) : K
}[keyof Mine]

/** Compiles only when nothing is mismatched; the error names the fields that are. */
type Matches<Checked extends never> = Checked

export type ApiContract = [
  Matches<Mismatched<App.RegisterRequest, Schemas['RegisterRequest']>>,
  Matches<Mismatched<App.LoginRequest, Schemas['LoginRequest']>>,
  Matches<Mismatched<App.LoginResponse, Schemas['LoginResponse']>>,
  Matches<Mismatched<App.Me, Schemas['Me']>>,
  Matches<Mismatched<App.MyTeam, Schemas['TeamOfMember']>>,
  Matches<Mismatched<App.Volunteer, Schemas['VolunteerView']>>,
  Matches<Mismatched<App.OrgUnit, Schemas['OrgUnitView']>>,
  Matches<Mismatched<App.BecomeVolunteerRequest, Schemas['NewVolunteer']>>,
  Matches<Mismatched<App.ServiceRecord, Schemas['ServiceRecord']>>,
  Matches<Mismatched<App.Team, Schemas['TeamView']>>,
  Matches<Mismatched<App.TeamMember, Schemas['Member']>>,
  Matches<Mismatched<App.Category, Schemas['CategoryResponse']>>,
  Matches<Mismatched<App.Order, Schemas['OrderView']>>,
  Matches<Mismatched<App.HistoryEntry, Schemas['HistoryView']>>,
  Matches<Mismatched<App.CheckIn, Schemas['CheckIn']>>,
  Matches<Mismatched<App.CheckInCode, Schemas['CheckInCode']>>,
  Matches<Mismatched<App.OrderPhoto, Schemas['PhotoView']>>,
  Matches<Mismatched<App.UploadedPhoto, Schemas['UploadedPhoto']>>,
  Matches<Mismatched<App.Evaluation, Schemas['EvaluationView']>>,
  Matches<Mismatched<App.PlaceOrderRequest, Schemas['PlaceOrderRequest']>>,
  Matches<Mismatched<App.BeneficiaryRequest, Schemas['BeneficiaryRequest']>>,
  Matches<Mismatched<App.Beneficiary, Schemas['BeneficiaryView']>>,
  Matches<Mismatched<App.Appeal, Schemas['AppealView']>>,
  Matches<Mismatched<App.AppealRequest, Schemas['AppealRequest']>>,
  Matches<Mismatched<App.CompleteRequest, Schemas['CompleteRequest']>>,
  Matches<Mismatched<App.HoursEntry, Schemas['HoursEntry']>>,
  Matches<Mismatched<App.ResidentEvaluationRequest, Schemas['EvaluationRequest']>>,
  Matches<Mismatched<App.PointsAccount, Schemas['AccountSummary']>>,
  Matches<Mismatched<App.PointsEntry, Schemas['Entry']>>,
  Matches<Mismatched<App.LeaderboardRow, Schemas['Row']>>,
  Matches<Mismatched<App.StoreItem, Schemas['StoreItem']>>,
  Matches<Mismatched<App.Redemption, Schemas['RedemptionResponse']>>,
  Matches<Mismatched<App.RedeemRequest, Schemas['RedeemRequest']>>,
  Matches<Mismatched<App.PoolOrder, Schemas['PoolOrderView']>>,
  Matches<Mismatched<App.ClaimRequest, Schemas['ClaimRequest']>>,
  Matches<Mismatched<App.ClaimRequest, Schemas['ClaimWishRequest']>>,
  Matches<Mismatched<App.Wish, Schemas['WishView']>>,
  Matches<Mismatched<App.PostWishRequest, Schemas['PostWishRequest']>>,
  Matches<Mismatched<App.Activity, Schemas['ActivityView']>>,
  Matches<Mismatched<App.Signup, Schemas['ActivitySignup']>>,
  Matches<Mismatched<App.MySignup, Schemas['MyActivitySignup']>>,
  Matches<Mismatched<App.ActivityCheckIn, Schemas['ActivityAttendance']>>,
]
