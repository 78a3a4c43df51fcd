import { getCurrentInstance, onUnmounted, watch, type Ref } from 'vue'

/** Calls `task` every `intervalMs` while `active` is true (one call at a time). */
export function usePolling(task: () => Promise<unknown>, intervalMs: number, active: Ref<boolean>) {
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false

  const stop = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  const tick = async () => {
    timer = null
    if (stopped || !active.value) return
    try {
      await task()
    } catch {
      // the screen shows its own error; keep polling
    }
    if (!stopped && active.value && !timer) timer = setTimeout(tick, intervalMs)
  }
  const stopWatch = watch(
    active,
    (on) => {
      stop()
      if (on) timer = setTimeout(tick, intervalMs)
    },
    { immediate: true },
  )
  const dispose = () => {
    stopped = true
    stop()
    stopWatch()
  }
  if (getCurrentInstance()) onUnmounted(dispose)
  return { dispose }
}
