import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import { wishApi } from '@/api'
import type { ClaimRequest, PostWishRequest, Uuid, Wish, WishStatus } from '@/api/types'

/** 心愿墙: one station's wall by status, the signed-in person's own wishes, and every wish opened. */
export const useWishesStore = defineStore('wishes', () => {
  const wall = ref<Wish[]>([])
  const wallTotal = ref(0)
  /** The status the wall shows: a wish that changed leaves it. */
  const wallStatus = ref<WishStatus>('OPEN')
  const mine = ref<Wish[]>([])
  const byId = reactive(new Map<Uuid, Wish>())

  function remember(wish: Wish): Wish {
    byId.set(wish.id, wish)
    for (const list of [wall, mine]) {
      const index = list.value.findIndex((w) => w.id === wish.id)
      if (index >= 0) list.value.splice(index, 1, wish)
    }
    return wish
  }

  function leaveWall(wish: Wish): Wish {
    if (wish.status !== wallStatus.value) {
      wall.value = wall.value.filter((w) => w.id !== wish.id)
      wallTotal.value = Math.max(0, wallTotal.value - 1)
    }
    return wish
  }

  async function loadWall(stationId: Uuid, status: WishStatus): Promise<Wish[]> {
    const page = await wishApi.list({ stationId, status, size: 50 })
    wall.value = page.items
    wallStatus.value = status
    wallTotal.value = page.totalItems
    page.items.forEach((w) => byId.set(w.id, w))
    return page.items
  }

  async function loadMine(): Promise<Wish[]> {
    const page = await wishApi.list({ mine: true, size: 50 })
    mine.value = page.items
    page.items.forEach((w) => byId.set(w.id, w))
    return page.items
  }

  async function fetch(id: Uuid): Promise<Wish> {
    return remember(await wishApi.get(id))
  }

  async function post(body: PostWishRequest): Promise<Wish> {
    const wish = await wishApi.post(body)
    byId.set(wish.id, wish)
    mine.value.unshift(wish)
    return wish
  }

  /** A leader takes the wish on: it leaves the open wall and names its order. */
  async function claim(id: Uuid, body: ClaimRequest): Promise<Wish> {
    return leaveWall(remember(await wishApi.claim(id, body)))
  }

  async function close(id: Uuid, reason: string): Promise<Wish> {
    return leaveWall(remember(await wishApi.close(id, reason)))
  }

  return { wall, wallTotal, mine, byId, loadWall, loadMine, fetch, post, claim, close, remember }
})
