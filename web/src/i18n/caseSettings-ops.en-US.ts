// English for caseSettings-ops.zh-CN.ts: every key, or tsc fails.
import type { caseSettingsOpsZhCN } from './caseSettings-ops.zh-CN.ts'

export const caseSettingsOpsEnUS: Record<keyof typeof caseSettingsOpsZhCN, string> = {
}
