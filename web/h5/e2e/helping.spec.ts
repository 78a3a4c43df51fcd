import { randomUUID } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { expectAccessible, rememberStation, shot, signIn } from './app'
import { Api, District, PASSWORD } from './district'

async function until<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const value = await attempt()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${what} did not happen within 60 s`)
}

test('a volunteer orders for a neighbour without a phone (帮办), rates for them (代评) and appeals', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '帮办')
  const title = '帮王奶奶取降压药'
  const neighbourPhone = district.phone('0299')

  // a volunteer of the station who is not in the team
  const helperPhone = district.phone('0201')
  await api.register(helperPhone, '周志愿')
  const first = await api.login(helperPhone)
  expect(
    (await api.post('/api/volunteers', first.token, { realName: '周晓梅', skills: ['助老'], stationId: district.station.id })).status(),
  ).toBe(201)
  const helper = await api.login(helperPhone, PASSWORD)
  // order-service hears of the new volunteer through an event: wait until it lets them order for others
  const probe = await until('the volunteer known to order-service', async () => {
    const response = await api.post(
      '/api/orders',
      helper.token,
      { ...district.orderBody('帮办预热'), beneficiary: { name: '预热', phone: district.phone('0298') } },
      { 'Idempotency-Key': randomUUID() },
    )
    return response.status() === 201 ? ((await response.json()) as { id: string }) : undefined
  })
  await api.post(`/api/orders/${probe.id}/cancel`, helper.token, {})

  await rememberStation(page, district)
  await signIn(page, helperPhone)
  await page.goto('/order/new?category=ELDERLY')
  await expect(page.getByLabel('服务类别')).toHaveValue('助老敬老')
  await page.getByLabel('需求标题').fill(title)
  await page.getByLabel('详细描述').fill('王奶奶独居，没有智能手机，需要每周帮忙取药。')
  await page.getByLabel('服务地址').fill('平城区御河东路12号3单元201')
  const helping = page.getByRole('switch', { name: '为他人下单（帮办）' })
  await helping.click()
  await expect(helping).toHaveAttribute('aria-checked', 'true')
  await page.getByLabel('受助人姓名').fill('王奶奶')
  await page.getByLabel('受助人电话').fill('1390000')
  await page.getByRole('button', { name: '提交订单' }).click()
  await expect(page.getByText('请输入以 1 开头的 11 位手机号')).toBeVisible()
  await page.getByLabel('受助人电话').fill(neighbourPhone)
  await expectAccessible(page)
  await shot(page, 'h5-helping-form.png')
  await page.getByRole('button', { name: '提交订单' }).click()

  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/)
  const orderId = page.url().split('/').pop() as string
  await expect(page.getByText('代 王奶奶 下单').first()).toBeVisible()
  const placed = await api.order(orderId, helper.token)
  expect((placed as unknown as { placedBy: string }).placedBy).toBe(helper.id)

  // the team serves it (through the API)
  await district.awaitDispatched(orderId, helper.token)
  for (const [action, body] of [
    ['accept', { volunteerIds: [district.member.id] }],
    ['start', {}],
    ['complete', { summary: '已取药送到家', hours: [{ volunteerId: district.member.id, hours: 1.5 }] }],
  ] as const) {
    expect((await api.post(`/api/orders/${orderId}/${action}`, district.leader.token, body)).status()).toBe(200)
  }

  // the helper rates for the neighbour after a call
  const rate = page.getByRole('region', { name: '代受助人评价（代评）' })
  await expect(rate).toBeVisible({ timeout: 30_000 })
  await rate.getByRole('radio', { name: '5 星' }).click()
  await rate.getByLabel('评价内容').fill('电话回访，王奶奶说药按时送到，很满意')
  await expectAccessible(page)
  await shot(page, 'h5-on-behalf.png')
  await rate.getByRole('button', { name: '提交评价' }).click()
  await expect(page.getByText('代评', { exact: true })).toBeVisible()
  await expect(page.getByText('代 王奶奶 评价（代评）')).toBeVisible()

  // staff review closes it; the order may now be appealed
  await district.staffEvaluate(orderId, 2)
  const appeal = page.getByRole('region', { name: '对评价结果申诉' })
  await expect(appeal).toBeVisible({ timeout: 30_000 })
  await appeal.getByRole('button', { name: '申诉' }).click()
  await appeal.getByRole('button', { name: '提交申诉' }).click()
  await expect(appeal.getByText('请填写申诉理由')).toBeVisible()
  await appeal.getByLabel('申诉理由').fill('王奶奶认为志愿者服务周到，工作人员的评分过低')
  await expect(appeal.getByText('请填写申诉理由')).toHaveCount(0)
  await expectAccessible(page)
  await shot(page, 'h5-appeal.png')
  await appeal.getByRole('button', { name: '提交申诉' }).click()
  await expect(page.getByRole('region', { name: '申诉处理中' })).toBeVisible()
  await expect(page.getByText('群众已申诉')).toBeVisible()
  const appealed = (await api.order(orderId, helper.token)) as unknown as { appeal: { status: string } }
  expect(appealed.appeal.status).toBe('OPEN')
  await api.dispose()
})
