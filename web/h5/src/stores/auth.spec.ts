import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuthStore } from './auth'
import { authToken } from '@/api/http'

const login = {
  accessToken: 'tok-1',
  tokenType: 'Bearer',
  expiresIn: 7200,
  user: { id: 'u1', name: '张大爷', roles: ['RESIDENT'] },
}
const me = { id: 'u1', phone: '13912345678', name: '张大爷', roles: ['RESIDENT'], volunteer: null, staffScopes: [], teams: [] }

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
    expect(again.user?.name).toBe('张大爷')
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
    expect(auth.user?.name).toBe('张大爷')
  })

  it('knows a volunteer whose role comes with the next sign-in', async () => {
    vi.stubGlobal('fetch', fakeApi())
    const auth = useAuthStore()
    await auth.login('13912345678', 'Secret123')
    auth.me = { ...me, roles: ['RESIDENT'], volunteer: { userId: 'u1', volunteerNo: 'V1', realName: '张三', skills: [], stationId: 's1' } } as never
    expect(auth.isVolunteer).toBe(false)
    expect(auth.volunteerPending).toBe(true)
  })
})
