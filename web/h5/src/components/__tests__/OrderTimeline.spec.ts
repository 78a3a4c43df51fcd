import { beforeEach, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import OrderTimeline from '../OrderTimeline.vue'
import StatusTag from '../StatusTag.vue'
import StarRating from '../StarRating.vue'
import { useOrdersStore } from '@/stores/orders'
import type { HistoryEntry, Team } from '@/api/types'

beforeEach(() => setActivePinia(createPinia()))

describe('OrderTimeline', () => {
  it('tells every history entry in Chinese, newest first, naming the team', () => {
    const orders = useOrdersStore()
    orders.teams.set('t1', { id: 't1', name: '御河助老分队', members: [] } as unknown as Team)
    const history: HistoryEntry[] = [
      { status: 'PLACED', action: 'PLACED', at: '2024-05-01T08:00:00Z', actorId: 'r', teamId: null, note: null },
      { status: 'DISPATCHED', action: 'DISPATCHED', at: '2024-05-01T08:00:05Z', actorId: null, teamId: 't1', note: null },
      { status: 'DISPATCHED', action: 'REJECTED', at: '2024-05-01T08:10:00Z', actorId: 'l', teamId: 't1', note: '人手不足' },
      { status: 'UNASSIGNED', action: 'UNASSIGNED', at: '2024-05-01T08:10:01Z', actorId: null, teamId: null, note: '暂无可接单的服务队' },
      { status: 'ACCEPTED', action: 'ACCEPTED', at: '2024-05-01T09:00:00Z', actorId: 'l', teamId: 't1', note: null },
      { status: 'IN_SERVICE', action: 'STARTED', at: '2024-05-01T10:00:00Z', actorId: 'l', teamId: 't1', note: null },
      { status: 'COMPLETED', action: 'COMPLETED', at: '2024-05-01T12:00:00Z', actorId: 'l', teamId: 't1', note: '已打扫' },
      { status: 'EVALUATED', action: 'EVALUATED', at: '2024-05-02T12:00:00Z', actorId: null, teamId: 't1', note: '综合评分 4.6' },
    ]
    const wrapper = mount(OrderTimeline, { props: { history } })
    const titles = wrapper.findAll('.step-title').map((w) => w.text())
    expect(titles).toEqual([
      '已评价',
      '已完成',
      '服务中',
      '御河助老分队 已接单',
      '待人工派单',
      '服务队退单',
      '已派单给 御河助老分队',
      '已下单',
    ])
    expect(wrapper.text()).toContain('人手不足')
    expect(wrapper.text()).toContain('综合评分 4.6')
  })
})

describe('StatusTag', () => {
  it('names every status in Chinese', () => {
    const names: Record<string, string> = {
      PLACED: '已下单',
      DISPATCHED: '已派单',
      UNASSIGNED: '待人工派单',
      ACCEPTED: '已接单',
      IN_SERVICE: '服务中',
      COMPLETED: '已完成',
      EVALUATED: '已评价',
      CANCELLED: '已取消',
    }
    for (const [status, name] of Object.entries(names)) {
      expect(mount(StatusTag, { props: { status: status as never } }).text()).toBe(name)
    }
  })
})

describe('StarRating', () => {
  it('is a labelled radio group that reports the chosen stars', async () => {
    const wrapper = mount(StarRating, { props: { modelValue: 0, label: '满意度' } })
    expect(wrapper.attributes('role')).toBe('radiogroup')
    expect(wrapper.attributes('aria-label')).toBe('满意度')
    const stars = wrapper.findAll('[role="radio"]')
    expect(stars.map((s) => s.attributes('aria-label'))).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星'])
    await stars[3].trigger('click')
    expect(wrapper.emitted('update:modelValue')?.[0]).toEqual([4])
  })
})
