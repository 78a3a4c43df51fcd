import { expect, test } from '@playwright/test'
import { crc32, deflateSync } from 'node:zlib'
import { AxeBuilder } from '@axe-core/playwright'
import { shot, signIn, staffOf } from './console'
import { Api, District } from './district'

/** A small PNG in one colour, made here. */
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
  const row = Buffer.alloc(width * 3 + 1)
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3)
  const rows = Buffer.concat(Array.from({ length: height }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

test('staff see an order’s check-ins at the door and the photos of the resident and the team', async ({ page }) => {
  const api = await Api.create()
  const district = await District.setUp(api, '平旺')
  const staff = await staffOf(district, district.station.id, '0401', '钱站长')
  const resident = await district.resident('0402', '孙大爷')
  const order = await district.placeOrder(resident, '院子积雪需要清扫')
  const upload = (token: string, name: string, colour: [number, number, number]) =>
    api.http.post(`/api/orders/${order.id}/photos`, {
      headers: { Authorization: `Bearer ${token}` },
      multipart: { file: { name, mimeType: 'image/png', buffer: png(400, 300, colour) } },
    })
  expect((await upload(resident.token, '院子.png', [90, 110, 150])).status()).toBe(201)

  await district.awaitDispatched(order.id, resident.token)
  const accept = await api.post(`/api/orders/${order.id}/accept`, district.leader.token, { volunteerIds: [district.member.id] })
  expect(accept.status()).toBe(200)
  const code = async () =>
    ((await (await api.get(`/api/orders/${order.id}/check-in-code`, resident.token)).json()) as { code: string }).code
  const checkIn = async (type: string) =>
    (await api.post(`/api/orders/${order.id}/check-ins`, district.member.token, { code: await code(), type })).status()
  expect(await checkIn('IN')).toBe(201)
  expect((await api.post(`/api/orders/${order.id}/start`, district.member.token, {})).status()).toBe(200)
  expect((await upload(district.member.token, '扫好了.png', [60, 150, 80])).status()).toBe(201)
  expect(await checkIn('OUT')).toBe(201)

  await signIn(page, staff.phone)
  await page.goto(`/console/orders/${order.id}`)
  const drawer = page.getByRole('dialog', { name: '订单详情' })
  await expect(drawer.getByText('志愿者已签到')).toBeVisible()
  await expect(drawer.getByText('志愿者已签退')).toBeVisible()
  const checkIns = drawer.getByRole('region', { name: '签到记录' })
  await expect(checkIns.getByRole('row').filter({ hasText: district.member.realName as string })).toContainText('在场')
  const photos = drawer.getByRole('region', { name: '照片' })
  await expect(photos.getByRole('img', { name: '照片 1（群众上传）' })).toBeVisible()
  await expect(photos.getByRole('img', { name: '照片 2（服务队上传）' })).toBeVisible()
  // the drawer itself (the orders page behind it has its own test)
  const axe = await new AxeBuilder({ page }).include('.el-drawer').analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
  await photos.getByRole('img', { name: '照片 2（服务队上传）' }).scrollIntoViewIfNeeded()
  await shot(page, 'order-proof')

  // the photo itself, full size, on a click
  await photos.getByRole('button', { name: '照片 1（群众上传）' }).click()
  await expect(page.locator('.el-image-viewer__img')).toBeVisible()
  await page.keyboard.press('Escape')
  await api.dispose()
})
