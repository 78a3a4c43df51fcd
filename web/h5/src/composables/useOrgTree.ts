import { onMounted, ref } from 'vue'
import { messageOf } from '@/api'
import { useStationStore } from '@/stores/station'

/** The org tree for a picker: loaded when the picker appears, and again when it opens; what failed in words. */
export function useOrgTree() {
  const stations = useStationStore()
  const error = ref<string | null>(null)

  async function ready(): Promise<boolean> {
    error.value = null
    try {
      await stations.load()
      return true
    } catch (e) {
      error.value = messageOf(e)
      return false
    }
  }

  onMounted(() => void ready())
  return { stations, error, ready }
}
