import { zhCN as t } from '@/i18n/zh-CN'
import type { Problem } from './types'

/** How a failed call reads to a person, and what the app does about it. */
export type ErrorKind =
  | 'network' // no answer at all (offline, connection refused, time-out)
  | 'unavailable' // 502/503/504: a service is down
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'invalid'
  | 'tooMany'
  | 'unknown'

export class ApiError extends Error {
  readonly kind: ErrorKind
  readonly status: number
  readonly problem: Problem | null
  /** Field name → message, from a validation problem's `errors`. */
  readonly fieldErrors: Record<string, string>

  constructor(kind: ErrorKind, status: number, message: string, problem: Problem | null = null) {
    super(message)
    this.name = 'ApiError'
    this.kind = kind
    this.status = status
    this.problem = problem
    this.fieldErrors = {}
    for (const e of problem?.errors ?? []) {
      if (e && typeof e.field === 'string' && !(e.field in this.fieldErrors)) {
        this.fieldErrors[e.field] = e.message
      }
    }
  }

  /** No answer arrived from the service that owns the request: the same request may be sent again. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'unavailable' || this.kind === 'tooMany'
  }
}

const CJK = /[\u3400-\u9fff]/

/** Services write their details in Chinese; anything else (a framework default) is replaced. */
function readable(text: string | undefined | null): string | null {
  return text && CJK.test(text) ? text : null
}

function kindOf(status: number): ErrorKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'notFound'
  if (status === 409 || status === 422) return 'conflict'
  if (status === 400 || status === 413 || status === 415) return 'invalid'
  if (status === 429) return 'tooMany'
  if (status === 502 || status === 503 || status === 504) return 'unavailable'
  return 'unknown'
}

export interface DescribeOptions {
  /** A 401 from the login form means a wrong phone or password, not an expired session. */
  login?: boolean
  retryAfterSeconds?: number | null
}

/** The plain-words message for an answer with `status` and (maybe) a problem+json body. */
export function describeProblem(status: number, problem: Problem | null, options: DescribeOptions = {}): ApiError {
  const kind = kindOf(status)
  let message: string
  switch (kind) {
    case 'unavailable':
      // a 503 with Retry-After is a busy platform (the gateway's admission control, a service without
      // a free database connection), not one that is down
      message =
        status === 503 && options.retryAfterSeconds && options.retryAfterSeconds > 0
          ? t.errors.busyAfter(options.retryAfterSeconds)
          : t.errors.unavailable
      break
    case 'tooMany':
      message =
        options.retryAfterSeconds && options.retryAfterSeconds > 0
          ? t.errors.tooManyAfter(options.retryAfterSeconds)
          : t.errors.tooMany
      break
    case 'unauthorized':
      message = options.login
        ? (readable(problem?.detail) ?? t.errors.badLogin)
        : t.errors.sessionExpired
      break
    case 'invalid': {
      const fieldMessages = (problem?.errors ?? []).map((e) => readable(e.message)).filter((m): m is string => !!m)
      message =
        fieldMessages.length > 0
          ? [...new Set(fieldMessages)].join('；')
          : (readable(problem?.detail) ?? (status === 413 ? t.errors.tooLarge : t.errors.invalid))
      break
    }
    case 'forbidden':
      message = readable(problem?.detail) ?? t.errors.forbidden
      break
    case 'notFound':
      message = readable(problem?.detail) ?? t.errors.notFound
      break
    case 'conflict':
      message = readable(problem?.detail) ?? t.errors.conflict
      break
    default:
      message = status >= 500 ? t.errors.unavailable : (readable(problem?.detail) ?? t.errors.unknown)
  }
  return new ApiError(kind, status, message, problem)
}

export function networkError(): ApiError {
  return new ApiError('network', 0, t.errors.unavailable)
}

/** The message to show for anything a call threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return t.errors.unknown
}

// ---- the one fetch wrapper

export interface AuthHooks {
  token(): string | null
  /** A request with a token was refused with 401: the session is over. */
  onUnauthorized(): void
}

let hooks: AuthHooks = { token: () => null, onUnauthorized: () => {} }

export function setAuthHooks(h: AuthHooks): void {
  hooks = h
}

export function authToken(): string | null {
  return hooks.token()
}

export type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  query?: Query
  body?: unknown
  idempotencyKey?: string
  /** Send no token even when signed in (register, login). */
  anonymous?: boolean
  login?: boolean
  timeoutMs?: number
  signal?: AbortSignal
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, 'application/json, application/problem+json', options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** A file the API makes (an export): its bytes and the name the server suggests. */
export interface Download {
  blob: Blob
  fileName: string | null
}

export async function requestFile(path: string, accept: string, options: RequestOptions = {}): Promise<Download> {
  const response = await send('GET', path, `${accept}, application/problem+json`, { timeoutMs: 120_000, ...options })
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1]
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1]
  let fileName: string | null = plain ?? null
  if (encoded) {
    try {
      fileName = decodeURIComponent(encoded)
    } catch {
      fileName = plain ?? null
    }
  }
  return { blob: await response.blob(), fileName }
}

/** Sends the request and answers the response when it is a success; anything else is thrown as an ApiError. */
async function send(method: string, path: string, accept: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept }
  const token = options.anonymous ? null : hooks.token()
  if (token) headers.Authorization = `Bearer ${token}`
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey

  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 20_000)
  const onAbort = () => controller.abort()
  options.signal?.addEventListener('abort', onAbort)
  let response: Response
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: controller.signal,
      credentials: 'same-origin',
    })
  } catch (e) {
    if (options.signal?.aborted) throw e
    throw networkError()
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }

  if (response.ok) return response

  let problem: Problem | null = null
  try {
    const text = await response.text()
    const parsed: unknown = text ? JSON.parse(text) : null
    if (parsed && typeof parsed === 'object') problem = parsed as Problem
  } catch {
    problem = null
  }
  const retryAfter = Number(response.headers.get('Retry-After'))
  const error = describeProblem(response.status, problem, {
    login: options.login,
    retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null,
  })
  if (error.kind === 'unauthorized' && token && !options.login) hooks.onUnauthorized()
  throw error
}
