import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, describeProblem, request, setAuthHooks } from './http'

function problem(status: number, body: object, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  })
}

afterEach(() => {
  vi.unstubAllGlobals()
  setAuthHooks({ token: () => null, onUnauthorized: () => {} })
})

describe('error messages', () => {
  it('says a service is unavailable for 502, 503 and 504, whatever the detail', () => {
    for (const status of [502, 503, 504]) {
      const error = describeProblem(status, { status, detail: 'points-service is down' })
      expect(error.message).toBe('服务暂时不可用，请稍后再试')
      expect(error.transient).toBe(true)
    }
  })

  it('says the platform is busy for a 503 that says when to come back', () => {
    const error = describeProblem(503, { status: 503, detail: '订单服务繁忙，请稍后再试 (order-service busy)' }, {
      retryAfterSeconds: 1,
    })
    expect(error.message).toBe('当前使用人数较多，请 1 秒后再试')
    expect(error.transient).toBe(true)
  })

  it('shows the Chinese detail the services write', () => {
    expect(describeProblem(409, { detail: '积分不足' }).message).toBe('积分不足')
    expect(describeProblem(403, { detail: '只有队长可以接单' }).message).toBe('只有队长可以接单')
  })

  it('replaces an English detail with plain words', () => {
    expect(describeProblem(409, { detail: 'Conflict' }).message).toBe('操作与当前状态冲突，请刷新后再试')
    expect(describeProblem(404, null).message).toBe('没有找到相关内容，可能已被删除')
  })

  it('lists the field messages of a validation problem', () => {
    const error = describeProblem(400, {
      detail: '请求参数不正确',
      errors: [
        { field: 'title', message: '标题不能为空' },
        { field: 'contactPhone', message: '请填写联系电话' },
      ],
    })
    expect(error.message).toBe('标题不能为空；请填写联系电话')
    expect(error.fieldErrors).toEqual({ title: '标题不能为空', contactPhone: '请填写联系电话' })
  })

  it('asks to slow down on 429, with the wait when known', () => {
    expect(describeProblem(429, null).message).toBe('操作太频繁，请稍后再试')
    expect(describeProblem(429, null, { retryAfterSeconds: 30 }).message).toBe('操作太频繁，请 30 秒后再试')
  })

  it('reads a 401 at login as a wrong password, elsewhere as an expired session', () => {
    expect(describeProblem(401, { detail: '手机号或密码不正确' }, { login: true }).message).toBe('手机号或密码不正确')
    expect(describeProblem(401, { detail: 'Unauthorized' }).message).toBe('登录已过期，请重新登录')
  })
})

describe('request', () => {
  it('sends the token and the Idempotency-Key and reads JSON', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ id: 'o1' }), { status: 201 }))
    vi.stubGlobal('fetch', fetchMock)
    setAuthHooks({ token: () => 'tok', onUnauthorized: () => {} })
    const answer = await request<{ id: string }>('POST', '/api/orders', { body: { a: 1 }, idempotencyKey: 'k1' })
    expect(answer.id).toBe('o1')
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/orders')
    const headers = init.headers as Record<string, string>
    expect(headers.Authorization).toBe('Bearer tok')
    expect(headers['Idempotency-Key']).toBe('k1')
    expect(init.body).toBe('{"a":1}')
  })

  it('turns a failed connection into the unavailable message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const error = await request('GET', '/api/me').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).kind).toBe('network')
    expect((error as ApiError).message).toBe('服务暂时不可用，请稍后再试')
  })

  it('ends the session when a request with a token answers 401', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(401, { detail: '登录凭证无效或已过期，请重新登录' })))
    const onUnauthorized = vi.fn()
    setAuthHooks({ token: () => 'old', onUnauthorized })
    await expect(request('GET', '/api/me')).rejects.toMatchObject({ kind: 'unauthorized' })
    expect(onUnauthorized).toHaveBeenCalledOnce()
  })

  it('reads Retry-After on a busy 503, and a 503 without it is a service that is down', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(503, { detail: '订单服务繁忙，请稍后再试 (order-service busy)' }, { 'Retry-After': '1' })))
    await expect(request('POST', '/api/orders', { body: {} })).rejects.toMatchObject({ message: '当前使用人数较多，请 1 秒后再试' })
    vi.stubGlobal('fetch', vi.fn(async () => problem(503, { detail: '订单服务暂时不可用，请稍后再试 (order-service unavailable)' })))
    await expect(request('POST', '/api/orders', { body: {} })).rejects.toMatchObject({ message: '服务暂时不可用，请稍后再试' })
  })

  it('reads Retry-After on 429', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(429, { detail: 'Too Many Requests' }, { 'Retry-After': '12' })))
    await expect(request('GET', '/api/catalog')).rejects.toMatchObject({ message: '操作太频繁，请 12 秒后再试' })
  })

  it('leaves out empty query values', async () => {
    const fetchMock = vi.fn(async () => new Response('{"items":[]}', { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    await request('GET', '/api/orders', { query: { status: 'DISPATCHED', teamId: undefined, mine: true } })
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/orders?status=DISPATCHED&mine=true')
  })
})
