import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { useOrder } from './useOrder'
import { startEventStream, stopEventStream } from './useEventStream'

let status = 'PLACED'
let streamChunks: ReadableStreamDefaultController<Uint8Array> | null = null
const encoder = new TextEncoder()

function orderBody() {
  return JSON.stringify({
    id: 'o1',
    residentId: 'r1',
    category: 'ELDERLY',
    title: '买菜',
    description: '',
    stationId: 's1',
    address: '',
    contactPhone: '',
    preferredTime: null,
    status,
    teamId: null,
    acceptDeadline: null,
    dueAt: null,
    volunteers: [],
    evaluations: [],
    finalRating: null,
    history: [],
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
  })
}

function server(streamStatus: number) {
  return vi.fn(async (url: string) => {
    if (url === '/api/events/stream') {
      if (streamStatus !== 200) return new Response('', { status: streamStatus })
      const body = new ReadableStream<Uint8Array>({ start: (c) => void (streamChunks = c) })
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
    }
    return new Response(orderBody(), { status: 200 })
  })
}

const Probe = defineComponent({
  setup() {
    const { order, live } = useOrder(ref('o1'))
    return () => h('p', `${order.value?.status ?? '…'} ${live.value ? 'live' : 'polling'}`)
  },
})

beforeEach(() => {
  setActivePinia(createPinia())
  status = 'PLACED'
  streamChunks = null
})
afterEach(() => {
  stopEventStream()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('useOrder', () => {
  it('refetches the order when the live stream says it changed', async () => {
    const fetchMock = server(200)
    vi.stubGlobal('fetch', fetchMock)
    startEventStream(() => 'tok')
    const wrapper = mount(Probe)
    await vi.waitFor(() => expect(wrapper.text()).toBe('PLACED live'))
    status = 'DISPATCHED'
    streamChunks?.enqueue(encoder.encode('event: order\nid: 1\ndata: {"id":"other"}\n\n'))
    streamChunks?.enqueue(encoder.encode('event: order\nid: 2\ndata: {"id":"o1","status":"DISPATCHED"}\n\n'))
    await vi.waitFor(() => expect(wrapper.text()).toBe('DISPATCHED live'))
    const streamCall = fetchMock.mock.calls.find(([url]) => url === '/api/events/stream') as unknown as [string, RequestInit]
    expect((streamCall[1].headers as Record<string, string>).Authorization).toBe('Bearer tok')
    wrapper.unmount()
  })

  it('polls every 3 seconds while the stream is not available', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('fetch', server(404))
    startEventStream(() => 'tok')
    const wrapper = mount(Probe)
    await flushPromises()
    expect(wrapper.text()).toBe('PLACED polling')
    status = 'ACCEPTED'
    await vi.advanceTimersByTimeAsync(3100)
    await flushPromises()
    expect(wrapper.text()).toBe('ACCEPTED polling')
    wrapper.unmount()
  })
})
