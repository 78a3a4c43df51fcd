import { orderApi } from '@/api'
import type { Order, Team } from '@/api/types'

const ACTIVE: Order['status'][] = ['DISPATCHED', 'ACCEPTED', 'IN_SERVICE']

export interface TeamLoad {
  team: Team
  /** Orders the team holds now (dispatched to it, accepted, in service). */
  busy: number
  free: number
  /** Average final rating of its recent evaluated orders, or null when none. */
  rating: number | null
}

/** How busy a team is and how well it is rated, read from its recent orders. */
export async function teamLoad(team: Team): Promise<TeamLoad> {
  const page = await orderApi.list({ teamId: team.id, size: 100 })
  const busy = page.items.filter((order) => ACTIVE.includes(order.status)).length
  const ratings = page.items.map((order) => order.finalRating).filter((r): r is number => typeof r === 'number')
  const rating = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null
  return { team, busy, free: Math.max(0, team.capacity - busy), rating }
}
