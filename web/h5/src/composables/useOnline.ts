import { ref } from 'vue'

const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
let watching = false

/** Whether the device has a network; `online` events let screens refresh. */
export function useOnline() {
  if (!watching && typeof window !== 'undefined') {
    watching = true
    window.addEventListener('online', () => (online.value = true))
    window.addEventListener('offline', () => (online.value = false))
  }
  return { online }
}
