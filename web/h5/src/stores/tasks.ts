import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { orderApi } from '@/api'
import type { CheckInType, ClaimRequest, CompleteRequest, Order, PoolOrder, Uuid } from '@/api/types'
import { useAuthStore } from './auth'
import { useOrdersStore } from './orders'

/** The orders of the teams the volunteer belongs to, the new-dispatch badge, and a leader's 抢单 pool. */
export const useTasksStore = defineStore('tasks', () => {
  const orders = ref<Order[]>([])
  const pool = ref<PoolOrder[]>([])
  const loaded = ref(false)
  const unseen = ref(0)
  const known = new Set<Uuid>()
  let inFlight: Promise<void> | null = null
  let again = false

  const auth = useAuthStore()
  const ordersStore = useOrdersStore()

  const leaderOf = (teamId: Uuid | null) => !!teamId && auth.leaderTeams.some((t) => t.id === teamId)
  const pending = computed(() =>
    orders.value
      .filter((o) => o.status === 'DISPATCHED' && leaderOf(o.teamId))
      .sort((a, b) => (a.acceptDeadline ?? '').localeCompare(b.acceptDeadline ?? '')),
  )
  const ongoing = computed(() => orders.value.filter((o) => o.status === 'ACCEPTED' || o.status === 'IN_SERVICE'))
  const finished = computed(() => orders.value.filter((o) => o.status === 'COMPLETED' || o.status === 'EVALUATED'))

  async function load(): Promise<void> {
    const teams = auth.teams
    const lists = await Promise.all(teams.map((team) => orderApi.list({ teamId: team.id, size: 50 })))
    const seen = new Map<Uuid, Order>()
    lists.forEach((page, i) => {
      // a team that gave an order back still reads it; only its own orders are tasks
      for (const order of page.items) if (order.teamId === teams[i].id) seen.set(order.id, order)
    })
    const next = [...seen.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    let arrived = 0
    for (const order of next) {
      ordersStore.byId.set(order.id, order)
      if (order.status === 'DISPATCHED' && leaderOf(order.teamId) && !known.has(order.id)) {
        if (loaded.value) arrived++
        known.add(order.id)
      }
    }
    orders.value = next
    loaded.value = true
    if (arrived > 0) {
      unseen.value += arrived
      if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') {
        try {
          navigator.vibrate([200, 100, 200])
        } catch {
          // vibration not allowed here
        }
      }
    }
  }

  /** Reloads; calls arriving while one runs coalesce into one more run. */
  function refresh(): Promise<void> {
    if (!auth.signedIn) return Promise.resolve()
    if (inFlight) {
      again = true
      return inFlight
    }
    inFlight = load().finally(() => {
      inFlight = null
      if (again) {
        again = false
        void refresh()
      }
    })
    return inFlight
  }

  function markSeen() {
    unseen.value = 0
  }

  function replace(order: Order) {
    ordersStore.remember(order)
    const index = orders.value.findIndex((o) => o.id === order.id)
    if (index >= 0) orders.value.splice(index, 1, order)
  }

  async function accept(id: Uuid, volunteerIds: Uuid[]) {
    replace(await orderApi.accept(id, volunteerIds))
  }

  async function reject(id: Uuid, reason: string) {
    const order = await orderApi.reject(id, reason)
    ordersStore.remember(order)
    orders.value = orders.value.filter((o) => o.id !== id)
  }

  async function start(id: Uuid) {
    replace(await orderApi.start(id))
  }

  async function complete(id: Uuid, body: CompleteRequest) {
    replace(await orderApi.complete(id, body))
  }

  /** 签到 / 签退 with the resident's code; the order is read again to show it. */
  async function checkIn(id: Uuid, code: string, type: CheckInType) {
    await orderApi.checkIn(id, code, type)
    replace(await orderApi.get(id))
  }

  /** Photos taken at completion go before the completion itself, one after the other. */
  async function addPhotos(id: Uuid, files: File[]) {
    for (const file of files) await orderApi.uploadPhoto(id, file, file.name)
  }

  /** 抢单: what the leader's teams may grab now (empty for someone who leads no team). */
  async function loadPool(): Promise<PoolOrder[]> {
    if (!auth.signedIn || auth.leaderTeams.length === 0) {
      pool.value = []
      return pool.value
    }
    pool.value = (await orderApi.pool()).items
    return pool.value
  }

  /** Grabs an order of the pool: it leaves the pool and is one of the team's orders, accepted. */
  async function claim(id: Uuid, body: ClaimRequest): Promise<Order> {
    try {
      const order = await orderApi.claim(id, body)
      ordersStore.remember(order)
      orders.value = [order, ...orders.value.filter((o) => o.id !== id)]
      return order
    } finally {
      pool.value = pool.value.filter((o) => o.id !== id)
    }
  }

  function reset() {
    pool.value = []
    orders.value = []
    loaded.value = false
    unseen.value = 0
    known.clear()
  }

  return {
    orders,
    pool,
    loaded,
    unseen,
    pending,
    ongoing,
    finished,
    refresh,
    markSeen,
    accept,
    reject,
    start,
    complete,
    checkIn,
    addPhotos,
    loadPool,
    claim,
    reset,
  }
})
