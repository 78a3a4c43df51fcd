import { expect, test } from '@playwright/test'
import { choose, expectAccessible, openMenu, shot, signIn, staffOf } from './console'
import { Api, District } from './district'

test('station staff switch the station to 抢单 and close a wish nobody will take', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '平旺')
  const staff = await staffOf(district, district.station.id, '0501', '钱站长')
  const resident = await district.resident('0502', '吴大爷')
  const wish = { description: '家里灯泡坏了，够不着', stationId: district.station.id, contactPhone: '13912345678' }
  const post = async (title: string) => {
    const response = await api.post('/api/wishes', resident.token, { ...wish, title })
    expect(response.status()).toBe(201)
  }
  await post('想请人帮忙换个灯泡')
  await post('想学用智能手机视频通话')

  await signIn(page, staff.phone)
  await openMenu(page, '派单调度')
  const card = page.getByRole('form', { name: '本站派单方式' })
  await expect(page.getByText('当前：自动派单')).toBeVisible()
  await card.getByText('抢单', { exact: true }).click()
  const minutes = card.getByRole('spinbutton', { name: '抢单时限（分钟）' })
  await minutes.fill('15')
  await minutes.press('Tab')
  await card.getByRole('button', { name: '保存' }).click()
  await expect(page.getByText('当前：抢单，15 分钟内无人抢则自动派单')).toBeVisible()
  const saved = (await (await api.get(`/api/dispatch/stations/${district.station.id}`, staff.token)).json()) as {
    mode: string
    grabWindowMinutes: number
  }
  expect(saved).toMatchObject({ mode: 'GRAB', grabWindowMinutes: 15 })
  await expectAccessible(page)
  await shot(page, 'dispatch-mode')

  await openMenu(page, '心愿墙')
  const row = page.getByRole('row').filter({ hasText: '想请人帮忙换个灯泡' })
  await expect(row).toContainText('待认领')
  await expect(row).toContainText('139****5678')
  await expect(page.getByRole('row').filter({ hasText: '想学用智能手机视频通话' })).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'wishes')

  await row.getByRole('button', { name: '关闭 想请人帮忙换个灯泡' }).click()
  const dialog = page.getByRole('dialog', { name: '关闭心愿' })
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(dialog.getByText('请填写关闭原因')).toBeVisible()
  await dialog.getByLabel('关闭原因').fill('已由社区网格员上门解决')
  await dialog.getByRole('button', { name: '确定' }).click()
  await expect(row).toHaveCount(0)

  await choose(page, '状态', '全部状态')
  const closed = page.getByRole('row').filter({ hasText: '想请人帮忙换个灯泡' })
  await expect(closed).toContainText('已关闭')
  await expect(closed).toContainText('已由社区网格员上门解决')
  await api.dispose()
})
