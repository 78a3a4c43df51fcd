import { expect, test, type Page } from '@playwright/test'
import { fileURLToPath } from 'node:url'
import { crc32, deflateSync } from 'node:zlib'
import { bottomTab, expectAccessible, rememberStation, shot, signIn } from './app'
import { Api, District } from './district'

/** A PNG photo of `width` × `height` in one colour with a lighter band, made here (no fixture files). */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(typed))
    return Buffer.concat([length, typed, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const rows = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const light = y > height / 3 && y < (2 * height) / 3 ? 60 : 0
    for (let x = 0; x < width; x++) {
      rows.set([Math.min(255, r + light), Math.min(255, g + light), Math.min(255, b + light)], y * (width * 3 + 1) + 1 + x * 3)
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const photo = (name: string, colour: [number, number, number]) => ({
  name,
  mimeType: 'image/png',
  buffer: png(480, 360, colour),
})

/** The file input of the uploader in `scope` (Vant's is visually hidden behind its button). */
const fileInput = (page: Page) => page.locator('input[type=file]').first()

test('a resident orders with photos and shows the check-in code; the member checks in and out by typing it; the leader completes with a photo', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000)
  const api = await Api.create()
  const district = await District.setUp(api, '鼓楼')
  const resident = await district.resident('0301', '赵阿姨')
  const title = '厨房水龙头漏水，请帮忙修理'

  // 我要点单 with two photos of the broken tap; a PDF is refused before anything is sent
  await rememberStation(page, district)
  await signIn(page, resident.phone)
  await page.goto('/order/new?category=ELDERLY')
  await page.getByLabel('需求标题').fill(title)
  await page.getByLabel('详细描述').fill('水龙头一直滴水，老人自己修不了。')
  await page.getByLabel('服务地址').fill('平城区鼓楼西街8号2单元101')
  await fileInput(page).setInputFiles({ name: '说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n') })
  await expect(page.getByRole('status', { name: '提示' })).toHaveText('只能上传 JPEG、PNG 或 WebP 格式的照片')
  await fileInput(page).setInputFiles([photo('水龙头.png', [40, 90, 160]), photo('水槽.png', [160, 60, 40])])
  await expect(page.getByText('2/9')).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-order-form-photos.png')
  await page.getByRole('button', { name: '提交订单' }).click()
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/)
  const orderId = page.url().split('/').pop() as string

  // the detail shows both photos as thumbnails (fetched with the token)
  const photos = page.getByRole('list', { name: '照片' })
  await expect(photos.getByRole('img')).toHaveCount(2, { timeout: 20_000 })
  expect((await api.order(orderId, resident.token)).status).toBeTruthy()

  // the team accepts (through the API); the resident's page offers the check-in code
  await district.awaitDispatched(orderId, resident.token)
  const accepted = await api.post(`/api/orders/${orderId}/accept`, district.leader.token, {
    volunteerIds: [district.member.id],
  })
  expect(accepted.status()).toBe(200)
  await page.getByRole('button', { name: '出示签到码' }).click({ timeout: 30_000 })
  const qr = page.getByRole('img', { name: /签到码二维码/ })
  await expect(qr).toBeVisible()
  const code = ((await qr.getAttribute('alt')) ?? '').replace('签到码二维码：', '')
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
  await expect(page.getByText(`${code.slice(0, 4)} ${code.slice(4)}`)).toBeVisible()
  await expectAccessible(page)
  await shot(page, 'h5-check-in-code.png')

  // the member at the door: a mistyped code is refused in words, the right one checks in
  const memberContext = await browser.newContext({ viewport: { width: 375, height: 667 } })
  const member = await memberContext.newPage()
  await signIn(member, district.member.phone)
  await bottomTab(member, '任务').click()
  await member.getByRole('tab', { name: /进行中/ }).click()
  const task = member.getByRole('tabpanel', { name: /进行中/ }).getByRole('listitem').filter({ hasText: title })
  await task.getByRole('button', { name: '签到' }).click()
  const sheet = member.getByRole('dialog', { name: '上门签到' })
  await sheet.getByLabel('签到码').fill('ABCD2345')
  await sheet.getByRole('button', { name: '签到' }).click()
  await expect(sheet.getByRole('alert')).toContainText('签到码不正确')
  await sheet.getByLabel('签到码').fill(`${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`)
  // the sheet stays open for the picture (shot() waits for sheets to close)
  await member.screenshot({ path: fileURLToPath(new URL('../../../docs/screenshots/h5-check-in.png', import.meta.url)) })
  await sheet.getByRole('button', { name: '签到' }).click()
  await expect(sheet).toBeHidden()
  await expect(task.getByRole('button', { name: '签退' })).toBeVisible()

  // the resident's timeline shows it, live
  await expect(page.getByText('志愿者已签到')).toBeVisible({ timeout: 15_000 })

  // start, then check out with a fresh code (the first one was used)
  await task.getByRole('button', { name: '开始服务' }).click()
  await expect(task).toContainText('服务中')
  await page.getByRole('button', { name: '刷新签到码' }).click()
  await expect(page.getByRole('img', { name: /签到码二维码/ })).not.toHaveAttribute('alt', `签到码二维码：${code}`)
  const outCode = ((await page.getByRole('img', { name: /签到码二维码/ }).getAttribute('alt')) ?? '').replace('签到码二维码：', '')
  await task.getByRole('button', { name: '签退' }).click()
  const outSheet = member.getByRole('dialog', { name: '服务签退' })
  await outSheet.getByLabel('签到码').fill(code)
  await outSheet.getByRole('button', { name: '签退' }).click()
  await expect(outSheet.getByRole('alert')).toContainText('已使用')
  await outSheet.getByLabel('签到码').fill(outCode)
  await outSheet.getByRole('button', { name: '签退' }).click()
  await expect(outSheet).toBeHidden()
  await expect(page.getByText('志愿者已签退')).toBeVisible({ timeout: 15_000 })

  // the leader completes with a photo of the repaired tap; more hours than at the door are refused
  const leaderContext = await browser.newContext({ viewport: { width: 375, height: 667 } })
  const leader = await leaderContext.newPage()
  await signIn(leader, district.leader.phone)
  await bottomTab(leader, '任务').click()
  await leader.getByRole('tab', { name: /进行中/ }).click()
  const leaderTask = leader.getByRole('tabpanel', { name: /进行中/ }).getByRole('listitem').filter({ hasText: title })
  await leaderTask.getByRole('button', { name: '完成服务' }).click()
  const complete = leader.getByRole('dialog', { name: '完成服务' })
  await complete.getByLabel('服务小结').fill('更换了水龙头阀芯，已不再滴水')
  await complete.getByLabel(`${district.member.realName} 的服务时长（小时）`).fill('3')
  await complete.locator('input[type=file]').setInputFiles(photo('修好了.png', [40, 140, 70]))
  await expect(complete.getByText('1/7')).toBeVisible()
  await complete.getByRole('button', { name: '确认完成' }).click()
  await expect(complete.getByRole('alert')).toContainText('上报时长不能超过 0.5 小时')
  await complete.getByLabel(`${district.member.realName} 的服务时长（小时）`).fill('0.5')
  await complete.getByRole('button', { name: '确认完成' }).click()
  await expect(complete).toBeHidden()

  const done = (await (await api.get(`/api/orders/${orderId}`, resident.token)).json()) as {
    status: string
    photos: { by: string }[]
    checkIns: { type: string }[]
  }
  expect(done.status).toBe('COMPLETED')
  expect(done.photos.map((p) => p.by)).toEqual([resident.id, resident.id, district.leader.id])
  expect(done.checkIns.map((c) => c.type)).toEqual(['IN', 'OUT'])
  await expect(photos.getByRole('img')).toHaveCount(3, { timeout: 15_000 })
  await page.getByRole('button', { name: '订单照片 3' }).scrollIntoViewIfNeeded()
  await shot(page, 'h5-order-photos.png')

  // 我的订单 lists the order with its first thumbnails
  await page.goto('/orders')
  const row = page.getByRole('listitem').filter({ hasText: title })
  await expect(row).toContainText('3 张照片')
  await expect(row.locator('img')).toHaveCount(3)
  await expectAccessible(page)

  await memberContext.close()
  await leaderContext.close()
  await api.dispose()
})
