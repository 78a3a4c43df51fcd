import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { teamApi } from '@/api'
import type { Team, Uuid } from '@/api/types'

/** Teams met so far, by id, so tables and timelines can name them. */
export const useTeamsStore = defineStore('teams', () => {
  const known = reactive(new Map<Uuid, Team>())
  const asked = new Set<Uuid>()

  function remember(teams: Team[]) {
    for (const team of teams) known.set(team.id, team)
  }

  function name(id: Uuid | null | undefined): string {
    return (id && known.get(id)?.name) || ''
  }

  /** Looks up the teams not known yet; failures leave the name blank. */
  async function ensure(ids: (Uuid | null | undefined)[]): Promise<void> {
    const missing = [...new Set(ids.filter((id): id is Uuid => !!id && !known.has(id) && !asked.has(id)))]
    missing.forEach((id) => asked.add(id))
    await Promise.all(
      missing.map((id) =>
        teamApi
          .get(id)
          .then((team) => known.set(team.id, team))
          .catch(() => asked.delete(id)),
      ),
    )
  }

  async function ofUnit(orgUnitId: Uuid): Promise<Team[]> {
    const page = await teamApi.list({ orgUnitId })
    remember(page.items)
    return page.items
  }

  function reset() {
    known.clear()
    asked.clear()
  }

  return { known, remember, name, ensure, ofUnit, reset }
})
