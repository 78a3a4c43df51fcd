// Vant's function-call components (toast, dialog, notify) with their styles, in one place.
import { closeToast, showConfirmDialog, showDialog, showFailToast, showLoadingToast, showSuccessToast, showToast } from 'vant'
import 'vant/es/toast/style'
import 'vant/es/dialog/style'

export function toast(message: string) {
  showToast({ message, wordBreak: 'break-word' })
}

export function success(message: string) {
  showSuccessToast({ message, wordBreak: 'break-word' })
}

export function failure(message: string) {
  showFailToast({ message, wordBreak: 'break-word', duration: 3000 })
}

export function loading(message: string) {
  return showLoadingToast({ message, forbidClick: true, duration: 0 })
}

export { closeToast }

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
