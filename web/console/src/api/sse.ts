// Server-sent events over fetch(): EventSource cannot send the Authorization header the
// gateway requires, so the stream is read and parsed here (WHATWG "event stream" format).

export interface SseMessage {
  /** `message` when the server named no event type. */
  event: string
  data: string
  /** The last event id seen so far (kept across messages, as the spec says). */
  id: string
}

/**
 * An incremental parser: feed it text as it arrives, in pieces of any size, and it returns the
 * complete messages. Comment lines (": keep-alive") are ignored; `retry:` is reported through
 * {@link SseParser.retry}.
 */
export class SseParser {
  private buffer = ''
  private eventType = ''
  private data: string[] = []
  private hasData = false
  private pendingCr = false
  lastEventId = ''
  retry: number | null = null

  feed(chunk: string): SseMessage[] {
    const out: SseMessage[] = []
    let text = chunk
    // a CR at the end of the previous chunk may be the first half of a CRLF
    if (this.pendingCr) {
      this.pendingCr = false
      if (text.startsWith('\n')) text = text.slice(1)
    }
    this.buffer += text
    let start = 0
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i]
      if (c !== '\n' && c !== '\r') continue
      const line = this.buffer.slice(start, i)
      if (c === '\r') {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === '\n') i++
        } else {
          this.pendingCr = true
        }
      }
      start = i + 1
      const message = this.line(line)
      if (message) out.push(message)
    }
    this.buffer = this.buffer.slice(start)
    return out
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch()
    if (line.startsWith(':')) return null
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    switch (field) {
      case 'event':
        this.eventType = value
        break
      case 'data':
        this.data.push(value)
        this.hasData = true
        break
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value
        break
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value)
        break
      default:
        break
    }
    return null
  }

  private dispatch(): SseMessage | null {
    const type = this.eventType || 'message'
    this.eventType = ''
    if (!this.hasData) return null
    const data = this.data.join('\n')
    this.data = []
    this.hasData = false
    return { event: type, data, id: this.lastEventId }
  }
}

export interface StreamOptions {
  url: string
  token: () => string | null
  onMessage: (message: SseMessage) => void
  /** The stream is (re)connected and delivering. */
  onOpen?: () => void
  /** The stream broke or could not be opened; `attempt` counts failures in a row. */
  onError?: (attempt: number, status: number | null) => void
  /** The server refused the token: stop until signed in again. */
  onUnauthorized?: () => void
  /** Milliseconds to wait before reconnection `attempt` (1, 2, ...). */
  backoff?: (attempt: number) => number
  fetchImpl?: typeof fetch
}

export function defaultBackoff(attempt: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1))
  return base / 2 + Math.random() * (base / 2)
}

export interface StreamHandle {
  close(): void
  readonly lastEventId: string
}

/** Opens the stream and keeps it open (reconnecting with backoff and Last-Event-ID) until closed. */
export function openEventStream(options: StreamOptions): StreamHandle {
  const fetchImpl = options.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args))
  const backoff = options.backoff ?? defaultBackoff
  let closed = false
  let lastEventId = ''
  let controller: AbortController | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let failures = 0

  const schedule = (status: number | null) => {
    if (closed) return
    failures++
    options.onError?.(failures, status)
    timer = setTimeout(connect, backoff(failures))
  }

  async function connect(): Promise<void> {
    timer = null
    if (closed) return
    const token = options.token()
    if (!token) {
      options.onUnauthorized?.()
      return
    }
    controller = new AbortController()
    const headers: Record<string, string> = {
      Accept: 'text/event-stream',
      Authorization: `Bearer ${token}`,
      'Cache-Control': 'no-cache',
    }
    if (lastEventId) headers['Last-Event-ID'] = lastEventId
    let response: Response
    try {
      response = await fetchImpl(options.url, { headers, signal: controller.signal, cache: 'no-store' })
    } catch {
      schedule(null)
      return
    }
    if (response.status === 401) {
      options.onUnauthorized?.()
      return
    }
    const type = response.headers.get('Content-Type') ?? ''
    if (!response.ok || !response.body || !type.includes('text/event-stream')) {
      schedule(response.status)
      return
    }
    failures = 0
    options.onOpen?.()
    const parser = new SseParser()
    parser.lastEventId = lastEventId
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        for (const message of parser.feed(value)) {
          lastEventId = message.id
          options.onMessage(message)
        }
        lastEventId = parser.lastEventId
      }
    } catch {
      // the connection broke: reconnect below
    }
    if (!closed) schedule(null)
  }

  void connect()
  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      controller?.abort()
    },
    get lastEventId() {
      return lastEventId
    },
  }
}
