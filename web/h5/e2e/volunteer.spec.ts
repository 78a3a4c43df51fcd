import { expect, test } from '@playwright/test'
import { bottomTab, chooseStation, expectAccessible, shot, signIn } from './app'
import { Api, District, PASSWORD } from './district'

test('a resident becomes a volunteer, signs in again, redeems points for a pickup code and cancels', async ({
  page,
}) => {
  const api = await Api.create()
  const district = await District.setUp(api, '古城')
  const phone = district.phone('0301')
  const userId = await api.register(phone, '赵小青')

  await signIn(page, phone)
  await bottomTab(page, '我的').click()
  await page.getByRole('button', { name: /成为志愿者/ }).click()
  await expect(page.getByRole('heading', { name: '成为志愿者' })).toBeVisible()
  await page.getByLabel('真实姓名').fill('赵青青')
  await page.getByRole('checkbox', { name: '助老' }).click()
  await page.getByRole('checkbox', { name: '心理疏导' }).click()
  await chooseStation(page, district, '所属实践站')
  await page.getByRole('button', { name: '提交登记' }).click()

  // the role comes with the next sign-in: the app says so and asks for the password only
  const done = page.getByRole('dialog').filter({ hasText: '登记成功' })
  await expect(done).toContainText('重新登录后即可使用')
  await done.getByRole('button', { name: '重新登录' }).click()
  await expect(page.getByRole('main').getByText(/您的志愿者身份已登记/)).toBeVisible()
  await expect(page.getByLabel('手机号')).toHaveValue(phone)
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: '登录', exact: true }).click()

  await expect(page.getByRole('heading', { name: '赵小青' })).toBeVisible()
  await expect(page.getByText('赵青青')).toBeVisible()
  await expect(page.getByText('累计服务时长')).toBeVisible()
  await expect(page.getByText('0 小时')).toBeVisible()
  await expect(bottomTab(page, '任务')).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-me.png')

  // points credited by the admin, an item stocked at the station
  await district.credit(userId, 120)
  await district.stockItem('环保购物袋', 50, 5)

  await bottomTab(page, '积分').click()
  // the credit reaches points-service as it comes: look again until it is there
  const balance = page.getByRole('region', { name: '可用积分' })
  await expect(async () => {
    if (!(await balance.textContent())?.includes('120')) await page.reload()
    await expect(balance).toContainText('120', { timeout: 10_000 })
  }).toPass({ timeout: 60_000 })
  await expect(page.getByRole('list', { name: '积分明细' })).toContainText('调整')
  await page.getByRole('tab', { name: '排行榜' }).click()
  await expect(page.getByRole('button', { name: '本月' })).toHaveAttribute('aria-pressed', 'true')
  await page.getByRole('tab', { name: '积分明细' }).click()
  await expectAccessible(page)
  await shot(page, 'h5-points.png')

  // the station's store: redeem one
  await page.getByRole('button', { name: /积分超市/ }).click()
  await expect(page.getByRole('heading', { name: '环保购物袋' })).toBeVisible()
  await expect(page.getByText('库存 5')).toBeVisible()
  await page.getByRole('button', { name: '兑换 环保购物袋' }).click()
  const redeem = page.getByRole('dialog', { name: '兑换「环保购物袋」' })
  await expect(redeem).toContainText('共需 50 积分')
  await redeem.getByRole('button', { name: '确认兑换' }).click()

  await expect(page.getByRole('heading', { name: '取货码', level: 1 })).toBeVisible()
  await expect(page.getByRole('status', { name: '兑换状态' })).toHaveText('待领取')
  const volunteer = await api.login(phone)
  const mine = await (await api.get('/api/store/redemptions?mine=true', volunteer.token)).json()
  expect(mine.items).toHaveLength(1)
  const code: string = mine.items[0].pickupCode
  await expect(page.getByRole('region', { name: '取货码' }).getByText(code, { exact: true })).toBeVisible()
  await expect(page.getByRole('img', { name: `取货码 ${code} 的二维码` })).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-store-pickup.png')

  // my redemptions lists it; cancel gives the points back
  await page.getByRole('button', { name: '取消兑换' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(page.getByRole('status', { name: '兑换状态' })).toHaveText('已取消')
  await expect(page.getByRole('img', { name: /二维码/ })).toBeHidden()
  await page.getByRole('button', { name: '返回' }).click()
  await expect(page.getByRole('heading', { name: '积分超市' })).toBeVisible()
  await page.getByRole('button', { name: '返回' }).click()
  await page.getByRole('button', { name: /我的兑换/ }).click()
  await expect(page.getByRole('button', { name: /环保购物袋 × 1/ })).toContainText('已取消')

  await page.getByRole('button', { name: '返回' }).click()
  await expect(page.getByRole('region', { name: '可用积分' })).toContainText('120')
  await expect(page.getByRole('list', { name: '积分明细' })).toContainText('退还')
  await api.dispose()
})
