import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { zhCN as t } from '@/i18n/zh-CN'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    /** Public pages (sign-in, 无权访问) stand alone; the others live in the console's frame. */
    public?: boolean
    /** Only administrators; staff are sent to the 无权访问此页 page. */
    admin?: boolean
  }
}

// Every page is its own chunk so the sign-in screen stays small; ECharts loads only with the charts.
const pages: RouteRecordRaw[] = [
  { path: '', name: 'dashboard', component: () => import('@/pages/DashboardPage.vue'), meta: { title: t.menu.dashboard } },
  { path: 'dispatch', name: 'dispatch', component: () => import('@/pages/DispatchPage.vue'), meta: { title: t.menu.dispatch } },
  {
    path: 'supervision',
    name: 'supervision',
    component: () => import('@/pages/SupervisionPage.vue'),
    meta: { title: t.menu.supervision },
  },
  { path: 'orders', name: 'orders', component: () => import('@/pages/OrdersPage.vue'), meta: { title: t.menu.orders } },
  {
    path: 'orders/:id',
    name: 'order',
    component: () => import('@/pages/OrdersPage.vue'),
    meta: { title: t.menu.orders },
  },
  { path: 'wishes', name: 'wishes', component: () => import('@/pages/WishesPage.vue'), meta: { title: t.menu.wishes } },
  { path: 'teams', name: 'teams', component: () => import('@/pages/TeamsPage.vue'), meta: { title: t.menu.teams } },
  {
    path: 'volunteers/:userId?',
    name: 'volunteers',
    component: () => import('@/pages/VolunteersPage.vue'),
    meta: { title: t.menu.volunteers },
  },
  {
    path: 'activities/:id?',
    name: 'activities',
    component: () => import('@/pages/ActivitiesPage.vue'),
    meta: { title: t.menu.activities },
  },
  { path: 'store', name: 'store', component: () => import('@/pages/StorePage.vue'), meta: { title: t.menu.store } },
  { path: 'fulfil', name: 'fulfil', component: () => import('@/pages/FulfilPage.vue'), meta: { title: t.menu.fulfil } },
  {
    path: 'ledger/:userId?',
    name: 'ledger',
    component: () => import('@/pages/LedgerPage.vue'),
    meta: { title: t.menu.ledger },
  },
  { path: 'org', name: 'org', component: () => import('@/pages/OrgPage.vue'), meta: { title: t.menu.org } },
  { path: 'stats', name: 'stats', component: () => import('@/pages/StatsPage.vue'), meta: { title: t.menu.stats } },
  { path: ':rest(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { title: t.notFound.title } },
]

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { public: true, title: t.auth.login } },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('@/pages/ForbiddenPage.vue'),
    meta: { public: true, title: t.forbidden.title },
  },
  { path: '/', component: () => import('@/layouts/ConsoleLayout.vue'), children: pages },
]

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach((to) => {
  const auth = useAuthStore()
  if (to.name === 'login') return auth.signedIn && auth.mayUseConsole ? { name: 'dashboard' } : true
  if (!auth.signedIn) {
    if (to.meta.public) return true
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (!auth.mayUseConsole) return to.name === 'forbidden' ? true : { name: 'forbidden' }
  if (to.name === 'forbidden') return { name: 'dashboard' }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - ${t.app.name}` : t.app.name
})
