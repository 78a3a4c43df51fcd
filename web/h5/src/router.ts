import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** A bottom-tab screen. */
    tab?: 'home' | 'orders' | 'tasks' | 'points' | 'me'
    /** Needs a signed-in user. */
    auth?: boolean
    title?: string
  }
}

// Every screen is its own chunk so the first screen stays small.
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/pages/HomePage.vue'), meta: { tab: 'home' } },
  { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { title: '登录' } },
  {
    path: '/order/new',
    name: 'order-new',
    component: () => import('@/pages/OrderFormPage.vue'),
    meta: { auth: true, title: '我要点单' },
  },
  {
    path: '/orders',
    name: 'orders',
    component: () => import('@/pages/OrdersPage.vue'),
    meta: { tab: 'orders', auth: true, title: '我的订单' },
  },
  {
    path: '/orders/:id',
    name: 'order',
    component: () => import('@/pages/OrderDetailPage.vue'),
    meta: { auth: true, title: '订单详情' },
    props: true,
  },
  {
    path: '/tasks',
    name: 'tasks',
    component: () => import('@/pages/TasksPage.vue'),
    meta: { tab: 'tasks', auth: true, title: '任务' },
  },
  {
    path: '/points',
    name: 'points',
    component: () => import('@/pages/PointsPage.vue'),
    meta: { tab: 'points', auth: true, title: '积分' },
  },
  {
    path: '/points/store',
    name: 'store',
    component: () => import('@/pages/StorePage.vue'),
    meta: { auth: true, title: '积分超市' },
  },
  {
    path: '/points/redemptions',
    name: 'redemptions',
    component: () => import('@/pages/RedemptionsPage.vue'),
    meta: { auth: true, title: '我的兑换' },
  },
  {
    path: '/points/redemptions/:id',
    name: 'redemption',
    component: () => import('@/pages/PickupPage.vue'),
    meta: { auth: true, title: '取货码' },
    props: true,
  },
  {
    path: '/wishes',
    name: 'wishes',
    component: () => import('@/pages/WishWallPage.vue'),
    meta: { title: '心愿墙' },
  },
  {
    path: '/wishes/new',
    name: 'wish-new',
    component: () => import('@/pages/WishFormPage.vue'),
    meta: { auth: true, title: '发布心愿' },
  },
  {
    path: '/wishes/:id',
    name: 'wish',
    component: () => import('@/pages/WishDetailPage.vue'),
    meta: { title: '心愿详情' },
    props: true,
  },
  {
    path: '/activities',
    name: 'activities',
    component: () => import('@/pages/ActivitiesPage.vue'),
    meta: { title: '志愿活动' },
  },
  {
    path: '/activities/:id',
    name: 'activity',
    component: () => import('@/pages/ActivityDetailPage.vue'),
    meta: { title: '活动详情' },
    props: true,
  },
  { path: '/me', name: 'me', component: () => import('@/pages/MePage.vue'), meta: { tab: 'me', title: '我的' } },
  {
    path: '/me/volunteer',
    name: 'become-volunteer',
    component: () => import('@/pages/BecomeVolunteerPage.vue'),
    meta: { auth: true, title: '成为志愿者' },
  },
  {
    path: '/me/records',
    name: 'records',
    component: () => import('@/pages/ServiceRecordsPage.vue'),
    meta: { auth: true, title: '服务记录' },
  },
  {
    path: '/me/certificate',
    name: 'certificate',
    component: () => import('@/pages/CertificatePage.vue'),
    meta: { auth: true, title: '志愿服务证明' },
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})

router.beforeEach((to) => {
  const auth = useAuthStore()
  if (to.meta.auth && !auth.signedIn) {
    return { name: 'login', query: { redirect: to.fullPath } }
  }
  if (to.name === 'login' && auth.signedIn && !to.query.again) {
    const redirect = typeof to.query.redirect === 'string' ? to.query.redirect : '/'
    return redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : '/'
  }
  return true
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 文明实践` : '文明实践'
})
