import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useOrgStore } from './org'
import { useAuthStore } from './auth'

const units = [
  { id: 'c1', name: '平城区新时代文明实践中心', level: 'CENTRE', parentId: null },
  { id: 'i1', name: '御河街道新时代文明实践所', level: 'INSTITUTE', parentId: 'c1' },
  { id: 'i2', name: '文瀛街道新时代文明实践所', level: 'INSTITUTE', parentId: 'c1' },
  { id: 's1', name: '御河社区新时代文明实践站', level: 'STATION', parentId: 'i1' },
  { id: 's2', name: '文瀛社区新时代文明实践站', level: 'STATION', parentId: 'i2' },
]

function signIn(roles: string[], staffScopes: string[]) {
  const auth = useAuthStore()
  auth.user = { id: 'u1', name: '王站长', roles: roles as never }
  auth.me = { id: 'u1', phone: '13900000000', name: '王站长', roles: roles as never, volunteer: null, staffScopes, teams: [] }
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(units), { status: 200 })))
})

describe('org store', () => {
  it('gives staff of an institute only its stations, with the institute as the root of their tree', async () => {
    signIn(['RESIDENT', 'STAFF'], ['i1'])
    const org = useOrgStore()
    await org.load()
    expect(org.stations.map((s) => s.id)).toEqual(['s1'])
    expect(org.scopeRoots.map((u) => u.id)).toEqual(['i1'])
    expect(org.tree[0].children?.map((n) => n.name)).toEqual(['御河社区新时代文明实践站'])
    expect(org.inScope('s2')).toBe(false)
    expect(org.currentStationId).toBe('s1')
  })

  it('gives an administrator every unit, the centres as roots', async () => {
    signIn(['RESIDENT', 'ADMIN'], [])
    const org = useOrgStore()
    await org.load()
    expect(org.scopeRoots.map((u) => u.id)).toEqual(['c1'])
    expect(org.stations).toHaveLength(2)
    expect(org.path('s2').map((u) => u.id)).toEqual(['c1', 'i2', 's2'])
  })

  it('forgets a remembered station that is no longer in scope', async () => {
    localStorage.setItem('civic.console.stationId', 's2')
    signIn(['RESIDENT', 'STAFF'], ['s1'])
    const org = useOrgStore()
    await org.load()
    expect(org.currentStationId).toBe('s1')
  })
})
