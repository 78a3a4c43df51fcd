import { ref, shallowRef } from 'vue'
import { messageOf, userApi } from '@/api'
import type { Account } from '@/api/types'
import { PHONE } from '@/utils/format'
import { zhCN as t } from '@/i18n/zh-CN'

/**
 * The administrator names a person by their phone before granting them anything: who has that
 * phone, or why nobody was found, in plain words. A phone typed since the lookup began, or a
 * lookup begun since, makes its answer moot.
 */
export function useAccountLookup() {
  const found = shallowRef<Account | null>(null)
  const error = ref<string | null>(null)
  const pending = ref(false)
  let serial = 0

  async function lookUp(typed: string): Promise<Account | null> {
    const phone = typed.trim()
    const mine = ++serial
    found.value = null
    if (!PHONE.test(phone)) {
      error.value = t.auth.phoneInvalid
      return null
    }
    error.value = null
    pending.value = true
    try {
      const account = await userApi.byPhone(phone)
      if (mine === serial) found.value = account
      return mine === serial ? account : null
    } catch (e) {
      if (mine === serial) error.value = messageOf(e)
      return null
    } finally {
      if (mine === serial) pending.value = false
    }
  }

  /** What was found no longer holds: the phone was changed, or the grant is done. */
  function clear() {
    serial++
    found.value = null
    error.value = null
    pending.value = false
  }

  return { found, error, pending, lookUp, clear }
}
