// Short messages and confirmations, through Element Plus's message and message box.
import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { zhCN as t } from '@/i18n/zh-CN'

export function success(message: string) {
  ElMessage({ message, type: 'success', duration: 2500, grouping: true })
}

export function failure(message: string) {
  ElMessage({ message, type: 'error', duration: 4000, grouping: true })
}

/** Resolves true when the person confirms. */
export async function confirm(message: string, title: string = t.app.notice): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText: t.app.confirm,
      cancelButtonText: t.app.cancel,
      type: 'warning',
    })
    return true
  } catch {
    return false
  }
}
