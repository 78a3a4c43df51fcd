import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { choose, expectAccessible, openMenu, shot, signIn, staffOf } from './console'
import { Api, District } from './district'

async function until<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const value = await attempt().catch(() => undefined)
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${what} did not happen within 60 s`)
}

async function ok(response: Awaited<ReturnType<Api['get']>>, what: string) {
  if (response.status() !== 200 && response.status() !== 201) {
    throw new Error(`${what}: ${response.status()} ${await response.text()}`)
  }
  return (await response.json()) as Record<string, unknown>
}

test('staff see who ordered for whom (帮办) and uphold an appeal with a new rating and hours', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '申诉')
  const staff = await staffOf(district, district.station.id, '0301', '钱站长')
  const neighbour = await district.resident('0302', '孙奶奶')
  const title = '帮孙奶奶打扫小院'

  // a volunteer of the station orders for the neighbour, who has an account
  const order = await until('a 帮办 order for the neighbour', async () => {
    const response = await api.post(
      '/api/orders',
      district.member.token,
      { ...district.orderBody(title), beneficiary: { name: '孙奶奶', phone: neighbour.phone } },
      { 'Idempotency-Key': randomUUID() },
    )
    return response.status() === 201 ? ((await response.json()) as { id: string }) : undefined
  })
  await until('the neighbour reads it as theirs', async () =>
    (await api.get(`/api/orders/${order.id}`, neighbour.token)).status() === 200 ? true : undefined,
  )
  await district.awaitDispatched(order.id, neighbour.token)
  await ok(await api.post(`/api/orders/${order.id}/accept`, district.leader.token, { volunteerIds: [district.member.id] }), 'accept')
  await ok(await api.post(`/api/orders/${order.id}/start`, district.leader.token, {}), 'start')
  await ok(
    await api.post(`/api/orders/${order.id}/complete`, district.leader.token, {
      summary: '院子已打扫干净',
      hours: [{ volunteerId: district.member.id, hours: 2 }],
    }),
    'complete',
  )
  await ok(await api.post(`/api/orders/${order.id}/evaluations`, neighbour.token, { rating: 4 }), 'resident rating')
  await district.staffEvaluate(order.id, 1)
  await ok(await api.post(`/api/orders/${order.id}/appeal`, neighbour.token, { reason: '志愿者很认真，评分过低' }), 'appeal')

  await signIn(page, staff.phone)
  await openMenu(page, '订单')
  await choose(page, '状态', '已评价')
  await page.getByRole('row').filter({ hasText: title }).getByRole('button', { name: '详情' }).click()
  await expect(page).toHaveURL(new RegExp(`/console/orders/${order.id}$`))
  const drawer = page.getByRole('dialog', { name: '订单详情' })
  await expect(drawer.getByText(`代 孙奶奶（${neighbour.phone}）下单`)).toBeVisible()
  await expect(drawer.getByText('申诉：待处理')).toBeVisible()
  await expect(drawer.getByText('申诉理由：志愿者很认真，评分过低')).toBeVisible()
  await shot(page, 'order-helping')
  const decision = drawer.getByRole('region', { name: '处理申诉' })
  await decision.getByRole('button', { name: '提交处理结果' }).click()
  await expect(decision.getByText('请填写处理意见')).toBeVisible()
  await decision.getByLabel('处理意见').fill('经电话回访核实，服务质量好，改判')
  await decision.getByRole('slider', { name: '改判后的工作人员评分（不选则不变）' }).focus()
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
  const hours = decision.getByLabel(`${district.member.realName} 的核定时长（小时）`)
  await expect(hours).toHaveValue('2.00')
  await hours.fill('3')
  await hours.blur()
  await expectAccessible(page)
  await shot(page, 'order-appeal')
  await decision.getByRole('button', { name: '提交处理结果' }).click()
  await page.getByRole('dialog', { name: '处理申诉' }).getByRole('button', { name: '确定' }).click()
  await expect(drawer.getByText('申诉：申诉成立，已改判')).toBeVisible()
  await expect(drawer.getByText('处理意见：经电话回访核实，服务质量好，改判')).toBeVisible()
  await expect(drawer.getByRole('region', { name: '处理申诉' })).toHaveCount(0)
  // 0.6 × 4 + 0.4 × 5
  await expect(drawer.getByText('综合评分：4.4')).toBeVisible()

  const decided = (await api.order(order.id, staff.token)) as unknown as {
    appeal: { status: string }
    hours: { volunteerId: string; hours: number }[]
  }
  expect(decided.appeal.status).toBe('UPHELD')
  expect(decided.hours).toEqual([{ volunteerId: district.member.id, hours: 3 }])
  await api.dispose()
})
