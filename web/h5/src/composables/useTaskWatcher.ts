import { computed, watch } from 'vue'
import type { OrderEvent } from '@/api/types'
import { useAuthStore } from '@/stores/auth'
import { useTasksStore } from '@/stores/tasks'
import { success } from '@/ui/feedback'
import { zhCN as t } from '@/i18n/zh-CN'
import { useEventStream } from './useEventStream'
import { usePolling } from './usePolling'

export const TASK_POLL_INTERVAL_MS = 3000

/**
 * Keeps a team member's tasks current on every screen, so the 任务 tab shows a badge the moment
 * an order is dispatched to a team the user leads: `dispatch` and `order` events of the live
 * stream, or polling every 3 s while the stream is not connected; a leader's 抢单 pool follows
 * `pool` events.
 */
export function useTaskWatcher() {
  const auth = useAuthStore()
  const tasks = useTasksStore()
  const { live, on } = useEventStream()
  const watching = computed(() => auth.signedIn && auth.teams.length > 0)
  const myTeam = (teamId: string | null | undefined) => !!teamId && auth.teams.some((team) => team.id === teamId)

  on('dispatch', () => void tasks.refresh())
  on('order', (data) => {
    const event = data as OrderEvent | null
    if (watching.value && (myTeam(event?.teamId) || tasks.orders.some((o) => o.id === event?.id))) {
      void tasks.refresh()
    }
  })
  // 抢单: an order entered or left the pool of the leader's station
  on('pool', () => {
    if (auth.signedIn && auth.leaderTeams.length > 0) void tasks.loadPool().catch(() => undefined)
  })
  on('open', () => {
    if (watching.value) void tasks.refresh()
  })

  watch(
    watching,
    (on) => {
      if (on) void tasks.refresh().catch(() => undefined)
    },
    { immediate: true },
  )

  watch(
    () => tasks.unseen,
    (now, before) => {
      if (now > before) success(t.tasks.newDispatch)
    },
  )

  usePolling(() => tasks.refresh(), TASK_POLL_INTERVAL_MS, computed(() => watching.value && !live.value))
}
