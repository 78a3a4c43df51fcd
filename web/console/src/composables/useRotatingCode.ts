import { computed, getCurrentInstance, onBeforeUnmount, ref, shallowRef } from 'vue'
import { messageOf } from '@/api'

export interface ExpiringCode {
  code: string
  expiresAt: string
}

/** Fetch the next code this long before the shown one expires, so a scan never meets a dead code. */
export const REFRESH_BEFORE_MS = 20_000
const RETRY_MS = 5_000

/**
 * When to fetch the next code, for one valid `validMs` more: `REFRESH_BEFORE_MS` before it expires,
 * or half-way through a code that is valid for less than twice that (never more often than once a second).
 */
export function refreshIn(validMs: number): number {
  return Math.max(1_000, validMs - REFRESH_BEFORE_MS, validMs / 2)
}

/**
 * A short-lived code shown on screen (the activity's check-in QR): fetched when started, fetched
 * again before it expires for as long as it is shown, with a countdown. When a fetch fails the old
 * code stays while it is still valid and the fetch is tried again.
 */
export function useRotatingCode(fetchCode: () => Promise<ExpiringCode>) {
  const current = shallowRef<ExpiringCode | null>(null)
  const error = ref<string | null>(null)
  const now = ref(Date.now())
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let tick: ReturnType<typeof setInterval> | undefined
  let running = false

  const expiresAtMs = computed(() => (current.value ? new Date(current.value.expiresAt).getTime() : 0))
  const secondsLeft = computed(() => Math.max(0, Math.ceil((expiresAtMs.value - now.value) / 1000)))
  /** The code on screen, only while it is valid. */
  const code = computed(() => (current.value && expiresAtMs.value > now.value ? current.value.code : null))

  async function refresh() {
    clearTimeout(refreshTimer)
    try {
      const next = await fetchCode()
      if (!running) return
      current.value = next
      error.value = null
      now.value = Date.now()
      refreshTimer = setTimeout(refresh, refreshIn(new Date(next.expiresAt).getTime() - Date.now()))
    } catch (e) {
      if (!running) return
      error.value = messageOf(e)
      refreshTimer = setTimeout(refresh, RETRY_MS)
    }
  }

  function start() {
    stop()
    running = true
    current.value = null
    error.value = null
    tick = setInterval(() => (now.value = Date.now()), 1_000)
    void refresh()
  }

  function stop() {
    running = false
    clearTimeout(refreshTimer)
    clearInterval(tick)
  }

  if (getCurrentInstance()) onBeforeUnmount(stop)

  return { code, secondsLeft, error, start, stop, refresh }
}
