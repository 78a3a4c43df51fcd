// Short messages and confirmations. Toasts are our own polite live region (Vant's toast is an
// unnamed dialog to screen readers); confirmations use Vant's dialog.
import { reactive } from 'vue'
import { showConfirmDialog, showDialog } from 'vant'
import 'vant/es/dialog/style'

export type ToastKind = 'info' | 'success' | 'failure'

export const toastState = reactive({ message: '', kind: 'info' as ToastKind, serial: 0 })
let timer: ReturnType<typeof setTimeout> | null = null

function show(message: string, kind: ToastKind, duration: number) {
  toastState.message = message
  toastState.kind = kind
  toastState.serial++
  if (timer) clearTimeout(timer)
  timer = setTimeout(() => (toastState.message = ''), duration)
}

export function toast(message: string) {
  show(message, 'info', 2000)
}

export function success(message: string) {
  show(message, 'success', 2000)
}

export function failure(message: string) {
  show(message, 'failure', 3000)
}

/** Resolves true when the person confirms. */
export async function confirm(message: string, title?: string): Promise<boolean> {
  try {
    await showConfirmDialog({ title, message, confirmButtonText: '确定', cancelButtonText: '取消' })
    return true
  } catch {
    return false
  }
}

export function alert(message: string, title?: string, confirmButtonText = '知道了') {
  return showDialog({ title, message, confirmButtonText })
}
