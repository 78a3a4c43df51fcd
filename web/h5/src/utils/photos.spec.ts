import { describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES, normaliseCheckInCode, photoProblem } from './photos'

describe('photoProblem', () => {
  it('lets JPEG, PNG and WebP photos of up to 5 MB go', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp']) {
      expect(photoProblem({ type, size: MAX_PHOTO_BYTES })).toBeNull()
    }
  })

  it('says in words why other files cannot go', () => {
    expect(photoProblem({ type: 'application/pdf', size: 1000 })).toBe('只能上传 JPEG、PNG 或 WebP 格式的照片')
    expect(photoProblem({ type: 'image/gif', size: 1000 })).toContain('JPEG')
    expect(photoProblem({ type: 'image/jpeg', size: MAX_PHOTO_BYTES + 1 })).toBe('照片不能超过 5 MB')
  })
})

describe('normaliseCheckInCode', () => {
  it('reads a typed code in any case, with spaces or a dash', () => {
    expect(normaliseCheckInCode(' k7m2 qx4p ')).toBe('K7M2QX4P')
    expect(normaliseCheckInCode('K7M2-QX4P')).toBe('K7M2QX4P')
  })

  it('finds the code in what a QR code holds around it', () => {
    expect(normaliseCheckInCode('civic-check-in:K7M2QX4P')).toBe('K7M2QX4P')
  })
})
