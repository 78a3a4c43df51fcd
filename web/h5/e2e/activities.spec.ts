import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { chooseStation, expectAccessible, shot, signIn } from './app'
import { Api, District } from './district'

const DAY = 24 * 3600_000

test('a volunteer joins the waitlist of a full activity, moves up when someone cancels and sees it in 我的报名', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '文瀛')
  const title = '文瀛湖畔垃圾分类宣传'
  const activity = await district.publishActivity(title, 3 * DAY, 1)
  expect((await district.signUp(district.leader, activity.id)).status).toBe('CONFIRMED')

  // the volunteer finds it from the home screen, in the station's list
  await signIn(page, district.member.phone)
  await page.getByText('志愿活动', { exact: true }).click()
  await expect(page.getByRole('heading', { name: '志愿活动' })).toBeVisible()
  await chooseStation(page, district, '活动单位')
  const card = page.getByRole('list', { name: '近期活动' }).getByRole('listitem').filter({ hasText: title })
  await expect(card).toContainText('已满，可候补')
  await expect(card).toContainText('已报名 1/1')
  await expect(card).toContainText(district.station.name)
  await expectAccessible(page)
  await shot(page, 'h5-activities.png')

  // full: signing up puts them on the waitlist, and the page says where they stand
  await card.getByRole('button').click()
  await expect(page.getByRole('heading', { name: title })).toBeVisible()
  await expect(page.getByText('御河公园东门广场')).toBeVisible()
  await page.getByRole('button', { name: '报名候补' }).click()
  await expect(page.getByRole('dialog')).toContainText('您已进入候补（第 1 位）')
  await page.getByRole('dialog').getByRole('button', { name: '知道了' }).click()
  await expect(page.getByRole('status', { name: '我的报名' })).toHaveText('候补第 1 位')
  await expect(page.getByText('候补 1 人')).toBeVisible()
  await expect(page.getByRole('button', { name: '取消报名' })).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-activity-detail.png')

  // the confirmed volunteer cancels: the first on the waitlist moves up at once
  const cancelled = await api.delete(`/api/activities/${activity.id}/signups/me`, district.leader.token)
  expect(cancelled.status()).toBe(204)
  await page.goto('/activities?tab=mine')
  const mine = page.getByRole('list', { name: '我的报名' }).getByRole('listitem').filter({ hasText: title })
  await expect(mine).toContainText('已报名')
  await expect(mine).toContainText('已由候补转为正式报名')
  await expectAccessible(page)
  await shot(page, 'h5-my-signups.png')
  await mine.getByRole('button').click()
  await expect(page.getByText('您已由候补转为正式报名')).toBeVisible()
  await expect(page.getByRole('status', { name: '我的报名' })).toHaveText('已报名')

  // signing up twice is refused in words; cancelling is asked first
  const again = await api.post(`/api/activities/${activity.id}/signups`, district.member.token, undefined)
  expect(again.status()).toBe(409)
  await page.getByRole('button', { name: '取消报名' }).click()
  await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
  await expect(page.getByRole('status', { name: '我的报名' })).toHaveText('已取消')
  await expect(page.getByRole('button', { name: '报名参加' })).toBeVisible()
  await api.dispose()
})

test('a volunteer checks in and out with the code shown at the venue, then sees the hours, the points and a certificate', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '古城')
  const title = '古城墙根下清洁家园'
  // it starts in 20 seconds: check-in is open (from 2 hours before), and staff may complete it soon
  const activity = await district.publishActivity(title, 20_000, 5)
  await district.signUp(district.member, activity.id)

  await signIn(page, district.member.phone)
  await page.goto(`/activities/${activity.id}`)
  await expect(page.getByRole('status', { name: '我的报名' })).toHaveText('已报名')
  await page.getByRole('button', { name: '扫码签到' }).click()
  const sheet = page.getByRole('dialog', { name: '扫码签到' })
  await sheet.getByLabel('签到码').fill('ZZZZ2222')
  await sheet.getByRole('button', { name: '签到', exact: true }).click()
  await expect(sheet.getByRole('alert')).not.toBeEmpty()
  await sheet.getByLabel('签到码').fill(await district.checkInCode(activity.id))
  await sheet.getByRole('button', { name: '签到', exact: true }).click()
  await expect(page.getByText(/^签到 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)).toBeVisible()
  await expect(page.getByRole('button', { name: '扫码签退' })).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-activity-check-in.png')

  await page.getByRole('button', { name: '扫码签退' }).click()
  const out = page.getByRole('dialog', { name: '扫码签退' })
  await out.getByLabel('签到码').fill((await district.checkInCode(activity.id)).toLowerCase())
  await out.getByRole('button', { name: '签退', exact: true }).click()
  await expect(page.getByText(/^签退 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)).toBeVisible()
  await expect(page.getByRole('button', { name: /扫码签/ })).toHaveCount(0)

  // staff complete it once it has started: half an hour, the least there is
  await expect(async () => {
    const response = await api.post(`/api/activities/${activity.id}/complete`, district.adminToken, {})
    expect(response.status()).toBe(200)
  }).toPass({ timeout: 60_000, intervals: [2_000] })
  await page.reload()
  await expect(page.getByText('服务时长 0.5 小时')).toBeVisible()
  await expect(page.getByText('已结束')).toBeVisible()

  // the points arrive in the statement, naming the activity
  await expect(async () => {
    await page.goto('/points')
    await page.getByRole('tab', { name: '积分明细' }).click()
    await expect(page.getByRole('list', { name: '积分明细' })).toContainText(`活动《${title}》`, { timeout: 2_000 })
  }).toPass({ timeout: 60_000 })
  await page.getByRole('link', { name: new RegExp(`活动《${title}》`) }).click()
  await expect(page).toHaveURL(new RegExp(`/activities/${activity.id}$`))

  // the service record names it, and the certificate is a PDF
  await page.goto('/me/records')
  await expect(page.getByText(title)).toBeVisible()
  await page.goto('/me')
  await page.getByText('志愿服务证明', { exact: true }).click()
  await expect(page.getByRole('heading', { name: '志愿服务证明' })).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-certificate.png')
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: '生成并下载证明（PDF）' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^志愿服务证明_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.pdf$/)
  expect(readFileSync(await file.path()).subarray(0, 5).toString()).toBe('%PDF-')
  await expect(page.getByRole('status').filter({ hasText: '证明已生成' })).toBeVisible()
  await api.dispose()
})
