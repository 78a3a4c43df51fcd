import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { newUuid } from '@/utils/uuid'

/**
 * One Idempotency-Key per form: made on the first submit, sent again on every retry, and
 * dropped only once the service answered (success, or a refusal the user has to fix). While a
 * submit is in flight further submits are ignored, so a double tap sends one request.
 */
export function useIdempotentSubmit(makeKey: () => string = newUuid) {
  const key = ref<string | null>(null)
  const pending = ref(false)

  async function submit<T>(send: (idempotencyKey: string) => Promise<T>): Promise<T | undefined> {
    if (pending.value) return undefined
    pending.value = true
    if (!key.value) key.value = makeKey()
    try {
      const answer = await send(key.value)
      key.value = null
      return answer
    } catch (e) {
      // no answer from the service (offline, 502-504, throttled): keep the key for the retry
      if (!(e instanceof ApiError && e.transient) && !(e instanceof ApiError && e.kind === 'unauthorized')) {
        key.value = null
      }
      throw e
    } finally {
      pending.value = false
    }
  }

  /** A new form (after success, or when the user starts over). */
  function reset() {
    key.value = null
  }

  return { key, pending, submit, reset }
}
