import type { CheckIn, Uuid } from '@/api/types'

/** One visit of a volunteer: checked in, and checked out (or not yet). */
export interface Visit {
  volunteerId: Uuid
  in: string
  out: string | null
  /** Whole minutes between, rounded up; null while still checked in. */
  minutes: number | null
}

/** The check-ins and check-outs of an order as visits, in the order they began. */
export function visits(checkIns: CheckIn[]): Visit[] {
  const result: Visit[] = []
  const open = new Map<Uuid, Visit>()
  for (const c of checkIns) {
    if (c.type === 'IN') {
      const visit: Visit = { volunteerId: c.volunteerId, in: c.at, out: null, minutes: null }
      open.set(c.volunteerId, visit)
      result.push(visit)
    } else {
      const visit = open.get(c.volunteerId)
      if (!visit) continue
      visit.out = c.at
      visit.minutes = Math.ceil((new Date(c.at).getTime() - new Date(visit.in).getTime()) / 60_000)
      open.delete(c.volunteerId)
    }
  }
  return result
}
