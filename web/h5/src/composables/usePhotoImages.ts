import { onScopeDispose, reactive, ref, watch, type Ref } from 'vue'
import { photoApi } from '@/api'
import type { OrderPhoto } from '@/api/types'

/**
 * The thumbnails of an order's photos as object URLs: the photos need the reader's token, so they
 * are fetched, not linked. Each is fetched once, and released when the component goes away.
 */
export function usePhotoImages(photos: Ref<OrderPhoto[] | undefined>) {
  const thumbnails = reactive(new Map<string, string>())
  const failed = ref(false)
  const made: string[] = []
  let disposed = false

  async function load(list: OrderPhoto[]) {
    for (const photo of list) {
      if (thumbnails.has(photo.id)) continue
      try {
        const blob = await photoApi.image(photo.thumbnailUrl)
        if (disposed) return
        const url = URL.createObjectURL(blob)
        made.push(url)
        thumbnails.set(photo.id, url)
      } catch {
        failed.value = true
      }
    }
  }

  /** The photo itself, for the full-screen preview. */
  async function full(photo: OrderPhoto): Promise<string> {
    const url = URL.createObjectURL(await photoApi.image(photo.url))
    made.push(url)
    return url
  }

  watch(() => photos.value ?? [], (list) => void load(list), { immediate: true })
  onScopeDispose(() => {
    disposed = true
    made.forEach((url) => URL.revokeObjectURL(url))
  })

  return { thumbnails, failed, full }
}
