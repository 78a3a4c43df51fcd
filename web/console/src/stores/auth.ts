import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { authApi } from '@/api'
import { setAuthHooks } from '@/api/http'
import type { LoginResponse, Me, Role, Uuid } from '@/api/types'
import { readJson, writeJson } from '@/utils/storage'

const SESSION_KEY = 'civic.console.session'
const PHONE_KEY = 'civic.console.phone'
/** Sign in again a little before the token ends, not in the middle of a request. */
const EXPIRY_MARGIN_MS = 30_000

interface StoredSession {
  token: string
  expiresAt: number
  user: { id: Uuid; name: string; roles: Role[] }
}

export const useAuthStore = defineStore('auth', () => {
  const stored = readJson<StoredSession>(SESSION_KEY)
  const valid = stored && typeof stored.token === 'string' && stored.expiresAt > Date.now() + EXPIRY_MARGIN_MS
  const token = ref<string | null>(valid ? stored.token : null)
  const expiresAt = ref<number>(valid ? stored.expiresAt : 0)
  const user = ref<StoredSession['user'] | null>(valid ? stored.user : null)
  const me = ref<Me | null>(null)
  /** The session ended while the app was open: a sign-in sheet covers the page, which keeps its state. */
  const reauthRequired = ref(false)
  const lastPhone = ref<string>(localStorage.getItem(PHONE_KEY) ?? '')
  let expiryTimer: ReturnType<typeof setTimeout> | null = null

  const signedIn = computed(() => token.value !== null)
  const roles = computed<Role[]>(() => user.value?.roles ?? [])
  const isAdmin = computed(() => roles.value.includes('ADMIN'))
  const isStaff = computed(() => roles.value.includes('STAFF'))
  /** The console is for staff and administrators; anyone else is told so on a page of its own. */
  const mayUseConsole = computed(() => isAdmin.value || isStaff.value)
  /** The units the signed-in staff member looks after (with everything under them); ADMIN: all. */
  const staffScopes = computed<Uuid[]>(() => me.value?.staffScopes ?? [])
  /** Granted staff after the token was issued: the role comes with the next sign-in. */
  const staffPending = computed(() => !mayUseConsole.value && staffScopes.value.length > 0)

  function persist() {
    writeJson(
      SESSION_KEY,
      token.value && user.value ? { token: token.value, expiresAt: expiresAt.value, user: user.value } : null,
    )
  }

  function armExpiry() {
    if (expiryTimer) clearTimeout(expiryTimer)
    expiryTimer = null
    if (!token.value) return
    const wait = expiresAt.value - Date.now() - EXPIRY_MARGIN_MS
    // setTimeout cannot wait longer than ~24.8 days; tokens live hours
    expiryTimer = setTimeout(expire, Math.max(0, Math.min(wait, 2 ** 31 - 1)))
  }

  function accept(login: LoginResponse, phone: string) {
    token.value = login.accessToken
    expiresAt.value = Date.now() + login.expiresIn * 1000
    user.value = { id: login.user.id, name: login.user.name, roles: login.user.roles }
    reauthRequired.value = false
    lastPhone.value = phone
    localStorage.setItem(PHONE_KEY, phone)
    persist()
    armExpiry()
  }

  async function login(phone: string, password: string): Promise<void> {
    const previousUser = user.value?.id
    const answer = await authApi.login({ phone, password })
    if (previousUser && previousUser !== answer.user.id) me.value = null
    accept(answer, phone)
    await loadMe().catch(() => undefined)
  }

  async function loadMe(): Promise<Me | null> {
    if (!token.value) return null
    me.value = await authApi.me()
    return me.value
  }

  /** The token ran out (or was refused): ask to sign in again over the current page. */
  function expire() {
    if (!token.value) return
    token.value = null
    expiresAt.value = 0
    persist()
    reauthRequired.value = true
  }

  function logout() {
    if (expiryTimer) clearTimeout(expiryTimer)
    token.value = null
    expiresAt.value = 0
    user.value = null
    me.value = null
    reauthRequired.value = false
    persist()
  }

  function dismissReauth() {
    reauthRequired.value = false
  }

  setAuthHooks({
    token: () => {
      if (token.value && Date.now() > expiresAt.value) {
        expire()
        return null
      }
      return token.value
    },
    onUnauthorized: expire,
  })
  armExpiry()

  return {
    token,
    expiresAt,
    user,
    me,
    reauthRequired,
    lastPhone,
    signedIn,
    roles,
    isAdmin,
    isStaff,
    mayUseConsole,
    staffScopes,
    staffPending,
    login,
    loadMe,
    expire,
    logout,
    dismissReauth,
  }
})
