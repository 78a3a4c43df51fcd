import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { volunteerApi } from '@/api'
import type { Uuid, Volunteer } from '@/api/types'

/** Volunteers met so far, by user id, so tables can show a real name instead of an id. */
export const usePeopleStore = defineStore('people', () => {
  const volunteers = reactive(new Map<Uuid, Volunteer | null>())

  function name(userId: Uuid | null | undefined): string {
    if (!userId) return ''
    const v = volunteers.get(userId)
    return v ? v.realName : ''
  }

  async function ensure(ids: (Uuid | null | undefined)[]): Promise<void> {
    const missing = [...new Set(ids.filter((id): id is Uuid => !!id && !volunteers.has(id)))]
    missing.forEach((id) => volunteers.set(id, null))
    await Promise.all(
      missing.map((id) =>
        volunteerApi
          .get(id)
          .then((v) => volunteers.set(id, v))
          .catch(() => undefined),
      ),
    )
  }

  function remember(v: Volunteer) {
    volunteers.set(v.userId, v)
  }

  return { volunteers, name, ensure, remember }
})
