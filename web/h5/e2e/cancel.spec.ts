import { expect, test } from '@playwright/test'
import { signIn } from './app'
import { Api, District } from './district'

test('a resident cancels an order while it may still be cancelled, and then no longer can', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '迎宾')
  const resident = await district.resident('0301', '赵阿姨')
  const order = await district.placeOrder(resident, '帮忙换灯泡')

  await signIn(page, resident.phone)
  await page.goto(`/orders/${order.id}`)
  const status = page.getByRole('status', { name: '订单状态' })
  await expect(status).toContainText(/已下单|已派单/)

  // thinking better of it: nothing happens
  await page.getByRole('button', { name: '取消订单' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '取消', exact: true }).click()
  await expect(status).not.toContainText('已取消')

  await page.getByRole('button', { name: '取消订单' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(status).toContainText('已取消')
  await expect(page.getByRole('button', { name: '取消订单' })).toHaveCount(0)
  expect((await api.order(order.id, resident.token)).status).toBe('CANCELLED')
  await api.dispose()
})
