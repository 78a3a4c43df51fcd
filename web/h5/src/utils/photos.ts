import { zhCN as t } from '@/i18n/zh-CN'

/** Photos per order, the resident's and the team's together (API.md). */
export const MAX_PHOTOS = 9

/** The largest photo the API takes. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp']

/** What the file picker offers. */
export const PHOTO_ACCEPT = PHOTO_TYPES.join(',')

/**
 * Why a picked file cannot be sent, in words; null when it may go. The server decides from the
 * bytes in the end; this only spares a resident a long upload that would be refused.
 */
export function photoProblem(file: { type: string; size: number }): string | null {
  if (!PHOTO_TYPES.includes(file.type)) return t.photos.wrongType
  if (file.size > MAX_PHOTO_BYTES) return t.photos.tooLarge
  return null
}

/** What the typed or scanned code becomes: capitals, no spaces or dashes (the API reads it the same way). */
export function normaliseCheckInCode(text: string): string {
  const trimmed = text.trim()
  // a QR code may hold a link or text around the code: take the last run of 8 code characters
  const match = trimmed.toUpperCase().match(/[2-9A-HJ-NP-Z]{8}(?![2-9A-HJ-NP-Z])/g)
  if (match && trimmed.replace(/[\s-]/g, '').length > 8) return match[match.length - 1]
  return trimmed.replace(/[\s-]/g, '').toUpperCase()
}
