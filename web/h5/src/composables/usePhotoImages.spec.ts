import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import type { OrderPhoto } from '@/api/types'
import { setAuthHooks } from '@/api/http'
import { usePhotoImages } from './usePhotoImages'

const photo = (id: string): OrderPhoto => ({
  id,
  url: `/api/photos/${id}`,
  thumbnailUrl: `/api/photos/${id}/thumbnail`,
  by: 'r1',
  at: '2024-01-01T00:00:00Z',
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('usePhotoImages', () => {
  it('fetches each thumbnail once with the token and releases them when the page goes away', async () => {
    setAuthHooks({ token: () => 'token-1', onUnauthorized: () => {} })
    const fetched: { url: string; auth: string | null }[] = []
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      fetched.push({ url, auth: new Headers(init.headers).get('Authorization') })
      return new Response(new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }), { status: 200 })
    }))
    let next = 0
    const revoked: string[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:${++next}`)
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u: string) => void revoked.push(u))
    const photos = ref<OrderPhoto[]>([photo('a')])
    const Probe = defineComponent({
      setup() {
        const { thumbnails } = usePhotoImages(photos)
        return () => h('p', [...thumbnails.values()].join(' '))
      },
    })
    const wrapper = mount(Probe)
    await flushPromises()
    photos.value = [photo('a'), photo('b')]
    await flushPromises()

    expect(wrapper.text()).toBe('blob:1 blob:2')
    expect(fetched).toEqual([
      { url: '/api/photos/a/thumbnail', auth: 'Bearer token-1' },
      { url: '/api/photos/b/thumbnail', auth: 'Bearer token-1' },
    ])
    wrapper.unmount()
    expect(revoked).toEqual(['blob:1', 'blob:2'])
  })

  it('says when a thumbnail could not be loaded', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"status":403,"detail":"无权查看此订单"}', { status: 403 })))
    let failedSeen = false
    const Probe = defineComponent({
      setup() {
        const { failed } = usePhotoImages(ref([photo('x')]))
        return () => {
          failedSeen = failed.value
          return h('p', String(failed.value))
        }
      },
    })
    mount(Probe)
    await flushPromises()
    expect(failedSeen).toBe(true)
  })
})
