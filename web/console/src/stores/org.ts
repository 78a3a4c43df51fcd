import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { orgApi } from '@/api'
import type { OrgUnit, Uuid } from '@/api/types'
import { useAuthStore } from './auth'

const STATION_KEY = 'civic.console.stationId'

export interface UnitNode {
  id: Uuid
  name: string
  level: OrgUnit['level']
  children?: UnitNode[]
}

/** The 中心 → 所 → 站 tree, and which part of it the signed-in person looks after. */
export const useOrgStore = defineStore('org', () => {
  const auth = useAuthStore()
  const units = ref<OrgUnit[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<unknown>(null)
  /** The station the pages that work on one station (store, fulfil, teams) show; remembered. */
  const stationId = ref<Uuid | null>(localStorage.getItem(STATION_KEY))

  const byId = computed(() => new Map(units.value.map((unit) => [unit.id, unit])))

  function childrenOf(parentId: Uuid | null): OrgUnit[] {
    return units.value
      .filter((unit) => (unit.parentId ?? null) === parentId)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  }

  /** The unit and the units above it, top first. */
  function path(id: Uuid | null | undefined): OrgUnit[] {
    const out: OrgUnit[] = []
    let unit = id ? byId.value.get(id) : undefined
    while (unit && out.length < 10) {
      out.unshift(unit)
      unit = unit.parentId ? byId.value.get(unit.parentId) : undefined
    }
    return out
  }

  function name(id: Uuid | null | undefined): string {
    return (id && byId.value.get(id)?.name) || ''
  }

  /** ADMIN sees everything; STAFF the units they were granted and everything under them. */
  function inScope(id: Uuid): boolean {
    if (auth.isAdmin) return true
    const scopes = auth.staffScopes
    return path(id).some((unit) => scopes.includes(unit.id))
  }

  /** The top-most units of the scope: the roots of the tree a staff member sees. */
  const scopeRoots = computed<OrgUnit[]>(() => {
    if (auth.isAdmin) return childrenOf(null)
    return units.value
      .filter((unit) => auth.staffScopes.includes(unit.id))
      .filter((unit) => !path(unit.parentId).some((above) => auth.staffScopes.includes(above.id)))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  })

  const stations = computed(() => units.value.filter((unit) => unit.level === 'STATION' && inScope(unit.id)))

  function node(unit: OrgUnit): UnitNode {
    const children = childrenOf(unit.id).map(node)
    return { id: unit.id, name: unit.name, level: unit.level, ...(children.length ? { children } : {}) }
  }

  /** The scope as a tree, for the tree view and the cascading pickers. */
  const tree = computed<UnitNode[]>(() => scopeRoots.value.map(node))

  /** The remembered station when it is still in scope, else the first station of the scope. */
  const currentStationId = computed<Uuid | null>(() => {
    if (stationId.value && stations.value.some((s) => s.id === stationId.value)) return stationId.value
    return stations.value[0]?.id ?? null
  })

  function chooseStation(id: Uuid) {
    stationId.value = id
    localStorage.setItem(STATION_KEY, id)
  }

  async function load(force = false): Promise<void> {
    if ((loaded.value && !force) || loading.value) return
    loading.value = true
    error.value = null
    try {
      units.value = await orgApi.units()
      loaded.value = true
    } catch (e) {
      error.value = e
      throw e
    } finally {
      loading.value = false
    }
  }

  function reset() {
    units.value = []
    loaded.value = false
  }

  return {
    units,
    loaded,
    loading,
    error,
    byId,
    scopeRoots,
    stations,
    tree,
    currentStationId,
    childrenOf,
    path,
    name,
    inScope,
    chooseStation,
    load,
    reset,
  }
})
