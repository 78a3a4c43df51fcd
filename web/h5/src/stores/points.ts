import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import { orderApi, pointsApi, storeApi } from '@/api'
import type {
  LeaderboardPeriod,
  LeaderboardRow,
  PointsAccount,
  PointsEntry,
  Redemption,
  StoreItem,
  Uuid,
} from '@/api/types'

/** Points account, statement, leaderboard, the station's store and the user's redemptions. */
export const usePointsStore = defineStore('points', () => {
  const account = ref<PointsAccount | null>(null)
  const entries = ref<PointsEntry[]>([])
  const entriesTotal = ref(0)
  const leaderboards = reactive<Record<LeaderboardPeriod, LeaderboardRow[] | null>>({
    month: null,
    year: null,
    all: null,
  })
  const items = ref<StoreItem[]>([])
  const itemsStationId = ref<Uuid | null>(null)
  const redemptions = ref<Redemption[]>([])
  /** Order id → title, for "订单：…" in the statement; null when the order cannot be read. */
  const orderTitles = reactive(new Map<Uuid, string | null>())

  async function loadAccount() {
    account.value = await pointsApi.myAccount()
    return account.value
  }

  async function loadEntries(page = 0, size = 20) {
    const answer = await pointsApi.myEntries(page, size)
    entries.value = page === 0 ? answer.items : [...entries.value, ...answer.items]
    entriesTotal.value = answer.totalItems
    for (const entry of answer.items) if (entry.orderId) void orderTitle(entry.orderId)
    return answer.items
  }

  async function orderTitle(orderId: Uuid): Promise<string | null> {
    if (orderTitles.has(orderId)) return orderTitles.get(orderId) ?? null
    orderTitles.set(orderId, null)
    try {
      const order = await orderApi.get(orderId)
      orderTitles.set(orderId, order.title)
      return order.title
    } catch {
      return null
    }
  }

  async function loadLeaderboard(period: LeaderboardPeriod) {
    leaderboards[period] = await pointsApi.leaderboard(period)
    return leaderboards[period]
  }

  async function loadItems(stationId: Uuid) {
    const list = await storeApi.items(stationId)
    items.value = list.filter((item) => item.active !== false)
    itemsStationId.value = stationId
    return items.value
  }

  async function redeem(itemId: Uuid, quantity: number, idempotencyKey: string): Promise<Redemption> {
    const redemption = await storeApi.redeem({ itemId, quantity }, idempotencyKey)
    const item = items.value.find((i) => i.id === itemId)
    const named = { ...redemption, itemName: redemption.itemName ?? item?.name }
    upsert(named)
    if (item) item.stock = Math.max(0, item.stock - quantity)
    if (account.value) {
      account.value = {
        ...account.value,
        balance: account.value.balance - redemption.pointsSpent,
        redeemed: account.value.redeemed + redemption.pointsSpent,
      }
    }
    return named
  }

  async function loadRedemptions() {
    const answer = await storeApi.myRedemptions()
    redemptions.value = answer.items
    return answer.items
  }

  async function cancelRedemption(id: Uuid): Promise<Redemption> {
    const answer = await storeApi.cancel(id)
    const before = redemptions.value.find((r) => r.id === id)
    const merged = { ...answer, itemName: answer.itemName ?? before?.itemName }
    upsert(merged)
    void loadAccount().catch(() => undefined)
    return merged
  }

  function upsert(redemption: Redemption) {
    const index = redemptions.value.findIndex((r) => r.id === redemption.id)
    if (index >= 0) redemptions.value.splice(index, 1, redemption)
    else redemptions.value.unshift(redemption)
  }

  function reset() {
    account.value = null
    entries.value = []
    entriesTotal.value = 0
    redemptions.value = []
    leaderboards.month = null
    leaderboards.year = null
    leaderboards.all = null
  }

  return {
    account,
    entries,
    entriesTotal,
    leaderboards,
    items,
    itemsStationId,
    redemptions,
    orderTitles,
    loadAccount,
    loadEntries,
    orderTitle,
    loadLeaderboard,
    loadItems,
    redeem,
    loadRedemptions,
    cancelRedemption,
    reset,
  }
})
