import type { HistoryEntry } from '@/api/types'
import { zhCN as t } from '@/i18n/zh-CN'

/** A history entry in words: "已派单给 御河助老分队", "服务队退单", "已接单", ... */
export function describeHistory(entry: HistoryEntry, teamName: (id: string | null | undefined) => string): string {
  const action = entry.action ?? entry.status
  const team = teamName(entry.teamId)
  if (action === 'DISPATCHED' && team) return t.historyWithTeam.dispatchedTo(team)
  if (action === 'ACCEPTED' && team) return t.historyWithTeam.acceptedBy(team)
  return t.history[action] ?? t.status[entry.status] ?? action
}
