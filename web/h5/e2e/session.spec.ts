import { expect, test } from '@playwright/test'
import { bottomTab, expectAccessible, rememberStation, signIn } from './app'
import { Api, District, PASSWORD } from './district'

test('when the sign-in runs out mid-form, signing in again keeps everything typed', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '平城')
  // a long name must not push anything off a 375 px screen
  const resident = await district.resident('0601', '钱大伯'.repeat(16))
  const title = '请志愿者帮忙清理楼道杂物'

  await rememberStation(page, district)
  await signIn(page, resident.phone)
  await expectAccessible(page)
  await bottomTab(page, '我的').click()
  await expect(page.getByRole('heading', { name: resident.name })).toBeVisible()
  await expectAccessible(page)
  await bottomTab(page, '首页').click()
  await page.getByRole('button', { name: '环境卫生' }).click()
  await page.getByLabel('需求标题').fill(title)
  await page.getByLabel('详细描述').fill('楼道堆放了很多旧家具，影响通行和消防安全。')
  await page.getByLabel('服务地址').fill('平城区永泰街3号楼')

  // the gateway no longer accepts the token
  await page.route('**/api/orders', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status: 401,
          contentType: 'application/problem+json',
          body: JSON.stringify({ status: 401, title: 'Unauthorized', detail: '登录凭证无效或已过期，请重新登录' }),
        })
      : route.continue(),
  )
  await page.getByRole('button', { name: '提交订单' }).click()
  const sheet = page.getByRole('dialog', { name: '请重新登录' })
  await expect(sheet).toContainText('已填写的内容不会丢失')
  await expect(sheet.getByLabel('手机号')).toHaveValue(resident.phone)
  await page.unroute('**/api/orders')
  await sheet.getByLabel('密码', { exact: true }).fill(PASSWORD)
  await sheet.getByRole('button', { name: '登录', exact: true }).click()
  await expect(sheet).toBeHidden()

  await expect(page.getByLabel('需求标题')).toHaveValue(title)
  await expect(page.getByLabel('服务地址')).toHaveValue('平城区永泰街3号楼')
  await page.getByRole('button', { name: '提交订单' }).click()
  await expect(page.getByRole('heading', { name: title })).toBeVisible()
  expect((await api.myOrders(resident.token)).filter((o) => o.title === title)).toHaveLength(1)
  await api.dispose()
})
