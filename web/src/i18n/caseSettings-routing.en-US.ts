// English for caseSettings-routing.zh-CN.ts: every key, or tsc fails.
import type { caseSettingsRoutingZhCN } from './caseSettings-routing.zh-CN.ts'

export const caseSettingsRoutingEnUS: Record<keyof typeof caseSettingsRoutingZhCN, string> = {
}
