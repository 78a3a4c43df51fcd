import { computed } from 'vue'
import { orderApi } from '@/api'
import type { Order, OrderQuery } from '@/api/types'
import { useTeamsStore } from '@/stores/teams'
import { useResource } from './useResource'
import { useLiveOrders } from './useLiveOrders'

/** The newest orders of the caller's scope that match each query, merged, kept current by the live stream. */
export function useOrderList(queries: () => OrderQuery[], sort: (a: Order, b: Order) => number = newestFirst) {
  const teams = useTeamsStore()
  const resource = useResource(async () => {
    const pages = await Promise.all(queries().map((query) => orderApi.list({ size: 100, ...query })))
    const byId = new Map<string, Order>()
    pages.forEach((page) => page.items.forEach((order) => byId.set(order.id, order)))
    const orders = [...byId.values()].sort(sort)
    void teams.ensure(orders.map((order) => order.teamId))
    return { orders, truncated: pages.some((page) => page.totalItems > page.items.length) }
  })
  const { live } = useLiveOrders(resource.load)
  const orders = computed(() => resource.data.value?.orders ?? [])
  const truncated = computed(() => resource.data.value?.truncated ?? false)
  return { ...resource, orders, truncated, live }
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
