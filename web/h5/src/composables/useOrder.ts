import { computed, ref, watch, type Ref } from 'vue'
import { messageOf } from '@/api'
import type { Order, OrderEvent } from '@/api/types'
import { FINAL, useOrdersStore } from '@/stores/orders'
import { useEventStream } from './useEventStream'
import { usePolling } from './usePolling'

export const POLL_INTERVAL_MS = 3000

/**
 * One order, kept current: refetched on every `order` event for it from the live stream, and
 * polled every 3 s while the stream is not connected and the order can still change.
 */
export function useOrder(id: Ref<string>) {
  const store = useOrdersStore()
  const order = computed<Order | null>(() => store.byId.get(id.value) ?? null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const { live, on } = useEventStream()

  async function refresh(): Promise<void> {
    const wanted = id.value
    if (!wanted) return
    loading.value = !order.value
    try {
      await store.fetch(wanted)
      error.value = null
    } catch (e) {
      if (wanted === id.value) error.value = messageOf(e)
    } finally {
      loading.value = false
    }
  }

  on('order', (data) => {
    if ((data as OrderEvent | null)?.id === id.value) void refresh()
  })
  on('dispatch', (data) => {
    if ((data as OrderEvent | null)?.id === id.value) void refresh()
  })
  on('open', () => void refresh())

  const changing = computed(() => !!order.value && !FINAL.includes(order.value.status))
  const polling = computed(() => !live.value && changing.value)
  usePolling(refresh, POLL_INTERVAL_MS, polling)

  watch(id, () => void refresh(), { immediate: true })

  // the teams named in the order and its history, for "已派单给 …"
  watch(
    () => [order.value?.teamId, ...(order.value?.history ?? []).map((h) => h.teamId)],
    (ids) => {
      for (const teamId of new Set(ids)) if (teamId) void store.team(teamId)
    },
    { immediate: true },
  )

  return { order, loading, error, refresh, live, polling }
}
