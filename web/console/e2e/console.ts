// What every console browser test does: sign in through the screens, open a page from the menu,
// check it for accessibility problems and horizontal scrolling at 1366×768, keep a screenshot.
import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PASSWORD, type Api, type District, type Person } from './district'

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
mkdirSync(screenshots, { recursive: true })

/** Waits for passing messages and transitions: the screen as a person sees it once it is still. */
async function settle(page: Page) {
  // every success message ("派单方式已保存", "心愿已关闭" …) has faded away; error messages stay as the test left them
  await expect(page.locator('.el-message--success')).toHaveCount(0, { timeout: 8000 })
  await page.waitForTimeout(500)
}

export async function shot(page: Page, name: string) {
  await settle(page)
  await page.screenshot({ path: `${screenshots}console-${name}.png`, fullPage: false })
}

/** No serious or critical axe-core violations, and nothing wider than the 1366 px screen. */
export async function expectAccessible(page: Page) {
  await settle(page)
  const results = await new AxeBuilder({ page }).analyze()
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad, 'axe-core serious/critical violations').toEqual([])
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, 'no horizontal scroll at 1366 px').toBeLessThanOrEqual(1366)
}

/** Signs in on the sign-in page (opened first unless `here`, when a redirect already led there). */
export async function signIn(page: Page, phone: string, password = PASSWORD, here = false) {
  if (!here) await page.goto('/console/login')
  await page.getByLabel('手机号').fill(phone)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

/** Picks `option` in the select labelled `label` (its placeholder sits over the input: click the box). */
export async function choose(page: Page, label: string, option: string) {
  const item = page.getByRole('option', { name: option, exact: true })
  await expect(async () => {
    if (!(await item.isVisible())) await page.getByRole('combobox', { name: label }).click({ force: true })
    await expect(item).toBeVisible({ timeout: 2000 })
  }).toPass({ timeout: 15_000 })
  await item.click()
}

/** 138 0000 0002: a phone as the console shows it. */
export function spaced(phone: string): string {
  return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`
}

/** Types into the volunteer picker labelled `label` and, once the search is answered, picks the person whose option holds `name`. */
export async function pickVolunteer(page: Page, label: string, typed: string, name: string) {
  const box = page.getByRole('combobox', { name: label })
  await box.click()
  const answered = page.waitForResponse((r) => r.url().includes('/api/volunteers?') && new URL(r.url()).searchParams.get('q') === typed)
  await box.fill(typed)
  await answered
  const option = page.getByRole('option').filter({ hasText: name })
  await expect(option).toHaveCount(1)
  await option.click()
}

/** Opens a page from the left menu and waits for its heading. */
export async function openMenu(page: Page, title: string, heading: string | RegExp = title) {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem', { name: title, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible()
}

async function json<T>(response: Awaited<ReturnType<Api['get']>>, expected: number, what: string): Promise<T> {
  if (response.status() !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${response.status()} ${await response.text()}`)
  }
  return (await response.json()) as T
}

/** A registered person whom the admin makes staff of `orgUnitId`; the token is from after the grant. */
export async function staffOf(district: District, orgUnitId: string, suffix: string, name: string): Promise<Person> {
  const api = district.api
  const id = await api.register(district.phone(suffix), name)
  await json(await api.post('/api/staff', district.adminToken, { userId: id, orgUnitId }), 201, `grant staff ${suffix}`)
  const { token } = await api.login(district.phone(suffix))
  return { id, phone: district.phone(suffix), name, token }
}

/** Another station under the district's institute, made by the admin. */
export async function otherStation(district: District, name: string): Promise<{ id: string; name: string }> {
  const unit = await json<{ id: string }>(
    await district.api.post('/api/org-units', district.adminToken, { name, level: 'STATION', parentId: district.institute.id }),
    201,
    'create station',
  )
  return { id: unit.id, name }
}

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const value = await attempt().catch(() => undefined)
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${what} did not happen within ${ms / 1000} s`)
}

/** An order of a category no team of the station serves: the platform leaves it UNASSIGNED. */
export async function unassignedOrder(district: District, resident: Person, title: string) {
  const order = await eventually('placing an order', async () => {
    const response = await district.api.post(
      '/api/orders',
      resident.token,
      { ...district.orderBody(title), category: 'LAW', description: '邻里之间的房屋漏水纠纷，想咨询法律意见' },
      { 'Idempotency-Key': randomUUID() },
    )
    return response.status() === 201 ? ((await response.json()) as { id: string }) : undefined
  })
  return eventually(`order ${order.id} unassigned`, async () => {
    const read = await district.api.order(order.id, resident.token)
    return read.status === 'UNASSIGNED' ? read : undefined
  })
}

/** The volunteer redeems an item through the API, as the H5 would: the answer holds the pickup code. */
export async function redeem(district: District, volunteer: Person, itemId: string) {
  return json<{ id: string; pickupCode: string }>(
    await district.api.post('/api/store/redemptions', volunteer.token, { itemId, quantity: 1 }, { 'Idempotency-Key': randomUUID() }),
    201,
    'redeem',
  )
}

/** The warm-up order of the district: completed by the leader and the member with 1 hour each. */
export async function completedOrder(district: District, token: string) {
  const page = await json<{ items: { id: string; title: string; status: string }[] }>(
    await district.api.get('/api/orders?status=COMPLETED&size=100', token),
    200,
    'completed orders',
  )
  const order = page.items.find((o) => o.title === '预热订单：上门探访')
  if (!order) throw new Error('no completed warm-up order in the scope')
  return order
}
