// Dates and numbers as a Chinese reader expects them.

const pad = (n: number) => String(n).padStart(2, '0')

/** 2024-05-01 14:30 in the reader's local time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function formatDate(iso: string | null | undefined): string {
  return formatDateTime(iso).slice(0, 10)
}

/** A local date and time as ISO-8601 with the local offset, e.g. 2024-05-01T14:30:00+08:00. */
export function toIsoWithOffset(d: Date): string {
  const offset = -d.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}

/** Hours as typed: more than 0, at most 24, at most two decimals. */
export function parseHours(text: string): number | null {
  const trimmed = text.trim()
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(trimmed)) return null
  const value = Number(trimmed)
  return value > 0 && value <= 24 ? value : null
}

export function formatHours(value: number | string | null | undefined): string {
  const n = Number(value ?? 0)
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '0'
}

export const PHONE = /^1\d{10}$/
