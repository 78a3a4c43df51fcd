import { describe, expect, it } from 'vitest'
import { menuFor } from './menu'

describe('menu', () => {
  it('shows staff and administrators the console', () => {
    const staff = menuFor(['RESIDENT', 'STAFF']).map((item) => item.title)
    expect(staff).toEqual(['工作台', '派单调度', '督办', '订单', '心愿墙', '服务队', '志愿者', '活动', '积分超市', '核销', '积分账本', '组织架构', '统计分析'])
    expect(menuFor(['RESIDENT', 'ADMIN'])).toHaveLength(13)
  })

  it('shows residents and volunteers nothing', () => {
    expect(menuFor(['RESIDENT', 'VOLUNTEER'])).toEqual([])
  })
})
