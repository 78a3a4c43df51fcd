import { describe, expect, it, vi } from 'vitest'
import { ApiError, describeProblem, networkError } from '@/api/http'
import { useIdempotentSubmit } from './useIdempotentSubmit'

function keys() {
  let n = 0
  return () => `key-${++n}`
}

describe('useIdempotentSubmit', () => {
  it('sends one request for a double tap', async () => {
    const { submit, pending } = useIdempotentSubmit(keys())
    let release!: (v: string) => void
    const send = vi.fn(() => new Promise<string>((resolve) => (release = resolve)))
    const first = submit(send)
    const second = submit(send)
    expect(pending.value).toBe(true)
    expect(await second).toBeUndefined()
    release('order')
    expect(await first).toBe('order')
    expect(send).toHaveBeenCalledOnce()
    expect(pending.value).toBe(false)
  })

  it('keeps the key for a retry when no answer arrived, and drops it after the answer', async () => {
    const { submit, key } = useIdempotentSubmit(keys())
    const used: string[] = []
    const failing = async (k: string) => {
      used.push(k)
      throw networkError()
    }
    await expect(submit(failing)).rejects.toBeInstanceOf(ApiError)
    await expect(submit(async (k) => {
      used.push(k)
      throw describeProblem(503, null)
    })).rejects.toMatchObject({ kind: 'unavailable' })
    await submit(async (k) => {
      used.push(k)
      return 'ok'
    })
    expect(used).toEqual(['key-1', 'key-1', 'key-1'])
    expect(key.value).toBeNull()
    await submit(async (k) => used.push(k))
    expect(used[3]).toBe('key-2')
  })

  it('starts a new key once the service refused the content', async () => {
    const { submit } = useIdempotentSubmit(keys())
    const used: string[] = []
    await expect(
      submit(async (k) => {
        used.push(k)
        throw describeProblem(400, { errors: [{ field: 'title', message: '标题不能为空' }] })
      }),
    ).rejects.toMatchObject({ kind: 'invalid' })
    await submit(async (k) => used.push(k))
    expect(used).toEqual(['key-1', 'key-2'])
  })

  it('makes UUIDs by default', async () => {
    const { submit } = useIdempotentSubmit()
    let seen = ''
    await submit(async (k) => (seen = k))
    expect(seen).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
