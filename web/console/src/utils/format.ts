// Dates, durations and numbers as a Chinese reader expects them.
import { zhCN as t } from '@/i18n/zh-CN'
import type { HistoryEntry } from '@/api/types'

const pad = (n: number) => String(n).padStart(2, '0')

/** 2024-05-01 14:30 in the reader's local time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A local calendar day as yyyy-MM-dd. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** The last `days` days up to and including today, as [from, to) calendar days. */
export function lastDays(days: number, now = new Date()): [string, string] {
  const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
  const start = new Date(end.getFullYear(), end.getMonth(), end.getDate() - days)
  return [isoDay(start), isoDay(end)]
}

/** The day after yyyy-MM-dd (a picked last day becomes the exclusive end of the range). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return isoDay(new Date(y, m - 1, d + 1))
}

/** How long, in words: 45 分钟, 3 小时 20 分钟, 2 天 5 小时. */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.round(minutes))
  if (total < 60) return t.time.minutes(total)
  const hours = Math.floor(total / 60)
  if (hours < 24) return t.time.hours(hours, total % 60)
  return t.time.days(Math.floor(hours / 24), hours % 24)
}

/** 0.8534 → 85.3% */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return t.app.none
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return t.app.none
  return value.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

export function formatHours(value: number | string | null | undefined): string {
  const n = Number(value ?? 0)
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '0'
}

/** Hours as typed: more than 0, at most 24, at most two decimals. */
export function parseHours(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(trimmed)) return null
  const value = Number(trimmed)
  return value > 0 && value <= 24 ? value : null
}

export const PHONE = /^1\d{10}$/

/** 13800000002 → 138 0000 0002, as a phone number is read out; anything else as it is. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return ''
  return /^\d{11}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone
}

/** A history entry in words: "已派单给 御河助老分队", "服务队退单", "已督办", ... */
export function describeHistory(entry: HistoryEntry, teamName: (id: string | null | undefined) => string): string {
  const action = entry.action ?? entry.status
  const team = teamName(entry.teamId)
  if (action === 'DISPATCHED' && team) return t.historyWithTeam.dispatchedTo(team)
  if (action === 'ACCEPTED' && team) return t.historyWithTeam.acceptedBy(team)
  return t.history[action] ?? t.status[entry.status] ?? action
}

export function categoryName(code: string): string {
  return t.categories[code] ?? code
}
