import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { orgApi } from '@/api'
import type { OrgUnit, Uuid } from '@/api/types'

const STATION_KEY = 'civic.h5.stationId'

export interface CascaderOption {
  text: string
  value: Uuid
  children?: CascaderOption[]
}

/** The org tree (中心 → 所 → 站) and the station the user chose, remembered on this device. */
export const useStationStore = defineStore('station', () => {
  const units = ref<OrgUnit[]>([])
  const loaded = ref(false)
  const stationId = ref<Uuid | null>(localStorage.getItem(STATION_KEY))
  let loading: Promise<void> | null = null

  const byId = computed(() => new Map(units.value.map((u) => [u.id, u])))
  const station = computed(() => (stationId.value ? (byId.value.get(stationId.value) ?? null) : null))

  /** Centre → institute → station; branches without a station are left out. */
  const options = computed<CascaderOption[]>(() => {
    const children = (parentId: Uuid) => units.value.filter((u) => u.parentId === parentId)
    return units.value
      .filter((u) => u.level === 'CENTRE')
      .map((centre) => ({
        text: centre.name,
        value: centre.id,
        children: children(centre.id)
          .filter((u) => u.level === 'INSTITUTE')
          .map((institute) => ({
            text: institute.name,
            value: institute.id,
            children: children(institute.id)
              .filter((u) => u.level === 'STATION')
              .map((s) => ({ text: s.name, value: s.id })),
          }))
          .filter((institute) => institute.children.length > 0),
      }))
      .filter((centre) => centre.children.length > 0)
  })

  /** The chosen station's path, e.g. ["平城区中心", "御河街道所", "御河社区站"]. */
  function pathOf(id: Uuid | null): OrgUnit[] {
    const path: OrgUnit[] = []
    let current = id ? byId.value.get(id) : undefined
    while (current) {
      path.unshift(current)
      current = current.parentId ? byId.value.get(current.parentId) : undefined
    }
    return path
  }

  function nameOf(id: Uuid | null | undefined): string {
    return (id && byId.value.get(id)?.name) || ''
  }

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return
    if (!loading) {
      loading = orgApi
        .units()
        .then((list) => {
          units.value = list
          loaded.value = true
          // a remembered station that no longer exists is forgotten
          if (stationId.value && !list.some((u) => u.id === stationId.value && u.level === 'STATION')) {
            choose(null)
          }
        })
        .finally(() => {
          loading = null
        })
    }
    return loading
  }

  function choose(id: Uuid | null) {
    stationId.value = id
    if (id) localStorage.setItem(STATION_KEY, id)
    else localStorage.removeItem(STATION_KEY)
  }

  return { units, loaded, stationId, station, options, pathOf, nameOf, load, choose }
})
