import { expect, test } from '@playwright/test'
import { bottomTab, expectAccessible, rememberStation, shot, signIn } from './app'
import { Api, District } from './district'

test('a resident posts a wish on the wall, a team leader claims it and it becomes the team’s order', async ({
  page,
  browser,
}) => {
  const api = await Api.create()
  const district = await District.setUp(api, '镇川')
  const resident = await district.resident('0301', '赵奶奶')
  const title = '想请人帮忙修一下收音机'

  // anyone reads the wall, signed in or not
  await rememberStation(page, district)
  await page.goto('/wishes')
  await expect(page.getByRole('heading', { name: '心愿墙' })).toBeVisible()
  await expect(page.getByText('本站还没有待认领的心愿')).toBeVisible()
  await expect(page.getByRole('button', { name: '登录后即可发布心愿' })).toBeVisible()

  // the resident posts one from the home screen's entry
  await signIn(page, resident.phone)
  await page.getByText('心愿墙', { exact: true }).click()
  await expect(page).toHaveURL(/\/wishes$/)
  await page.getByRole('button', { name: '发布心愿' }).click()
  await expect(page.getByLabel('联系电话')).toHaveValue(resident.phone)
  await page.getByRole('button', { name: '发布', exact: true }).click()
  await expect(page.getByText('请填写您的心愿')).toBeVisible()
  await page.getByLabel('心愿', { exact: true }).fill(title)
  await page.getByLabel('详细说明').fill('老伴留下的收音机坏了，想再听听戏')
  await expectAccessible(page)
  await shot(page, 'h5-wish-form.png')
  await page.getByRole('button', { name: '发布', exact: true }).click()

  await expect(page).toHaveURL(/\/wishes\/[0-9a-f-]{36}$/)
  const wishUrl = new URL(page.url()).pathname
  await expect(page.getByRole('heading', { name: title })).toBeVisible()
  await expect(page.getByText('待认领')).toBeVisible()
  // the author sees the whole number; the wall shows it to nobody
  await expect(page.getByText(resident.phone)).toBeVisible()
  await expect(page.getByRole('button', { name: '关闭心愿' })).toBeVisible()
  await page.goto('/wishes')
  const card = page.getByRole('listitem').filter({ hasText: title })
  await expect(card).toContainText('待认领')
  await expect(card).toContainText(district.station.name)
  await expectAccessible(page)
  await shot(page, 'h5-wish-wall.png')

  // a team leader of the station, on another phone, claims it with a member
  const leaderContext = await browser.newContext()
  const leader = await leaderContext.newPage()
  await rememberStation(leader, district)
  await signIn(leader, district.leader.phone)
  await leader.goto('/wishes')
  await leader.getByRole('listitem').filter({ hasText: title }).getByRole('button').click()
  await expect(leader.getByText(`${resident.phone.slice(0, 3)}****${resident.phone.slice(-4)}`)).toBeVisible()
  await leader.getByRole('button', { name: '认领心愿' }).click()
  const claimDialog = leader.getByRole('dialog', { name: '认领心愿：选择服务队和队员' })
  await expect(claimDialog.getByRole('checkbox', { name: district.leader.realName })).toHaveAttribute('aria-checked', 'true')
  await claimDialog.getByRole('checkbox', { name: district.member.realName }).click()
  await claimDialog.getByRole('button', { name: '确认认领' }).click()
  await expect(leader.getByText(`已由 ${district.teamName} 认领`)).toBeVisible()
  await leader.getByRole('button', { name: '查看服务订单' }).click()
  await expect(leader).toHaveURL(/\/orders\/[0-9a-f-]{36}$/)
  await expect(leader.getByRole('status', { name: '订单状态' })).toContainText('已接单')
  await expect(leader.getByText('认领微心愿')).toBeVisible()

  // it is the team's order now, ready to start
  await leader.goto('/tasks')
  await leader.getByRole('tab', { name: /进行中/ }).click()
  const task = leader.getByRole('tabpanel', { name: /进行中/ }).getByRole('listitem').filter({ hasText: title })
  await expect(task.getByRole('button', { name: '开始服务' })).toBeVisible()
  await leaderContext.close()

  // and the resident's wish says who took it, with the way to the order
  await page.goto(wishUrl)
  await expect(page.getByText(`已由 ${district.teamName} 认领`)).toBeVisible()
  await expect(page.getByRole('button', { name: '关闭心愿' })).toHaveCount(0)
  await page.getByRole('button', { name: '查看服务订单' }).click()
  await expect(page.getByRole('status', { name: '订单状态' })).toContainText('已接单')
  await expectAccessible(page)
  await shot(page, 'h5-wish-order.png')
  await api.dispose()
})

test('in grab mode a team leader finds the order in the 抢单 pool and takes it', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '云冈')
  const resident = await district.resident('0401', '孙大妈')
  await district.grabMode(30)
  const title = '帮忙把冬储白菜搬上楼'
  const order = await district.placeOrder(resident, title)

  await signIn(page, district.leader.phone)
  await bottomTab(page, '任务').click()
  await page.getByRole('tab', { name: /抢单/ }).click()
  const pool = page.getByRole('tabpanel', { name: /抢单/ })
  const offered = pool.getByRole('listitem').filter({ hasText: title })
  await expect(offered).toBeVisible()
  await expect(offered).toContainText('抢单截止')
  await expect(offered).not.toContainText('13912345678')
  await expectAccessible(page)
  await shot(page, 'h5-grab-pool.png')

  await offered.getByRole('button', { name: '抢单' }).click()
  const grabDialog = page.getByRole('dialog', { name: '抢单：选择服务队和队员' })
  await grabDialog.getByRole('checkbox', { name: district.member.realName }).click()
  await grabDialog.getByRole('button', { name: '确认抢单' }).click()

  const ongoing = page.getByRole('tabpanel', { name: /进行中/ })
  const grabbed = ongoing.getByRole('listitem').filter({ hasText: title })
  await expect(grabbed).toContainText(`服务队员：${district.leader.realName}、${district.member.realName}`)
  await expect(grabbed).toContainText('已接单')
  const accepted = await api.order(order.id, resident.token)
  expect(accepted.status).toBe('ACCEPTED')
  expect(accepted.teamId).toBe(district.teamId)

  // once taken it is gone from the pool
  await page.getByRole('tab', { name: /抢单/ }).click()
  await expect(pool.getByText('暂时没有可抢的订单')).toBeVisible()
  await api.dispose()
})
