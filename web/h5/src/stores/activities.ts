import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import { activityApi } from '@/api'
import type { Activity, ActivityCheckIn, CheckInType, MySignup, Signup, SignupStatus, Uuid } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { isUpcoming } from '@/utils/activities'
import { readJson, writeJson } from '@/utils/storage'

const UNIT_KEY = 'civic.h5.activityUnitId'
const SEEN_KEY = 'civic.h5.signups'
/** Activities that ended less than a day ago may still be running (an activity lasts at most 24 h). */
const LOOK_BACK_MS = 24 * 3600_000

interface Seen {
  /** The status of each sign-up when the list was last read. */
  statuses: Record<Uuid, SignupStatus>
  /** Moved up from the waitlist since, and not yet looked at. */
  promoted: Uuid[]
}

/** 活动: the activities of a unit (or all), every activity opened, and my sign-ups. */
export const useActivitiesStore = defineStore('activities', () => {
  const list = ref<Activity[]>([])
  const total = ref(0)
  /** The unit whose activities (and its children's) the list shows; null: all units. Remembered. */
  const unitId = ref<Uuid | null>(localStorage.getItem(UNIT_KEY))
  const byId = reactive(new Map<Uuid, Activity>())
  const mine = ref<MySignup[]>([])
  const mineLoaded = ref(false)
  const auth = useAuthStore()
  const seen = ref<Seen>({ statuses: {}, promoted: [] })
  /** What this person's phone saw last time, kept per person. */
  const seenKey = () => `${SEEN_KEY}.${auth.user?.id ?? ''}`

  /** My live or cancelled sign-up of each activity. */
  const mineByActivity = computed(() => new Map(mine.value.map((s) => [s.activity.id, s])))
  const promoted = computed(() => new Set(seen.value.promoted))

  function remember(activity: Activity): Activity {
    byId.set(activity.id, activity)
    const index = list.value.findIndex((a) => a.id === activity.id)
    if (index >= 0) list.value.splice(index, 1, activity)
    const signup = mine.value.find((s) => s.activity.id === activity.id)
    if (signup) signup.activity = activity
    return activity
  }

  function chooseUnit(id: Uuid | null) {
    unitId.value = id
    if (id) localStorage.setItem(UNIT_KEY, id)
    else localStorage.removeItem(UNIT_KEY)
  }

  /** The activities that have not ended yet, soonest first. */
  async function loadList(now = Date.now()): Promise<Activity[]> {
    const page = await activityApi.list({
      ...(unitId.value ? { orgUnitId: unitId.value } : {}),
      from: new Date(now - LOOK_BACK_MS).toISOString(),
      size: 50,
    })
    page.items.forEach((a) => byId.set(a.id, a))
    list.value = page.items.filter((a) => isUpcoming(a, now))
    total.value = page.totalItems - (page.items.length - list.value.length)
    return list.value
  }

  async function fetch(id: Uuid): Promise<Activity> {
    return remember(await activityApi.get(id))
  }

  /** My sign-ups, newest activity first; notes those that moved up from the waitlist since last read. */
  async function loadMine(): Promise<MySignup[]> {
    const page = await activityApi.mine()
    if (!mineLoaded.value) seen.value = readJson<Seen>(seenKey()) ?? { statuses: {}, promoted: [] }
    const statuses: Record<Uuid, SignupStatus> = {}
    const promotedNow = new Set(seen.value.promoted)
    for (const signup of page.items) {
      const id = signup.activity.id
      statuses[id] = signup.status
      if (seen.value.statuses[id] === 'WAITLISTED' && signup.status === 'CONFIRMED') promotedNow.add(id)
      if (signup.status !== 'CONFIRMED') promotedNow.delete(id)
      byId.set(id, signup.activity)
    }
    seen.value = { statuses, promoted: [...promotedNow].filter((id) => id in statuses) }
    writeJson(seenKey(), seen.value)
    mine.value = page.items
    mineLoaded.value = true
    return page.items
  }

  /** The volunteer has seen that they moved up. */
  function acknowledge(activityId: Uuid) {
    if (!seen.value.promoted.includes(activityId)) return
    seen.value = { ...seen.value, promoted: seen.value.promoted.filter((id) => id !== activityId) }
    writeJson(seenKey(), seen.value)
  }

  async function refresh(activityId: Uuid) {
    await Promise.all([fetch(activityId), loadMine()])
  }

  async function signUp(activityId: Uuid): Promise<Signup> {
    const signup = await activityApi.signUp(activityId)
    await refresh(activityId)
    return signup
  }

  async function cancel(activityId: Uuid): Promise<void> {
    await activityApi.cancel(activityId)
    await refresh(activityId)
  }

  async function checkIn(activityId: Uuid, code: string, type: CheckInType): Promise<ActivityCheckIn> {
    const done = await activityApi.checkIn(activityId, code, type)
    await loadMine()
    return done
  }

  function reset() {
    mine.value = []
    mineLoaded.value = false
    seen.value = { statuses: {}, promoted: [] }
  }

  // another person signed in on this phone: their sign-ups are not the last person's
  watch(
    () => auth.user?.id,
    () => reset(),
  )

  return {
    list,
    total,
    unitId,
    byId,
    mine,
    mineLoaded,
    mineByActivity,
    promoted,
    chooseUnit,
    loadList,
    fetch,
    loadMine,
    acknowledge,
    signUp,
    cancel,
    checkIn,
    reset,
  }
})
