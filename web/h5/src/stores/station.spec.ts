import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useStationStore } from './station'

const units = [
  { id: 'c1', name: '平城区新时代文明实践中心', level: 'CENTRE', parentId: null },
  { id: 'i1', name: '御河街道新时代文明实践所', level: 'INSTITUTE', parentId: 'c1' },
  { id: 's1', name: '御河社区新时代文明实践站', level: 'STATION', parentId: 'i1' },
  { id: 'i2', name: '没有站的所', level: 'INSTITUTE', parentId: 'c1' },
  { id: 'c2', name: '空中心', level: 'CENTRE', parentId: null },
]

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(units), { status: 200 })))
})
afterEach(() => vi.unstubAllGlobals())

describe('station store', () => {
  it('offers centre → institute → station, without empty branches', async () => {
    const stations = useStationStore()
    await stations.load()
    expect(stations.options).toEqual([
      {
        text: '平城区新时代文明实践中心',
        value: 'c1',
        children: [
          { text: '御河街道新时代文明实践所', value: 'i1', children: [{ text: '御河社区新时代文明实践站', value: 's1' }] },
        ],
      },
    ])
  })

  it('remembers the chosen station on this device', async () => {
    const stations = useStationStore()
    await stations.load()
    stations.choose('s1')
    setActivePinia(createPinia())
    const again = useStationStore()
    await again.load()
    expect(again.station?.name).toBe('御河社区新时代文明实践站')
    expect(again.pathOf('s1').map((u) => u.id)).toEqual(['c1', 'i1', 's1'])
  })

  it('forgets a remembered station that no longer exists', async () => {
    localStorage.setItem('civic.h5.stationId', 'gone')
    const stations = useStationStore()
    await stations.load()
    expect(stations.stationId).toBeNull()
  })
})
