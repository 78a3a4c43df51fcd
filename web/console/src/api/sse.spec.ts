import { describe, expect, it, vi } from 'vitest'
import { openEventStream, SseParser, type SseMessage } from './sse'

describe('SseParser', () => {
  it('reads named events with data and id, and skips comments', () => {
    const parser = new SseParser()
    const messages = parser.feed(': keep-alive\n\nevent: order\nid: 7\ndata: {"id":"a","status":"DISPATCHED"}\n\n')
    expect(messages).toEqual([{ event: 'order', data: '{"id":"a","status":"DISPATCHED"}', id: '7' }])
    expect(parser.lastEventId).toBe('7')
  })

  it('joins multi-line data and defaults the type to message', () => {
    expect(new SseParser().feed('data: first\ndata:second\ndata\n\n')).toEqual([
      { event: 'message', data: 'first\nsecond\n', id: '' },
    ])
  })

  it('puts together lines split across chunks, including a CRLF split in two', () => {
    const parser = new SseParser()
    const seen: SseMessage[] = []
    for (const chunk of ['ev', 'ent: dispatch\r', '\ndata: {"id"', ':"b"}\r', '\n\r', '\n']) seen.push(...parser.feed(chunk))
    expect(seen).toEqual([{ event: 'dispatch', data: '{"id":"b"}', id: '' }])
  })

  it('accepts bare CR line endings', () => {
    expect(new SseParser().feed('event: order\rdata: x\r\r')).toEqual([{ event: 'order', data: 'x', id: '' }])
  })

  it('dispatches nothing for an event without data, and keeps the id for later events', () => {
    const parser = new SseParser()
    expect(parser.feed('id: 42\nevent: order\n\n')).toEqual([])
    expect(parser.feed('data: y\n\n')).toEqual([{ event: 'message', data: 'y', id: '42' }])
  })

  it('reads retry and ignores unknown fields', () => {
    const parser = new SseParser()
    expect(parser.feed('retry: 5000\nfoo: bar\ndata: z\n\n')).toHaveLength(1)
    expect(parser.retry).toBe(5000)
  })
})

function streamResponse(chunks: string[], status = 200): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((c) => controller.enqueue(encoder.encode(c)))
      controller.close()
    },
  })
  return new Response(body, { status, headers: { 'Content-Type': 'text/event-stream' } })
}

describe('openEventStream', () => {
  it('sends the bearer token, delivers events and resumes with Last-Event-ID after a break', async () => {
    const calls: Record<string, string>[] = []
    const fetchImpl = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ ...(init?.headers as Record<string, string>) })
      return calls.length === 1
        ? streamResponse(['event: order\nid: 1\ndata: {"id":"o1"}\n\n'])
        : streamResponse(['event: order\nid: 2\ndata: {"id":"o2"}\n\n'])
    })
    const received: string[] = []
    const opened = vi.fn()
    const handle: { close(): void } = openEventStream({
      url: '/api/events/stream',
      token: () => 'tok',
      fetchImpl: fetchImpl as unknown as typeof fetch,
      backoff: () => 0,
      onOpen: opened,
      onMessage: (m) => {
        received.push(m.data)
        if (received.length === 2) handle.close()
      },
    })
    await vi.waitFor(() => expect(received).toEqual(['{"id":"o1"}', '{"id":"o2"}']))
    expect(calls[0].Authorization).toBe('Bearer tok')
    expect(calls[0]['Last-Event-ID']).toBeUndefined()
    expect(calls[1]['Last-Event-ID']).toBe('1')
    expect(opened).toHaveBeenCalledTimes(2)
  })

  it('backs off when the stream is missing and stops on 401', async () => {
    const statuses = [404, 503, 401]
    const fetchImpl = vi.fn(async () => new Response('{}', { status: statuses.shift() ?? 401 }))
    const errors: (number | null)[] = []
    const waits: number[] = []
    const unauthorized = vi.fn()
    openEventStream({
      url: '/api/events/stream',
      token: () => 'tok',
      fetchImpl: fetchImpl as unknown as typeof fetch,
      backoff: (attempt) => {
        waits.push(attempt)
        return 0
      },
      onError: (_attempt, status) => errors.push(status),
      onUnauthorized: unauthorized,
      onMessage: () => {},
    })
    await vi.waitFor(() => expect(unauthorized).toHaveBeenCalled())
    expect(errors).toEqual([404, 503])
    expect(waits).toEqual([1, 2])
    expect(fetchImpl).toHaveBeenCalledTimes(3)
  })
})
