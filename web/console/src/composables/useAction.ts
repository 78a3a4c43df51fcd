import { ref } from 'vue'
import { messageOf } from '@/api'
import { confirm, success } from '@/ui/feedback'

export interface ActionOptions {
  /** Ask first; nothing happens unless the person confirms. */
  confirm?: { message: string; title?: string }
  /** Said when it worked. */
  done?: string | ((result: never) => string)
}

/**
 * One button's side effect: one run at a time, an optional confirmation, the error in plain words
 * kept in `error` for the form to show (the form keeps what was typed, whatever went wrong).
 */
export function useAction() {
  const pending = ref(false)
  const error = ref<string | null>(null)

  async function run<T>(
    task: () => Promise<T>,
    options: { confirm?: ActionOptions['confirm']; done?: string | ((result: T) => string) } = {},
  ): Promise<T | undefined> {
    if (pending.value) return undefined
    if (options.confirm && !(await confirm(options.confirm.message, options.confirm.title))) return undefined
    pending.value = true
    error.value = null
    try {
      const result = await task()
      if (options.done) success(typeof options.done === 'function' ? options.done(result) : options.done)
      return result
    } catch (e) {
      error.value = messageOf(e)
      return undefined
    } finally {
      pending.value = false
    }
  }

  function clear() {
    error.value = null
  }

  return { pending, error, run, clear }
}
