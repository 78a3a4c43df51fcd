import { describe, expect, it } from 'vitest'
import { describeProblem } from '@/api/http'
import { useResource } from './useResource'

describe('useResource', () => {
  it('tells a missing endpoint (404) apart from a service that is down (503)', async () => {
    const missing = useResource(() => Promise.reject(describeProblem(404, null)))
    await missing.load()
    expect(missing.missing.value).toBe(true)

    const down = useResource(() => Promise.reject(describeProblem(503, { detail: 'order-service down' })))
    await down.load()
    expect(down.missing.value).toBe(false)
    expect(down.error.value).toBe('服务暂时不可用，请稍后再试')
  })

  it('keeps the last value when a reload fails', async () => {
    let fail = false
    const r = useResource(() => (fail ? Promise.reject(describeProblem(503, null)) : Promise.resolve(42)))
    await r.load()
    fail = true
    await r.load()
    expect(r.data.value).toBe(42)
    expect(r.error.value).toBe('服务暂时不可用，请稍后再试')
  })
})
