import type { AppealDecisionRequest, Order, Uuid } from '@/api/types'

export interface DecisionForm {
  upheld: boolean
  note: string
  /** 0: keep the staff rating given at review. */
  staffRating: number
  /** Approved hours per assigned volunteer, as shown (pre-filled with the current ones). */
  hours: Record<Uuid, number>
}

/** The current hours of each assigned volunteer, to start the form from. */
export function currentHours(order: Order): Record<Uuid, number> {
  const known = new Map((order.hours ?? []).map((h) => [h.volunteerId, Number(h.hours)]))
  return Object.fromEntries(order.volunteers.map((id) => [id, known.get(id) ?? 0]))
}

/**
 * The body of a decision: a dismissal carries only the note; an upheld appeal the new staff rating
 * when one was chosen and only the hours that were changed.
 */
export function decisionBody(order: Order, form: DecisionForm): AppealDecisionRequest {
  const note = form.note.trim()
  if (!form.upheld) return { upheld: false, note }
  const before = currentHours(order)
  const changed = order.volunteers
    .filter((id) => Number(form.hours[id]) !== before[id])
    .map((id) => ({ volunteerId: id, hours: Number(form.hours[id]) }))
  return {
    upheld: true,
    note,
    ...(form.staffRating >= 1 ? { staffRating: form.staffRating } : {}),
    ...(changed.length ? { approvedHours: changed } : {}),
  }
}

/** Staff may decide while the appeal is open; whether they served on it the API checks (403). */
export function decidable(order: Order): boolean {
  return order.appeal?.status === 'OPEN'
}
