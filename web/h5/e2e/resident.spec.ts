import { expect, test } from '@playwright/test'
import { bottomTab, chooseStation, expectAccessible, shot, signIn } from './app'
import { Api, District, PASSWORD } from './district'

test('a resident orders, watches the order progress live while the team serves, and rates it', async ({
  page,
  browser,
}) => {
  const api = await Api.create()
  const district = await District.setUp(api, '御河')
  const phone = district.phone('0101')
  const title = '帮独居老人买菜、打扫卫生'

  // the order page is to be kept current by the live stream, not by asking again and again
  const orderReads: string[] = []
  page.on('request', (request) => {
    if (/^\/api\/orders\/[0-9a-f-]{36}$/.test(new URL(request.url()).pathname)) orderReads.push(request.url())
  })
  const streamOpened = page.waitForResponse(
    (response) => new URL(response.url()).pathname === '/api/events/stream' && response.status() === 200,
    { timeout: 170_000 },
  )

  // register
  await page.goto('/login?mode=register')
  await expect(page.getByRole('heading', { name: '文明实践' })).toBeVisible()
  await page.getByLabel('手机号').fill(phone)
  await page.getByLabel('称呼').fill('张大爷')
  await page.getByLabel('密码', { exact: true }).fill(PASSWORD)
  await expectAccessible(page)
  await shot(page, 'h5-login.png')
  await page.getByRole('button', { name: '注册并登录' }).click()
  await expect(page.getByText('张大爷，您好')).toBeVisible()

  // pick the station; its service menu appears
  await expect(page.getByText('还没有选择实践站')).toBeVisible()
  await chooseStation(page, district)
  await expect(page.getByRole('heading', { name: '服务目录' })).toBeVisible()
  await expect(page.getByRole('button', { name: '理论宣讲' })).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-home.png')

  // the order form: category from the menu, phone from the profile
  await page.getByRole('button', { name: '助老敬老' }).click()
  await expect(page.getByLabel('服务类别')).toHaveValue('助老敬老')
  await expect(page.getByLabel('联系电话')).toHaveValue(phone)
  await expect(page.getByRole('textbox', { name: '服务站点' })).toHaveValue(new RegExp(district.station.name))
  await page.getByLabel('需求标题').fill(title)
  await page.getByLabel('详细描述').fill('老人腿脚不便，每周需要一次上门帮助，主要是买菜和打扫厨房。')
  await page.getByLabel('服务地址').fill('平城区御河东路12号3单元201')
  await page.getByLabel('期望时间').click()
  await page.getByRole('button', { name: '下一步' }).click()
  await page.getByRole('button', { name: '确定' }).click()
  await expect(page.getByLabel('期望时间')).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  await expectAccessible(page)
  await shot(page, 'h5-order-form.png')
  await page.getByRole('button', { name: '提交订单' }).click()

  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/)
  const orderId = page.url().split('/').pop() as string
  const status = page.getByRole('status', { name: '订单状态' })
  // from here on the page must change by itself: a reload would drop this marker
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true))
  await expect(page.getByText(`已派单给 ${district.teamName}`)).toBeVisible({ timeout: 60_000 })
  await expect(status).toContainText('已派单')
  // live: the stream is open, and while the order does not change the page asks for nothing
  expect((await streamOpened).headers()['content-type']).toContain('text/event-stream')
  const readsWhileIdle = orderReads.length
  await page.waitForTimeout(7_000)
  expect(orderReads.length, 'order reads while nothing changed (polling instead of the stream?)').toBe(readsWhileIdle)

  // the team leader, in another browser, accepts with a member, starts and completes
  const leaderContext = await browser.newContext()
  const leader = await leaderContext.newPage()
  await signIn(leader, district.leader.phone)
  await bottomTab(leader, '任务').click()
  const task = leader.getByRole('listitem').filter({ hasText: title })
  await task.getByRole('button', { name: '接单' }).click()
  const acceptDialog = leader.getByRole('dialog', { name: '选择参与服务的队员' })
  await acceptDialog.getByRole('checkbox', { name: '李晓红' }).click()
  await acceptDialog.getByRole('button', { name: '确认接单' }).click()
  await expect(status).toContainText('已接单')

  await leader.getByRole('tab', { name: /进行中/ }).click()
  await leader.getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: '开始服务' }).click()
  await expect(status).toContainText('服务中')

  await leader.getByRole('listitem').filter({ hasText: title }).getByRole('button', { name: '完成服务' }).click()
  const completeDialog = leader.getByRole('dialog', { name: '完成服务' })
  await completeDialog.getByLabel('服务小结').fill('已上门买菜并打扫厨房、卫生间')
  await completeDialog.getByLabel(/王建国 的服务时长/).fill('2.5')
  await completeDialog.getByLabel(/李晓红 的服务时长/).fill('3')
  await completeDialog.getByRole('button', { name: '确认完成' }).click()
  await expect(status).toContainText('已完成')

  // rate it; with the staff review it is evaluated
  await page.getByRole('radio', { name: '5 星' }).click()
  await page.getByLabel('评价内容').fill('服务很周到，谢谢志愿者！')
  await page.getByRole('button', { name: '提交评价' }).click()
  await expect(page.getByText('您已评价，等待站点工作人员审核后完成评单')).toBeVisible()
  await district.staffEvaluate(orderId, 4)
  await expect(status).toContainText('已评价')

  const timeline = page.getByRole('region', { name: '办理进度' })
  for (const step of [
    '已下单',
    `已派单给 ${district.teamName}`,
    `${district.teamName} 已接单`,
    '服务中',
    '已完成',
    '群众已评价',
    '工作人员已评价',
    '已评价',
  ]) {
    await expect(timeline.getByText(step, { exact: true })).toBeVisible()
  }
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
  await page.evaluate(() => window.scrollTo(0, 0))
  await expectAccessible(page)
  await shot(page, 'h5-order-detail.png')

  // the order shows in the resident's list
  await page.getByRole('button', { name: '返回' }).click()
  await bottomTab(page, '我的订单').click()
  await expect(page.getByRole('button', { name: new RegExp(title) })).toContainText('已评价')

  // the leader's statement names the order the points were awarded for (the award comes as an
  // event: look again until it is there, as a person would)
  await bottomTab(leader, '积分').click()
  const award = leader.getByRole('link', { name: `订单：${title}` })
  await expect(async () => {
    // a tap that landed while the tasks page was still settling is tapped again, as a person would
    if (!new URL(leader.url()).pathname.startsWith('/points')) await bottomTab(leader, '积分').click()
    else if (!(await award.isVisible())) await leader.reload()
    await expect(award).toBeVisible({ timeout: 10_000 })
  }).toPass({ timeout: 90_000 })
  await expect(leader.getByRole('list', { name: '积分明细' })).toContainText('服务奖励')
  await leaderContext.close()
  await api.dispose()
})
