import { zhCN as t } from '@/i18n/zh-CN'
import type { Role } from '@/api/types'

export interface MenuItem {
  path: string
  title: string
  /** Who sees it in the menu. */
  roles: Role[]
}

const both: Role[] = ['STAFF', 'ADMIN']

/** The console's left menu, in the order of UI.md. */
export const MENU: MenuItem[] = [
  { path: '/', title: t.menu.dashboard, roles: both },
  { path: '/dispatch', title: t.menu.dispatch, roles: both },
  { path: '/supervision', title: t.menu.supervision, roles: both },
  { path: '/orders', title: t.menu.orders, roles: both },
  { path: '/wishes', title: t.menu.wishes, roles: both },
  { path: '/teams', title: t.menu.teams, roles: both },
  { path: '/volunteers', title: t.menu.volunteers, roles: both },
  { path: '/activities', title: t.menu.activities, roles: both },
  { path: '/store', title: t.menu.store, roles: both },
  { path: '/fulfil', title: t.menu.fulfil, roles: both },
  { path: '/ledger', title: t.menu.ledger, roles: both },
  { path: '/org', title: t.menu.org, roles: both },
  { path: '/stats', title: t.menu.stats, roles: both },
]

export function menuFor(roles: readonly Role[]): MenuItem[] {
  return MENU.filter((item) => item.roles.some((role) => roles.includes(role)))
}
