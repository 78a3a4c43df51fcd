import { computed, ref } from 'vue'
import { volunteerApi } from '@/api'
import type { Uuid, VolunteerSort } from '@/api/types'
import { usePeopleStore } from '@/stores/people'
import { useResource } from './useResource'

/** The longest search the API takes (`q` of `GET /api/volunteers`). */
export const MAX_QUERY_LENGTH = 50

/** What is sent for what was typed: no spaces at the ends, at most 50 characters (never half an emoji). */
export function searchText(typed: string): string {
  return Array.from(typed.trim()).slice(0, MAX_QUERY_LENGTH).join('')
}

export interface VolunteerSearchOptions {
  /** Volunteers a page; 20 unless said. */
  size?: number
  sort?: () => VolunteerSort
}

/**
 * The volunteers of a unit (without one, of the caller's whole scope) whose name or phone matches
 * what was typed, a page at a time. A new search starts again at the first page; the answer to an
 * older search never replaces a newer one. Everyone found is remembered by id, so other screens
 * can name them.
 */
export function useVolunteerSearch(orgUnitId: () => Uuid | null | undefined, options: VolunteerSearchOptions = {}) {
  const people = usePeopleStore()
  const size = options.size ?? 20
  const query = ref('')
  const page = ref(0)
  const resource = useResource(async () => {
    const q = searchText(query.value)
    const found = await volunteerApi.find({
      orgUnitId: orgUnitId() ?? undefined,
      q: q || undefined,
      sort: options.sort?.(),
      page: page.value,
      size,
    })
    found.items.forEach((volunteer) => people.remember(volunteer))
    return found
  })

  const items = computed(() => resource.data.value?.items ?? [])
  const total = computed(() => resource.data.value?.totalItems ?? 0)

  /** Looks for `typed` from the first page on. */
  function search(typed: string) {
    query.value = typed
    page.value = 0
    return resource.load()
  }

  /** Another page of the same search (0 is the first). */
  function goTo(to: number) {
    page.value = Math.max(0, to)
    return resource.load()
  }

  return { ...resource, query, page, size, items, total, search, goTo }
}
