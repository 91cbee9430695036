// 工单配置 (routing tabs) console strings; spread into zh-CN.ts, so these are MessageKeys.
export const caseSettingsRoutingZhCN = {
} as const
