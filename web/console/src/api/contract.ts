// The app's own API types (types.ts), checked at build time against the API the gateway describes
// (web/openapi.json, turned into openapi.d.ts by `npm run api:types`): a field the app reads or
// sends that the API no longer has, or whose plain type changed, fails `vue-tsc` with that field's
// name, so a contract change breaks the build and not a staff member's screen.
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
  Matches<Mismatched<App.Account, Schemas['AccountView']>>,
  Matches<Mismatched<App.Volunteer, Schemas['VolunteerView']>>,
  Matches<Mismatched<App.VolunteerListItem, Schemas['VolunteerListItem']>>,
  Matches<Mismatched<App.OrgUnit, Schemas['OrgUnitView']>>,
  Matches<Mismatched<App.NewOrgUnit, Schemas['NewOrgUnit']>>,
  Matches<Mismatched<App.GrantRequest, Schemas['GrantRequest']>>,
  Matches<Mismatched<App.Grant, Schemas['Grant']>>,
  Matches<Mismatched<App.ServiceRecord, Schemas['ServiceRecord']>>,
  Matches<Mismatched<App.Team, Schemas['TeamView']>>,
  Matches<Mismatched<App.TeamMember, Schemas['Member']>>,
  Matches<Mismatched<App.NewTeamRequest, Schemas['NewTeamRequest']>>,
  Matches<Mismatched<App.Category, Schemas['CategoryResponse']>>,
  Matches<Mismatched<App.Order, Schemas['OrderView']>>,
  Matches<Mismatched<App.HistoryEntry, Schemas['HistoryView']>>,
  Matches<Mismatched<App.CheckIn, Schemas['CheckIn']>>,
  Matches<Mismatched<App.OrderPhoto, Schemas['PhotoView']>>,
  Matches<Mismatched<App.HoursEntry, Schemas['HoursEntry']>>,
  Matches<Mismatched<App.Evaluation, Schemas['EvaluationView']>>,
  Matches<Mismatched<App.Beneficiary, Schemas['BeneficiaryView']>>,
  Matches<Mismatched<App.Appeal, Schemas['AppealView']>>,
  Matches<Mismatched<App.AppealDecisionRequest, Schemas['DecisionRequest']>>,
  Matches<Mismatched<App.DispatchRequest, Schemas['DispatchRequest']>>,
  Matches<Mismatched<App.StaffEvaluationRequest, Schemas['EvaluationRequest']>>,
  Matches<Mismatched<App.PointsAccount, Schemas['AccountSummary']>>,
  Matches<Mismatched<App.PointsEntry, Schemas['Entry']>>,
  Matches<Mismatched<App.AdjustmentRequest, Schemas['AdjustmentRequest']>>,
  Matches<Mismatched<App.ReversalRequest, Schemas['ReversalRequest']>>,
  Matches<Mismatched<App.LedgerCheck, Schemas['Result']>>,
  Matches<Mismatched<App.PointRules, Schemas['RulesResponse']>>,
  Matches<Mismatched<App.PointRulesRequest, Schemas['RulesRequest']>>,
  Matches<Mismatched<App.StoreItem, Schemas['StoreItem']>>,
  Matches<Mismatched<App.NewItemRequest, Schemas['NewItem']>>,
  Matches<Mismatched<App.RestockRequest, Schemas['Restock']>>,
  Matches<Mismatched<App.Redemption, Schemas['RedemptionResponse']>>,
  Matches<Mismatched<App.FulfilRequest, Schemas['FulfilRequest']>>,
  Matches<Mismatched<App.OrderEvent, Schemas['OrderEvent']>>,
  Matches<Mismatched<App.OrderStats, Schemas['Figures']>>,
  Matches<Mismatched<App.UnitFigures, Schemas['UnitFigures']>>,
  Matches<Mismatched<App.DayFigures, Schemas['DayFigures']>>,
  Matches<Mismatched<App.CategoryFigures, Schemas['CategoryFigures']>>,
  Matches<Mismatched<App.PointStats, Schemas['PointsFigures']>>,
  Matches<Mismatched<App.ItemFigures, Schemas['ItemFigures']>>,
  Matches<Mismatched<App.StationDispatchMode, Schemas['StationModeView']>>,
  Matches<Mismatched<App.StationDispatchModeRequest, Schemas['ModeRequest']>>,
  Matches<Mismatched<App.Wish, Schemas['WishView']>>,
  Matches<Mismatched<App.Activity, Schemas['ActivityView']>>,
  Matches<Mismatched<App.PublishActivityRequest, Schemas['NewActivityRequest']>>,
  Matches<Mismatched<App.ActivitySignup, Schemas['ActivitySignupEntry']>>,
  Matches<Mismatched<App.ActivityCheckInCode, Schemas['ActivityCheckInCode']>>,
  Matches<Mismatched<App.Attendance, Schemas['ActivityAttendance']>>,
  Matches<Mismatched<App.CompleteActivityRequest, Schemas['ActivityCompleteRequest']>>,
  Matches<Mismatched<App.AttendeeHours, Schemas['ActivityHoursEntry']>>,
]
