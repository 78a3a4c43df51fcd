import { expect, test } from '@playwright/test'
import { rememberStation, signIn } from './app'
import { Api, District } from './district'

test('a lost answer, a retry and a double tap make exactly one order', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '云冈')
  const resident = await district.resident('0401', '孙阿姨')
  const title = '请志愿者上门讲解医保报销政策'

  await rememberStation(page, district)
  await signIn(page, resident.phone)
  await page.getByRole('button', { name: '政策宣传' }).click()
  await page.getByLabel('需求标题').fill(title)
  await page.getByLabel('详细描述').fill('家里老人看不懂新的医保报销流程，希望有人当面讲一讲。')
  await page.getByLabel('服务地址').fill('平城区云冈路8号')

  // the first submit reaches the service, but its answer is lost on the way back
  const keys: string[] = []
  let answered = 0
  await page.route('**/api/orders', async (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    keys.push(route.request().headers()['idempotency-key'] ?? '')
    if (answered++ === 0) {
      await route.fetch()
      return route.abort('connectionreset')
    }
    return route.continue()
  })
  await page.getByRole('button', { name: '提交订单' }).click()
  await expect(page.getByRole('alert')).toHaveText('服务暂时不可用，请稍后再试')
  await expect(page.getByLabel('需求标题')).toHaveValue(title)
  await expect(page.getByLabel('服务地址')).toHaveValue('平城区云冈路8号')

  // the resident taps again, twice in a row
  await page.getByRole('button', { name: '提交订单' }).dblclick()
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('heading', { name: title })).toBeVisible()

  expect(keys.length).toBe(2)
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
  expect(keys[1]).toBe(keys[0])
  const orders = (await api.myOrders(resident.token)).filter((o) => o.title === title)
  expect(orders).toHaveLength(1)
  expect(page.url()).toContain(orders[0].id)
  await api.dispose()
})
