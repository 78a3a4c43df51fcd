import { computed, shallowRef, ref, watch } from 'vue'
import { ApiError, messageOf } from '@/api'

/**
 * Something a page shows, loaded from the API: the value, whether it is loading, and what went
 * wrong in plain words. A newer load wins over an older one still on its way.
 */
export function useResource<T>(loader: () => Promise<T>) {
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const failure = shallowRef<unknown>(null)
  let serial = 0

  async function load(): Promise<T | null> {
    const mine = ++serial
    loading.value = true
    try {
      const value = await loader()
      if (mine === serial) {
        data.value = value
        failure.value = null
      }
      return value
    } catch (e) {
      if (mine === serial) failure.value = e
      return null
    } finally {
      if (mine === serial) loading.value = false
    }
  }

  const error = computed(() => (failure.value ? messageOf(failure.value) : null))
  /** The API answered 404 for the path itself: the endpoint is not there (yet). */
  const missing = computed(() => failure.value instanceof ApiError && failure.value.status === 404)
  /** Loading for the first time: nothing to show yet. */
  const initial = computed(() => loading.value && data.value === null)

  return { data, loading, initial, error, missing, failure, load }
}

/** A page's resources of one item (a drawer's): emptied and loaded again whenever the id changes, none while it is empty. */
export function loadFor(id: () => string, ...resources: { data: { value: unknown }; load: () => Promise<unknown> }[]) {
  watch(
    id,
    (value) => {
      for (const resource of resources) {
        resource.data.value = null
        if (value) void resource.load()
      }
    },
    { immediate: true },
  )
}
