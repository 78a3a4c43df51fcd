import { onUnmounted } from 'vue'
import { useEventStream } from './useEventStream'

/**
 * Calls `refresh` when an order of the scope changes (or the stream reconnects and may have
 * missed some), at most once per `quietMs`, so a burst of events makes one request.
 */
export function useLiveOrders(refresh: () => unknown, quietMs = 400) {
  const { live, on } = useEventStream()
  let timer: ReturnType<typeof setTimeout> | null = null
  const schedule = () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      void refresh()
    }, quietMs)
  }
  on('order', schedule)
  on('dispatch', schedule)
  on('open', schedule)
  onUnmounted(() => {
    if (timer) clearTimeout(timer)
  })
  return { live }
}
