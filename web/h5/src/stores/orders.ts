import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { catalogApi, orderApi, teamApi } from '@/api'
import type { Category, Order, OrderStatus, PlaceOrderRequest, Team, Uuid } from '@/api/types'

export const CANCELLABLE: readonly OrderStatus[] = ['PLACED', 'DISPATCHED', 'UNASSIGNED']
/** Nothing more happens to an order in these states without a person acting on another screen. */
export const FINAL: readonly OrderStatus[] = ['EVALUATED', 'CANCELLED']

/** The catalogue, the resident's orders and every order opened in this session. */
export const useOrdersStore = defineStore('orders', () => {
  const catalog = ref<Category[]>([])
  /** What residents order from the menu: 微心愿 comes from the wish wall instead. */
  const menu = computed(() => catalog.value.filter((c) => c.orderable !== false))
  const mine = ref<Order[]>([])
  const mineTotal = ref(0)
  const byId = reactive(new Map<Uuid, Order>())
  const teams = reactive(new Map<Uuid, Team>())
  const teamRequests = new Map<Uuid, Promise<Team | null>>()

  async function loadCatalog(): Promise<Category[]> {
    if (catalog.value.length === 0) catalog.value = await catalogApi.list()
    return catalog.value
  }

  function categoryName(code: string): string {
    return catalog.value.find((c) => c.code === code)?.name ?? ''
  }

  function remember(order: Order): Order {
    byId.set(order.id, order)
    const index = mine.value.findIndex((o) => o.id === order.id)
    if (index >= 0) mine.value.splice(index, 1, order)
    return order
  }

  async function loadMine(page = 0, size = 20): Promise<Order[]> {
    const answer = await orderApi.list({ mine: true, page, size })
    mine.value = page === 0 ? answer.items : [...mine.value, ...answer.items.filter((o) => !byIdIn(mine.value, o.id))]
    mineTotal.value = answer.totalItems
    answer.items.forEach((o) => byId.set(o.id, o))
    return answer.items
  }

  function byIdIn(list: Order[], id: Uuid) {
    return list.some((o) => o.id === id)
  }

  async function fetch(id: Uuid): Promise<Order> {
    return remember(await orderApi.get(id))
  }

  async function place(body: PlaceOrderRequest, idempotencyKey: string): Promise<Order> {
    const order = await orderApi.place(body, idempotencyKey)
    byId.set(order.id, order)
    if (!byIdIn(mine.value, order.id)) {
      mine.value.unshift(order)
      mineTotal.value++
    }
    return order
  }

  async function cancel(id: Uuid, reason?: string): Promise<Order> {
    return remember(await orderApi.cancel(id, reason))
  }

  async function evaluate(id: Uuid, rating: number, comment?: string, onBehalf = false): Promise<Order> {
    return remember(
      await orderApi.evaluate(id, { rating, comment: comment || undefined, ...(onBehalf ? { onBehalf: true } : {}) }),
    )
  }

  async function appeal(id: Uuid, reason: string): Promise<Order> {
    return remember(await orderApi.appeal(id, { reason }))
  }

  /** A team, read once per session (its name for the timeline, its members for the leader). */
  async function team(id: Uuid, fresh = false): Promise<Team | null> {
    if (!fresh && teams.has(id)) return teams.get(id) ?? null
    let pending = teamRequests.get(id)
    if (!pending || fresh) {
      pending = teamApi
        .get(id)
        .then((t) => {
          teams.set(id, t)
          return t
        })
        .catch(() => null)
        .finally(() => teamRequests.delete(id))
      teamRequests.set(id, pending)
    }
    return pending
  }

  function teamName(id: Uuid | null | undefined): string {
    return (id && teams.get(id)?.name) || ''
  }

  return {
    catalog,
    menu,
    mine,
    mineTotal,
    byId,
    teams,
    loadCatalog,
    categoryName,
    loadMine,
    fetch,
    remember,
    place,
    cancel,
    evaluate,
    appeal,
    team,
    teamName,
  }
})
