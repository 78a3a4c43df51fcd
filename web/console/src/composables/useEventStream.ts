import { getCurrentInstance, onUnmounted, readonly, ref } from 'vue'
import { EVENTS_STREAM_PATH } from '@/api'
import { openEventStream, type SseMessage, type StreamHandle } from '@/api/sse'

type Handler = (data: unknown, message: SseMessage) => void

// One stream per signed-in app, shared by every screen that listens.
const live = ref(false)
const listeners = new Map<string, Set<Handler>>()
let handle: StreamHandle | null = null

function emit(type: string, data: unknown, message: SseMessage) {
  listeners.get(type)?.forEach((handler) => {
    try {
      handler(data, message)
    } catch (e) {
      console.error('event handler failed', e)
    }
  })
}

/** Opens the live stream (no-op when open). Screens fall back to polling while `live` is false. */
export function startEventStream(token: () => string | null, onUnauthorized?: () => void): void {
  if (handle) return
  handle = openEventStream({
    url: EVENTS_STREAM_PATH,
    token,
    onOpen: () => {
      live.value = true
      emit('open', null, { event: 'open', data: '', id: '' })
    },
    onError: () => {
      live.value = false
    },
    onUnauthorized: () => {
      live.value = false
      stopEventStream()
      onUnauthorized?.()
    },
    onMessage: (message) => {
      let data: unknown = message.data
      try {
        data = JSON.parse(message.data)
      } catch {
        // not JSON: hand over the text
      }
      emit(message.event, data, message)
    },
  })
}

export function stopEventStream(): void {
  handle?.close()
  handle = null
  live.value = false
}

/**
 * Listen to events of the live stream: `order`, `dispatch`, and `open` (connected again: refetch
 * what may have been missed). Listeners added in a component go away with it.
 */
export function useEventStream() {
  function on(type: string, handler: Handler): () => void {
    let set = listeners.get(type)
    if (!set) {
      set = new Set()
      listeners.set(type, set)
    }
    set.add(handler)
    const off = () => listeners.get(type)?.delete(handler)
    if (getCurrentInstance()) onUnmounted(off)
    return off
  }
  return { live: readonly(live), on }
}
