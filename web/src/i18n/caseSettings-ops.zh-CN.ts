// 工单配置 (ops tabs) console strings; spread into zh-CN.ts, so these are MessageKeys.
export const caseSettingsOpsZhCN = {
} as const
