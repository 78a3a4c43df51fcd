import { expect, test, type Route } from '@playwright/test'
import { bottomTab, expectAccessible, rememberStation, signIn } from './app'
import { Api, District } from './district'

/** What the gateway answers while a service is down. */
function serviceDown(route: Route) {
  return route.fulfill({
    status: 503,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'points-service is unavailable',
    }),
  })
}

test('while a service is down the app says so in plain words and keeps what was typed', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '大同')
  const resident = await district.resident('0501', '周大姐')

  await rememberStation(page, district)
  await signIn(page, resident.phone)

  // points-service down: the points screens say so, with a way to try again
  await page.route('**/api/points/**', serviceDown)
  await page.route('**/api/store/**', serviceDown)
  await bottomTab(page, '积分').click()
  await expect(page.getByRole('alert')).toContainText('服务暂时不可用，请稍后再试')
  await expect(page.getByRole('button', { name: '重试' })).toBeVisible()
  await expectAccessible(page)
  await page.unroute('**/api/points/**')
  await page.getByRole('button', { name: '重试' }).click()
  await expect(page.getByRole('region', { name: '可用积分' })).toContainText('0')

  // order-service down while the order form is sent: the message, and nothing typed is lost
  await bottomTab(page, '首页').click()
  await page.getByRole('button', { name: '法律服务' }).click()
  await page.getByLabel('需求标题').fill('邻里纠纷想请律师调解')
  await page.getByLabel('详细描述').fill('楼上漏水多次协商未果，希望有法律志愿者帮忙调解。')
  await page.getByLabel('服务地址').fill('平城区大同路66号2单元')
  await page.route('**/api/orders', (route) => (route.request().method() === 'POST' ? serviceDown(route) : route.continue()))
  await page.getByRole('button', { name: '提交订单' }).click()
  await expect(page.getByRole('alert')).toHaveText('服务暂时不可用，请稍后再试')
  await expect(page.getByLabel('服务类别')).toHaveValue('法律服务')
  await expect(page.getByLabel('需求标题')).toHaveValue('邻里纠纷想请律师调解')
  await expect(page.getByLabel('详细描述')).toHaveValue('楼上漏水多次协商未果，希望有法律志愿者帮忙调解。')
  await expect(page.getByLabel('服务地址')).toHaveValue('平城区大同路66号2单元')
  await expect(page.getByLabel('联系电话')).toHaveValue(resident.phone)
  await expectAccessible(page)

  // back up: the same form goes through
  await page.unroute('**/api/orders')
  await page.getByRole('button', { name: '提交订单' }).click()
  await expect(page.getByRole('heading', { name: '邻里纠纷想请律师调解' })).toBeVisible()
  expect((await api.myOrders(resident.token)).filter((o) => o.title === '邻里纠纷想请律师调解')).toHaveLength(1)

  // no network at all: a banner says so, and goes when the network is back
  await page.context().setOffline(true)
  await expect(page.getByRole('status').filter({ hasText: '网络已断开，恢复后会自动刷新' })).toBeVisible()
  await page.context().setOffline(false)
  await expect(page.getByText('网络已断开，恢复后会自动刷新')).toBeHidden()
  await api.dispose()
})
