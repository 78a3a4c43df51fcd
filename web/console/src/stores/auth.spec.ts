import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuthStore } from './auth'
import { authToken } from '@/api/http'

const login = {
  accessToken: 'tok-1',
  tokenType: 'Bearer',
  expiresIn: 7200,
  user: { id: 'u1', name: '王站长', roles: ['RESIDENT'] },
}
const me = { id: 'u1', phone: '13912345678', name: '王站长', roles: ['RESIDENT'], volunteer: null, staffScopes: [], teams: [] }

function fakeApi() {
  return vi.fn(async (url: string) => {
    if (url === '/api/auth/login') return new Response(JSON.stringify(login), { status: 200 })
    if (url === '/api/me') return new Response(JSON.stringify(me), { status: 200 })
    return new Response('{}', { status: 404 })
  })
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('auth store', () => {
  it('keeps the session in localStorage until the token ends', async () => {
    vi.stubGlobal('fetch', fakeApi())
    const auth = useAuthStore()
    await auth.login('13912345678', 'Secret123')
    expect(auth.signedIn).toBe(true)
    expect(auth.me?.phone).toBe('13912345678')
    expect(authToken()).toBe('tok-1')

    // a new page load reads the stored session
    setActivePinia(createPinia())
    const again = useAuthStore()
    expect(again.signedIn).toBe(true)
    expect(again.user?.name).toBe('王站长')
    expect(again.lastPhone).toBe('13912345678')
  })

  it('forgets a stored session whose token has ended', () => {
    localStorage.setItem(
      'civic.h5.session',
      JSON.stringify({ token: 'old', expiresAt: Date.now() - 1000, user: login.user }),
    )
    expect(useAuthStore().signedIn).toBe(false)
  })

  it('asks to sign in again when the token runs out, without leaving the page', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('fetch', fakeApi())
    const auth = useAuthStore()
    await auth.login('13912345678', 'Secret123')
    expect(auth.reauthRequired).toBe(false)
    vi.advanceTimersByTime(7200 * 1000)
    expect(auth.signedIn).toBe(false)
    expect(auth.reauthRequired).toBe(true)
    // the user stays known, so the sign-in sheet can greet them
    expect(auth.user?.name).toBe('王站长')
  })

  it('lets staff and administrators into the console, and knows a grant that comes with the next sign-in', async () => {
    vi.stubGlobal('fetch', fakeApi())
    const auth = useAuthStore()
    await auth.login('13912345678', 'Secret123')
    expect(auth.mayUseConsole).toBe(false)
    expect(auth.staffPending).toBe(false)
    auth.me = { ...me, staffScopes: ['s1'] } as never
    expect(auth.staffPending).toBe(true)
    auth.user = { ...login.user, roles: ['RESIDENT', 'STAFF'] } as never
    expect(auth.mayUseConsole).toBe(true)
    expect(auth.isAdmin).toBe(false)
    expect(auth.staffPending).toBe(false)
  })
})
