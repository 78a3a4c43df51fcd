import { computed, ref, shallowRef, watch } from 'vue'
import { dispatchApi, messageOf } from '@/api'
import type { DispatchMode, StationDispatchMode, Uuid } from '@/api/types'
import { useAction } from './useAction'
import { zhCN as t } from '@/i18n/zh-CN'

export const MAX_GRAB_WINDOW_MINUTES = 1440

/**
 * 抢单: the dispatch mode of the station a page works on, as a form: what is saved, what is being
 * chosen, the window's check, and saving (what was chosen stays when saving fails).
 */
export function useDispatchMode(stationId: () => Uuid | null) {
  const saved = shallowRef<StationDispatchMode | null>(null)
  const mode = ref<DispatchMode>('AUTO')
  const minutes = ref<number | null>(30)
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const saving = useAction()

  const windowError = computed(() => {
    if (mode.value !== 'GRAB') return ''
    const m = minutes.value
    return m !== null && Number.isInteger(m) && m >= 1 && m <= MAX_GRAB_WINDOW_MINUTES ? '' : t.dispatchMode.windowInvalid
  })
  const changed = computed(
    () => !!saved.value && (saved.value.mode !== mode.value || (mode.value === 'GRAB' && saved.value.grabWindowMinutes !== minutes.value)),
  )

  function show(value: StationDispatchMode) {
    saved.value = value
    mode.value = value.mode
    minutes.value = value.grabWindowMinutes
  }

  async function load() {
    const id = stationId()
    saved.value = null
    if (!id) return
    loading.value = true
    loadError.value = null
    try {
      const value = await dispatchApi.mode(id)
      if (id === stationId()) show(value)
    } catch (e) {
      loadError.value = messageOf(e)
    } finally {
      loading.value = false
    }
  }

  async function save(): Promise<boolean> {
    const id = stationId()
    if (!id || windowError.value) return false
    const body = mode.value === 'GRAB' ? { mode: mode.value, grabWindowMinutes: minutes.value ?? undefined } : { mode: mode.value }
    const value = await saving.run(() => dispatchApi.setMode(id, body), { done: t.dispatchMode.saved })
    if (value) show(value)
    return !!value
  }

  watch(stationId, load)

  return { saved, mode, minutes, loading, loadError, windowError, changed, load, save, saving }
}
