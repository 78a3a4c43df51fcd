import { expect, test } from '@playwright/test'
import {
  choose,
  completedOrder,
  expectAccessible,
  openMenu,
  otherStation,
  pickVolunteer,
  redeem,
  shot,
  signIn,
  spaced,
  staffOf,
  unassignedOrder,
} from './console'
import { Api, District, phonePrefix } from './district'

test('a resident or volunteer without staff rights is told plainly that the console is not for them', async ({ page }) => {
  const api = await Api.create()
  const prefix = phonePrefix()
  await api.register(`${prefix}7001`, '赵大爷')
  await signIn(page, `${prefix}7001`)
  await expect(page.getByText('无权访问管理后台')).toBeVisible()
  await expect(page.getByRole('navigation', { name: '主菜单' })).toHaveCount(0)
  // a deep link is no way round it
  await page.goto('/console/orders')
  await expect(page.getByText('无权访问管理后台')).toBeVisible()
  await expectAccessible(page)
  await api.dispose()
})

test('station staff dispatch an unassigned order by hand, review a completed one with corrected hours, fulfil a redemption and find people by name or phone; staff of another station see none of it', async ({
  page,
}) => {
  const api = await Api.create()
  const district = await District.setUp(api, '云冈')
  const staff = await staffOf(district, district.station.id, '0101', '张站长')
  const resident = await district.resident('0102', '刘奶奶')
  const newcomer = await district.volunteer('0104', '周阿姨', '周晓梅')
  const warmUp = await completedOrder(district, staff.token)

  // ---- sign in: the menu of a station's staff, the 工作台 with what is waiting
  await page.goto('/console/dispatch')
  await expect(page).toHaveURL(/\/console\/login\?redirect=/)
  await signIn(page, staff.phone, undefined, true)
  await expect(page).toHaveURL(/\/console\/dispatch$/)
  const menu = page.getByRole('navigation', { name: '主菜单' })
  for (const item of ['工作台', '派单调度', '督办', '订单', '服务队', '志愿者', '活动', '积分超市', '核销', '积分账本', '组织架构', '统计分析']) {
    await expect(menu.getByRole('menuitem', { name: item, exact: true })).toBeVisible()
  }
  await expect(page.getByText('张站长（工作人员）')).toBeVisible()

  // ---- 派单调度: the order nobody could take appears live, and is dispatched by hand
  await expect(page.getByRole('heading', { name: '派单调度' })).toBeVisible()
  await expect(page.getByText('实时更新中')).toBeVisible()
  const order = await unassignedOrder(district, resident, '楼上漏水协商不成想咨询律师')
  const row = page.getByRole('row').filter({ hasText: '楼上漏水协商不成想咨询律师' })
  await expect(row).toBeVisible({ timeout: 15_000 })
  await expect(row).toContainText('待人工派单')
  await expect(row).toContainText('法律服务')
  await expectAccessible(page)
  await shot(page, 'dispatch')

  await row.getByRole('button', { name: /^派单/ }).click()
  const dialog = page.getByRole('dialog', { name: '选择服务队' })
  await expect(dialog.getByText('订单：楼上漏水协商不成想咨询律师')).toBeVisible()
  const teamRow = dialog.getByRole('row').filter({ hasText: district.teamName })
  await expect(teamRow).toContainText('不含此类别')
  await expect(teamRow.getByRole('cell').nth(2)).toHaveText('3') // capacity
  await teamRow.getByText(district.teamName).click()
  await expect(teamRow.getByRole('radio')).toBeChecked()
  await dialog.getByRole('button', { name: '确认派单' }).click()
  await expect(page.getByText(`已派单给 ${district.teamName}`)).toBeVisible()
  await expect(row).toHaveCount(0)
  const dispatched = await api.order(order.id, staff.token)
  expect(dispatched.status).toBe('DISPATCHED')
  expect(dispatched.teamId).toBe(district.teamId)

  // ---- 订单: the completed warm-up order, reviewed with corrected hours
  await openMenu(page, '订单')
  await choose(page, '状态', '已完成')
  const done = page.getByRole('row').filter({ hasText: warmUp.title })
  await expect(done).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'orders')
  await done.getByRole('button', { name: '审核' }).click()
  await expect(page).toHaveURL(new RegExp(`/console/orders/${warmUp.id}$`))
  const drawer = page.getByRole('dialog', { name: '订单详情' })
  await expect(drawer.getByText(`已派单给 ${district.teamName}`)).toBeVisible()
  await expect(drawer.getByText('已完成').first()).toBeVisible()
  const review = drawer.getByRole('region', { name: '审核订单' })
  await review.getByRole('button', { name: '提交审核' }).click()
  await expect(review.getByText('请选择评分')).toBeVisible()
  await review.getByRole('slider', { name: '评分' }).focus()
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight')
  await review.getByLabel('审核意见').fill('上门及时，记录完整；李晓红实际服务 2.5 小时')
  const memberHours = review.getByLabel(`${district.member.realName} 的核定时长（小时）`)
  await expect(memberHours).toHaveValue('1.00')
  await memberHours.fill('2.5')
  await memberHours.blur()
  await expectAccessible(page)
  await shot(page, 'order-review')
  await review.getByRole('button', { name: '提交审核' }).click()
  await expect(drawer.getByText('工作人员审核')).toBeVisible()
  await expect(drawer.getByText('4 星')).toBeVisible()
  await expect(drawer.getByRole('region', { name: '审核订单' })).toHaveCount(0)
  const reviewed = await api.order(warmUp.id, staff.token)
  expect(reviewed.status).toBe('COMPLETED') // the resident has not rated it yet
  await page.keyboard.press('Escape')

  // ---- 积分超市 / 核销: the member redeems on the phone; staff type the code the member shows
  await district.credit(district.member.id, 100)
  const itemId = await district.stockItem('环保帆布袋', 30, 5)
  const redemption = await redeem(district, district.member, itemId)
  await openMenu(page, '积分超市')
  const itemRow = page.getByRole('row').filter({ hasText: '环保帆布袋' })
  await expect(itemRow).toContainText('30')
  await expect(itemRow).toContainText('4') // one reserved
  await expectAccessible(page)
  await shot(page, 'store')

  await openMenu(page, '核销')
  const reserved = page.getByRole('row').filter({ hasText: '环保帆布袋' })
  await expect(reserved).toContainText('待领取')
  await expect(reserved).toContainText(district.member.realName!)
  await expect(page.getByText(redemption.pickupCode)).toHaveCount(0) // the code is the volunteer's secret
  await expectAccessible(page)
  await shot(page, 'fulfil')
  await reserved.getByRole('button', { name: /^核销/ }).click()
  const fulfil = page.getByRole('dialog', { name: '核销' })
  await fulfil.getByLabel('取货码').fill('ZZZZZZZZ')
  await fulfil.getByRole('button', { name: '核销' }).click()
  await expect(fulfil.getByRole('alert')).toBeVisible()
  await expect(fulfil.getByLabel('取货码')).toHaveValue('ZZZZZZZZ') // what was typed stays
  await fulfil.getByLabel('取货码').fill(redemption.pickupCode.toLowerCase())
  await fulfil.getByRole('button', { name: '核销' }).click()
  await expect(page.getByText('已核销：环保帆布袋 × 1')).toBeVisible()
  await expect(fulfil).toBeHidden()
  await expect(page.getByRole('row').filter({ hasText: '环保帆布袋' })).toHaveCount(0) // no longer waiting
  await choose(page, '状态', '已领取')
  await expect(page.getByRole('row').filter({ hasText: '环保帆布袋' })).toContainText('已领取')

  // ---- the other main pages: no accessibility problems, nothing wider than the screen
  await openMenu(page, '工作台', '张站长，您好')
  await expect(page.getByText(`管辖范围：${district.station.name}`)).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'dashboard')

  // ---- 服务队: a new volunteer of the station joins the team, found by name, not by an id
  await openMenu(page, '服务队')
  const teamsRow = page.getByRole('row').filter({ hasText: district.teamName })
  await expect(teamsRow).toContainText('2 人')
  await expectAccessible(page)
  await teamsRow.getByRole('button', { name: `${district.teamName} 的队员` }).click()
  const members = page.getByRole('dialog', { name: `${district.teamName} 的队员` })
  const picker = members.getByRole('combobox', { name: '新队员' })
  await picker.click()
  const answered = page.waitForResponse((r) => new URL(r.url()).searchParams.get('q') === '晓')
  await picker.fill('晓')
  await answered
  // 李晓红 is in the team already: only the newcomer is offered, with the phone that tells people apart
  const offered = page.getByRole('option').filter({ hasText: '晓' })
  await expect(offered).toHaveCount(1)
  await expect(offered).toContainText('周晓梅')
  await expect(offered).toContainText(spaced(newcomer.phone))
  await shot(page, 'teams')
  await offered.click()
  await members.getByRole('button', { name: '添加队员' }).click()
  await expect(page.getByText('已添加队员')).toBeVisible()
  await expect(members.getByRole('row').filter({ hasText: '周晓梅' })).toBeVisible()
  await members.getByRole('button', { name: '添加队员' }).click() // nobody picked this time
  await expect(members.getByRole('alert')).toHaveText('请先选择要添加的志愿者')
  await expectAccessible(page)
  await page.keyboard.press('Escape')
  await expect(teamsRow).toContainText('3 人')
  // a new team, its leader found by phone
  await page.getByRole('button', { name: '新建服务队' }).click()
  const creating = page.getByRole('dialog', { name: '新建服务队' })
  await creating.getByLabel('名称').fill(`${district.station.name}文艺分队`)
  await creating.getByText('文化文艺', { exact: true }).click()
  await expect(creating.getByRole('checkbox', { name: '文化文艺' })).toBeChecked()
  await pickVolunteer(page, '队长', newcomer.phone.slice(-4), '周晓梅')
  await creating.getByRole('button', { name: '新建服务队' }).click()
  await expect(page.getByText('服务队已创建')).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: `${district.station.name}文艺分队` })).toContainText('周晓梅')

  // ---- 志愿者: the station's volunteers, newest first; found by name or by phone; one opened
  await openMenu(page, '志愿者')
  const rows = page.getByRole('row')
  await expect(rows.filter({ hasText: '周晓梅' })).toContainText(spaced(newcomer.phone))
  await expect(rows.filter({ hasText: district.leader.realName! })).toBeVisible()
  await expect(page.getByText('共 3 条')).toBeVisible()
  const search = page.getByRole('textbox', { name: '查找志愿者' })
  await search.fill(district.member.phone.slice(0, 3) + ' ' + district.member.phone.slice(3))
  await expect(rows.filter({ hasText: '周晓梅' })).toHaveCount(0)
  await expect(rows.filter({ hasText: district.member.realName! })).toContainText(spaced(district.member.phone))
  await search.fill('王')
  await search.press('Enter')
  await expect(rows.filter({ hasText: district.member.realName! })).toHaveCount(0)
  await expect(rows.filter({ hasText: district.leader.realName! })).toBeVisible()
  await search.fill('没有这个人')
  await expect(page.getByText('没有找到符合条件的志愿者，请换个姓名或手机号试试')).toBeVisible()
  await search.fill('')
  await search.press('Enter')
  await choose(page, '排序', '按姓名')
  await expect(rows.nth(1)).toContainText(district.member.realName!) // 李 (li) before 王 (wang) and 周 (zhou)
  await expectAccessible(page)
  await shot(page, 'volunteers')
  await page.getByRole('link', { name: district.member.realName }).click()
  const profile = page.getByRole('dialog', { name: '志愿者档案' })
  await expect(profile.getByText('累计服务时长')).toBeVisible()
  await expect(profile.getByText('志愿者编号')).toBeVisible()
  await expect(profile).toContainText(spaced(district.member.phone))
  await expectAccessible(page)
  await page.keyboard.press('Escape')
  await expect(profile).toBeHidden()
  await openMenu(page, '组织架构')
  await expect(page.getByRole('tree', { name: '中心 / 所 / 站' })).toContainText(district.station.name)
  await expect(page.getByText('新建组织和授权工作人员仅管理员可用')).toBeVisible()
  await expectAccessible(page)
  await openMenu(page, '积分账本')
  await pickVolunteer(page, '志愿者', district.member.phone.slice(0, 7), district.member.realName!)
  await expect(page).toHaveURL(new RegExp(`/console/ledger/${district.member.id}$`))
  await expect(page.getByRole('heading', { name: `${district.member.realName} 的积分` })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: '兑换' }).first()).toContainText('-30')
  await expectAccessible(page)
  await shot(page, 'ledger')
  // a deep link into the console opens the page itself
  await page.goto(`/console/orders/${order.id}`)
  await expect(page.getByRole('dialog', { name: '订单详情' })).toContainText('楼上漏水协商不成想咨询律师')
  await page.getByRole('button', { name: '关闭此对话框' }).click()
  await expect(page.getByRole('dialog', { name: '订单详情' })).toBeHidden()
  await expect(page).toHaveURL(/\/console\/orders$/)

  // ---- staff of another station: none of it
  const elsewhere = await otherStation(district, `${district.station.name}（二）`)
  const stranger = await staffOf(district, elsewhere.id, '0103', '钱站长')
  await page.getByRole('button', { name: '退出登录' }).click()
  await signIn(page, stranger.phone)
  await openMenu(page, '派单调度')
  await expect(page.getByText('没有需要派单的订单')).toBeVisible()
  await openMenu(page, '订单')
  await expect(page.getByText('没有符合条件的订单')).toBeVisible()
  await openMenu(page, '核销')
  await choose(page, '状态', '全部')
  await expect(page.getByText('本站还没有兑换记录')).toBeVisible()
  await openMenu(page, '志愿者')
  await expect(page.getByText('这里还没有志愿者')).toBeVisible()
  await page.getByRole('textbox', { name: '查找志愿者' }).fill(district.member.phone)
  await expect(page.getByText('没有找到符合条件的志愿者，请换个姓名或手机号试试')).toBeVisible()
  await page.goto(`/console/orders/${order.id}`)
  await expect(page.getByRole('dialog', { name: '订单详情' }).getByRole('alert')).toBeVisible()
  await expect(page.getByRole('dialog', { name: '订单详情' })).not.toContainText('楼上漏水协商不成想咨询律师')
  await api.dispose()
})
