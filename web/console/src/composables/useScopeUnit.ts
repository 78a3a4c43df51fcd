import { ref, watch } from 'vue'
import { useOrgStore } from '@/stores/org'

/**
 * The unit of the scope a page looks at (中心, 所 or 站): the remembered station, else the top of
 * the scope; a station picked here becomes the one the single-station pages show too.
 */
export function useScopeUnit() {
  const org = useOrgStore()
  const unitId = ref<string | null>(org.currentStationId ?? org.scopeRoots[0]?.id ?? null)
  watch(
    () => org.currentStationId ?? org.scopeRoots[0]?.id ?? null,
    (id) => {
      if (!unitId.value || !org.inScope(unitId.value)) unitId.value = id
    },
  )
  function pickUnit(id: string) {
    unitId.value = id
    if (org.byId.get(id)?.level === 'STATION') org.chooseStation(id)
  }
  return { unitId, pickUnit }
}
