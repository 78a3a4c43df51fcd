import { ref } from 'vue'
import { messageOf } from '@/api'
import { confirm, success } from '@/ui/feedback'

export interface ActionOptions {
  /** Ask first; nothing happens unless the person confirms. */
  confirm?: { message: string; title?: string }
  /** Said when it worked. */
  done?: string
}

/** One button's side effect: one run at a time, the error in plain words, an optional confirmation. */
export function useAction() {
  const pending = ref(false)
  const error = ref<string | null>(null)

  async function run<T>(task: () => Promise<T>, options: ActionOptions = {}): Promise<T | undefined> {
    if (pending.value) return undefined
    if (options.confirm && !(await confirm(options.confirm.message, options.confirm.title))) return undefined
    pending.value = true
    error.value = null
    try {
      const result = await task()
      if (options.done) success(options.done)
      return result
    } catch (e) {
      error.value = messageOf(e)
      return undefined
    } finally {
      pending.value = false
    }
  }

  return { pending, error, run }
}
