import { afterEach, describe, expect, it, vi } from 'vitest'
import { useAccountLookup } from './useAccountLookup'

const zheng = { id: 'u-zheng', name: '郑干事', phone: '13900000601', roles: ['RESIDENT'] }

afterEach(() => vi.unstubAllGlobals())

describe('useAccountLookup', () => {
  it('finds the account with exactly the phone typed', async () => {
    const fetch = vi.fn(async (_url: string) => new Response(JSON.stringify(zheng), { status: 200 }))
    vi.stubGlobal('fetch', fetch)
    const lookup = useAccountLookup()
    await lookup.lookUp(' 13900000601 ')
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(String(fetch.mock.calls[0][0])).toBe('/api/users?phone=13900000601')
    expect(lookup.found.value?.name).toBe('郑干事')
    expect(lookup.error.value).toBeNull()
  })

  it('says what is wrong with a phone before asking anyone', async () => {
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    const lookup = useAccountLookup()
    for (const odd of ['1390000060', '+8613900000601', '139 0000 0601', '']) {
      await lookup.lookUp(odd)
      expect(lookup.error.value).toBe('请输入以 1 开头的 11 位手机号')
      expect(lookup.found.value).toBeNull()
    }
    expect(fetch).not.toHaveBeenCalled()
  })

  it('says nobody has that phone in the words of the API', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ status: 404, detail: '没有这个手机号的用户' }), { status: 404 })),
    )
    const lookup = useAccountLookup()
    await lookup.lookUp('13900000602')
    expect(lookup.error.value).toBe('没有这个手机号的用户')
    expect(lookup.found.value).toBeNull()
  })

  it('forgets an answer that arrives after the phone was changed', async () => {
    let answer: (r: Response) => void = () => {}
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))))
    const lookup = useAccountLookup()
    const pending = lookup.lookUp('13900000601')
    expect(lookup.pending.value).toBe(true)
    lookup.clear() // typing again
    answer(new Response(JSON.stringify(zheng), { status: 200 }))
    expect(await pending).toBeNull()
    expect(lookup.found.value).toBeNull()
    expect(lookup.pending.value).toBe(false)
  })
})
