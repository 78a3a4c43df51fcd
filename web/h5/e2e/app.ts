// What every browser test does: sign in through the screens, pick a station, check a screen for
// accessibility problems and horizontal scrolling, and keep a screenshot of it.
import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PASSWORD, type District } from './district'

const screenshots = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
mkdirSync(screenshots, { recursive: true })

/** Waits for passing toasts and closing sheets: the screen as a person sees it once it is still. */
async function settle(page: Page) {
  await expect(page.getByRole('status', { name: '提示' })).toHaveText('', { timeout: 5000 })
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await page.waitForTimeout(400)
}

export async function shot(page: Page, name: string) {
  await settle(page)
  await page.screenshot({ path: `${screenshots}${name}`, fullPage: false })
}

/** No serious or critical axe-core violations, and nothing wider than the phone. */
export async function expectAccessible(page: Page) {
  await settle(page)
  const results = await new AxeBuilder({ page }).analyze()
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  expect(bad, 'axe-core serious/critical violations').toEqual([])
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, 'no horizontal scroll at 375 px').toBeLessThanOrEqual(375)
}

export async function signIn(page: Page, phone: string, password = PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('手机号').fill(phone)
  await page.getByLabel('密码', { exact: true }).fill(password)
  await page.getByRole('button', { name: '登录', exact: true }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

/** Picks centre → institute → station in the cascader opened from the field labelled `label`. */
export async function chooseStation(page: Page, district: District, label = '实践站') {
  const field = page.getByRole('textbox', { name: label })
  await field.click()
  await page.getByRole('menuitemradio', { name: district.centre.name }).click()
  await page.getByRole('menuitemradio', { name: district.institute.name }).click()
  await page.getByRole('menuitemradio', { name: district.station.name }).click()
  await expect(field).toHaveValue(new RegExp(district.station.name))
}

/** Makes the page remember a station, as if chosen before, before any script runs. */
export async function rememberStation(page: Page, district: District) {
  await page.addInitScript((id) => localStorage.setItem('civic.h5.stationId', id), district.station.id)
}

/** A bottom tab by its name (its badge's number may come first). */
export function bottomTab(page: Page, name: string) {
  return page.getByRole('navigation', { name: '主导航' }).getByRole('tab', { name: new RegExp(`^(\\d+\\s*)?${name}(\\s|$)`) })
}
