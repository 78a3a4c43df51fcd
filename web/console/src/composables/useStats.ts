import { computed } from 'vue'
import { statsApi } from '@/api'
import type { DayFigures, StatsQuery } from '@/api/types'
import type { ChartOption } from '@/components/EChart.vue'
import { categoryName } from '@/utils/format'
import { zhCN as t } from '@/i18n/zh-CN'
import { useResource } from './useResource'

/** The figures of GET /api/stats/orders and /api/stats/points for a unit and a date range. */
export function useStats(query: () => StatsQuery) {
  const orders = useResource(() => statsApi.orders(query()))
  const points = useResource(() => statsApi.points(query()))

  function load() {
    void orders.load()
    void points.load()
  }

  const byDayOption = computed<ChartOption>(() => byDayChart(orders.data.value?.byDay ?? []))
  const byCategoryOption = computed<ChartOption>(() => {
    const rows = orders.data.value?.byCategory ?? []
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t.stats.byDayPlaced, t.stats.byDayCompleted], bottom: 0 },
      grid: { left: 88, right: 16, top: 8, bottom: 36 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => categoryName(r.code)), inverse: true },
      series: [
        { name: t.stats.byDayPlaced, type: 'bar', data: rows.map((r) => r.placed), itemStyle: { color: '#c8161d' } },
        { name: t.stats.byDayCompleted, type: 'bar', data: rows.map((r) => r.completed), itemStyle: { color: '#2f9e6b' } },
      ],
    }
  })

  return { orders, points, load, byDayOption, byCategoryOption }
}

export function byDayChart(days: DayFigures[]): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t.stats.byDayPlaced, t.stats.byDayCompleted], bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t.stats.byDayPlaced, type: 'bar', data: days.map((d) => d.placed), itemStyle: { color: '#c8161d' } },
      { name: t.stats.byDayCompleted, type: 'line', data: days.map((d) => d.completed), itemStyle: { color: '#2f9e6b' }, smooth: true },
    ],
  }
}
