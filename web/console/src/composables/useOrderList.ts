import { computed } from 'vue'
import { orderApi } from '@/api'
import type { Order, OrderQuery } from '@/api/types'
import { useTeamsStore } from '@/stores/teams'
import { useResource } from './useResource'
import { useLiveOrders } from './useLiveOrders'

export interface OrderListOptions {
  /** Pages of 100 to read per query (a working queue reads all of it, up to 1,000 orders). */
  pages?: number
}

/**
 * The orders of the caller's scope that match each query (disjoint queries), merged and sorted,
 * kept current by the live stream; `total` counts all that match, also those beyond what was read.
 */
export function useOrderList(
  queries: () => OrderQuery[],
  sort: (a: Order, b: Order) => number = newestFirst,
  { pages = 1 }: OrderListOptions = {},
) {
  const teams = useTeamsStore()
  const resource = useResource(async () => {
    const results = await Promise.all(queries().map((query) => readPages(query, pages)))
    const byId = new Map<string, Order>()
    results.forEach((result) => result.items.forEach((order) => byId.set(order.id, order)))
    const orders = [...byId.values()].sort(sort)
    void teams.ensure(orders.map((order) => order.teamId))
    const total = results.reduce((sum, result) => sum + result.totalItems, 0)
    return { orders, total, truncated: total > orders.length }
  })
  const { live } = useLiveOrders(resource.load)
  const orders = computed(() => resource.data.value?.orders ?? [])
  const total = computed(() => resource.data.value?.total ?? 0)
  const truncated = computed(() => resource.data.value?.truncated ?? false)
  return { ...resource, orders, total, truncated, live }
}

/** Up to `pages` pages of 100 of one query, stopping at the last one. */
export async function readPages(query: OrderQuery, pages: number): Promise<{ items: Order[]; totalItems: number }> {
  const items: Order[] = []
  let totalItems = 0
  for (let page = 0; page < pages; page++) {
    const answer = await orderApi.list({ size: 100, ...query, page })
    items.push(...answer.items)
    totalItems = answer.totalItems
    if (items.length >= totalItems || answer.items.length === 0) break
  }
  return { items, totalItems }
}

export function newestFirst(a: Order, b: Order): number {
  return b.createdAt.localeCompare(a.createdAt)
}

export function oldestFirst(a: Order, b: Order): number {
  return a.createdAt.localeCompare(b.createdAt)
}

/** Past its due time while still open: flagged by the server, or due and not yet swept. */
export function isOverdue(order: Order, now = Date.now()): boolean {
  if (order.overdue) return true
  const open = order.status === 'ACCEPTED' || order.status === 'IN_SERVICE'
  return open && !!order.dueAt && new Date(order.dueAt).getTime() <= now
}
