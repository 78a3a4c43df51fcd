import type { Order, Uuid } from '@/api/types'

/** How long after evaluation a resident may appeal (申诉), as order-service allows. */
export const APPEAL_WINDOW_MS = 7 * 24 * 3600_000

/** When the order was first evaluated, from its history; null before that. */
export function evaluatedAt(order: Order): Date | null {
  const entry = order.history.find((h) => h.action === 'EVALUATED')
  return entry ? new Date(entry.at) : null
}

/** The last moment an appeal is accepted, or null when the order is not evaluated. */
export function appealOpenUntil(order: Order): Date | null {
  const at = evaluatedAt(order)
  return at ? new Date(at.getTime() + APPEAL_WINDOW_MS) : null
}

/** The order's resident may appeal once, while it is evaluated and the window is open. */
export function canAppeal(order: Order, userId: Uuid | undefined, now: Date = new Date()): boolean {
  const until = appealOpenUntil(order)
  return (
    !!userId &&
    order.residentId === userId &&
    order.status === 'EVALUATED' &&
    !order.appeal &&
    !!until &&
    now.getTime() <= until.getTime()
  )
}

/**
 * 代评: the helper who ordered for a neighbour without an account records the neighbour's rating;
 * true when {@code userId} is that helper.
 */
export function ratesOnBehalf(order: Order, userId: Uuid | undefined): boolean {
  return !!userId && !!order.beneficiary && !order.beneficiary.hasAccount && order.placedBy === userId
}
