import { expect, test } from '@playwright/test'
import { choose, expectAccessible, openMenu, shot, signIn, staffOf } from './console'
import { Api, District } from './district'

const pad = (n: number) => String(n).padStart(2, '0')
/** A moment as the date picker takes it typed, in the browser's time zone (Asia/Shanghai). */
function typed(ms: number): string {
  const d = new Date(ms + 8 * 3600_000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

test('station staff publish an activity, show the check-in QR, mark attendance and complete it with hours', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '迎泽')
  const staff = await staffOf(district, district.station.id, '0601', '周站长')

  await signIn(page, staff.phone)
  await openMenu(page, '活动')
  await expect(page.getByText('这里还没有活动')).toBeVisible()

  // the publish form says in Chinese what is missing, and keeps what was typed
  await page.getByRole('button', { name: '发布活动' }).click()
  const dialog = page.getByRole('dialog', { name: '发布活动' })
  await dialog.getByRole('textbox', { name: '活动名称' }).fill('  ')
  await dialog.getByRole('button', { name: '发布活动' }).click()
  await expect(dialog.getByText('请填写活动名称')).toBeVisible()
  await expect(dialog.getByText('请选择活动类别')).toBeVisible()
  await expect(dialog.getByText('请填写活动地点')).toBeVisible()
  await expect(dialog.getByText('请选择开始时间')).toBeVisible()

  const title = '迎泽公园文明游园宣传'
  const tomorrow = Date.now() + 24 * 3600_000
  await dialog.getByRole('textbox', { name: '活动名称' }).fill(title)
  await choose(page, '活动类别', '文明风尚')
  await dialog.getByRole('textbox', { name: '活动地点' }).fill('迎泽公园南门')
  const starts = dialog.getByRole('combobox', { name: '开始时间' }).or(dialog.getByRole('textbox', { name: '开始时间' }))
  await starts.fill(typed(tomorrow))
  await starts.press('Enter')
  const ends = dialog.getByRole('combobox', { name: '结束时间' }).or(dialog.getByRole('textbox', { name: '结束时间' }))
  await ends.fill(typed(tomorrow - 3600_000))
  await ends.press('Enter')
  await dialog.getByRole('button', { name: '发布活动' }).click()
  await expect(dialog.getByText('结束时间须晚于开始时间')).toBeVisible()
  await ends.fill(typed(tomorrow + 2 * 3600_000))
  await ends.press('Enter')
  await dialog.getByRole('spinbutton', { name: '名额（人）' }).fill('30')
  await dialog.getByRole('textbox', { name: '活动介绍' }).fill('向游园群众宣传文明游园、垃圾分类')
  await expect(dialog.getByText('结束时间须晚于开始时间')).toHaveCount(0)
  await dialog.getByRole('button', { name: '发布活动' }).click()

  // published: its sign-up list opens, empty
  await expect(page).toHaveURL(/\/console\/activities\/[0-9a-f-]{36}$/)
  const drawer = page.getByRole('dialog', { name: '报名名单' })
  await expect(drawer.getByRole('heading', { name: title })).toBeVisible()
  await expect(drawer.getByText('还没有人报名')).toBeVisible()
  await drawer.getByRole('button', { name: /关闭/ }).click()
  const row = page.getByRole('row').filter({ hasText: title })
  await expect(row).toContainText('0/30')
  await expect(row).toContainText('报名中')
  await expectAccessible(page)
  await shot(page, 'activities')

  // an activity about to start, two volunteers signed up
  const soon = await district.publishActivity('迎泽社区健康义诊志愿服务', 20_000, 5)
  await district.signUp(district.leader, soon.id)
  await district.signUp(district.member, soon.id)
  await page.goto(`/console/activities/${soon.id}`)
  const member = drawer.getByRole('row').filter({ hasText: `${district.member.phone.slice(0, 3)}****${district.member.phone.slice(-4)}` })
  const leader = drawer.getByRole('row').filter({ hasText: `${district.leader.phone.slice(0, 3)}****${district.leader.phone.slice(-4)}` })
  await expect(member).toContainText('已报名')
  await expect(leader).toContainText('已报名')

  // the QR on screen encodes the code; the member checks in and out with it
  await drawer.getByRole('button', { name: '签到二维码' }).click()
  const qr = page.getByRole('dialog', { name: /^现场签到：/ })
  const shown = qr.getByText(/^[2-9A-HJ-NP-Z]{8}$/)
  await expect(shown).toBeVisible()
  const code = (await shown.textContent())?.trim() ?? ''
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
  await expect(qr.getByRole('img', { name: `签到二维码，签到码 ${code}` })).toBeVisible()
  await expect(qr.getByText(/秒后自动更换/)).toBeVisible()
  await shot(page, 'activity-qr')
  for (const type of ['IN', 'OUT']) {
    const response = await api.post(`/api/activities/${soon.id}/check-ins`, district.member.token, { code, type })
    expect(response.status()).toBe(201)
  }
  await qr.getByRole('button', { name: '关闭' }).last().click()

  // the leader came without scanning: staff mark them in
  await page.reload()
  await expect(member).not.toContainText('标记签到')
  await leader.getByRole('button', { name: /标记签到/ }).click()
  await expect(page.getByText(/已为 .+ 标记签到/)).toBeVisible()
  await expect(leader.getByRole('button', { name: /标记签退/ })).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'activity-signups')

  // once it has started staff complete it; the member's hours default to the checked time
  await expect(drawer.getByRole('button', { name: '完成活动' })).toBeEnabled({ timeout: 60_000 })
  await drawer.getByRole('button', { name: '完成活动' }).click()
  const complete = page.getByRole('dialog', { name: /^完成活动：/ })
  const memberName = (await member.getByRole('cell').first().textContent())?.trim() ?? ''
  await expect(complete.getByRole('textbox', { name: `${memberName} 的服务时长（小时）` })).toHaveValue('0.5')
  await complete.getByRole('textbox', { name: `${memberName} 的服务时长（小时）` }).fill('3')
  await complete.getByRole('button', { name: '完成活动' }).click()
  await expect(complete.getByText('时长须大于 0、不超过 0.5 小时，最多两位小数')).toBeVisible()
  await complete.getByRole('textbox', { name: `${memberName} 的服务时长（小时）` }).fill('0.5')
  await complete.getByRole('button', { name: '完成活动' }).click()
  await page.getByRole('dialog', { name: '完成活动', exact: true }).getByRole('button', { name: '确定' }).click()
  await expect(drawer.getByText('已完成')).toBeVisible()
  await expect(member).toContainText('0.5 小时')

  // the member's service records name the activity
  await page.goto(`/console/volunteers/${district.member.id}`)
  const profile = page.getByRole('dialog', { name: '志愿者档案' })
  const record = profile.getByRole('row').filter({ hasText: '迎泽社区健康义诊志愿服务' })
  await expect(record).toContainText('活动')
  await expect(record).toContainText('0.5')
  await api.dispose()
})
