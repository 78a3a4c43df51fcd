import { expect, test, type Route } from '@playwright/test'
import { choose, expectAccessible, openMenu, shot, signIn, spaced } from './console'
import { ADMIN_PASSWORD, ADMIN_PHONE, Api, District } from './district'

/** What the gateway answers while a service is down. */
function serviceDown(route: Route) {
  return route.fulfill({
    status: 503,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'points-service is unavailable' }),
  })
}

test('an administrator checks the ledger, adds a station to the tree and makes someone its staff', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '广灵')
  const newcomer = await district.resident('0601', '郑干事')

  await signIn(page, ADMIN_PHONE, ADMIN_PASSWORD)
  await expect(page.getByText('（管理员）')).toBeVisible()

  await openMenu(page, '积分账本')
  await expect(page.getByText('账目平衡')).toBeVisible()
  await expect(page.getByRole('heading', { name: '积分规则' })).toBeVisible()
  await expect(page.getByLabel('每服务 1 小时的基础积分')).not.toHaveValue('')
  await expectAccessible(page)

  await openMenu(page, '组织架构')
  const stationName = `${district.station.name}（新建）`
  await page.getByRole('radio', { name: '实践站' }).check({ force: true })
  await choose(page, '上级组织', district.institute.name)
  await page.getByLabel('名称').fill(stationName)
  await page.getByRole('button', { name: '新建组织' }).click()
  await expect(page.getByText('组织已创建')).toBeVisible()
  await expect(page.getByRole('tree', { name: '中心 / 所 / 站' })).toContainText(stationName)

  // the newcomer is named by phone, and shown by name before the grant
  const grant = page.getByRole('button', { name: '授权工作人员' })
  await expect(grant).toBeDisabled()
  const phone = page.getByLabel('被授权人手机号')
  await phone.fill(district.phone('0699'))
  await page.getByRole('button', { name: '查找' }).click()
  await expect(page.getByText('没有这个手机号的用户')).toBeVisible()
  await phone.fill(`+86${newcomer.phone}`)
  await page.getByRole('button', { name: '查找' }).click()
  await expect(page.getByText('请输入以 1 开头的 11 位手机号')).toBeVisible()
  await phone.fill(newcomer.phone)
  await page.getByRole('button', { name: '查找' }).click()
  const who = page.getByRole('status', { name: '将授权给' })
  await expect(who).toContainText('郑干事')
  await expect(who).toContainText(spaced(newcomer.phone))
  await expect(who).toContainText('群众')
  await choose(page, '管辖组织', `${stationName}（实践站）`)
  await expectAccessible(page)
  await page.evaluate(() => window.scrollTo(0, 0))
  await shot(page, 'org')
  await grant.click()
  await expect(page.getByText('已授权，对方重新登录后生效')).toBeVisible()
  await expect(who).toBeHidden()
  await expect(phone).toHaveValue('')

  // the newcomer signs in again and is staff of that station
  const relogin = await api.login(newcomer.phone)
  const me = (await (await api.get('/api/me', relogin.token)).json()) as { roles: string[] }
  expect(me.roles).toContain('STAFF')
  await api.dispose()
})

test('while a service is down the console says so in plain words and keeps what was typed', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '阳高')
  await signIn(page, ADMIN_PHONE, ADMIN_PASSWORD)
  await page.goto('/console/store')
  await choose(page, '实践站', `${district.station.name}（${district.institute.name}）`)
  await expect(page.getByText('该实践站还没有物品')).toBeVisible()

  await page.getByRole('button', { name: '上架物品' }).click()
  const dialog = page.getByRole('dialog', { name: '上架物品' })
  await dialog.getByLabel('物品名称').fill('社区理发券')
  await dialog.getByLabel('说明').fill('每周三上午在站内使用')
  await page.route('**/api/store/**', serviceDown)
  await dialog.getByRole('button', { name: '上架物品' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('服务暂时不可用，请稍后再试')
  await expect(dialog.getByLabel('物品名称')).toHaveValue('社区理发券')
  await expectAccessible(page)

  await page.unroute('**/api/store/**')
  await dialog.getByRole('button', { name: '上架物品' }).click()
  await expect(page.getByText('物品已上架')).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: '社区理发券' })).toContainText('在售')
  await api.dispose()
})
