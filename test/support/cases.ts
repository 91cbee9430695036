// Factories for case tests: requests go through the API, so audit rows and jobs are real.
import type { TestEnv, LoginHeaders } from './env.ts'

export function complaintBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    channel: 'hotline',
    productLine: 'credit_card',
    text: '信用卡年费未经同意被扣除 300 元，要求退还。',
    demandType: 'fee_reversal',
    demandAmountFen: 30_000,
    subject: { type: 'branch', ref: 'BR-0571-01', name: '杭州西湖支行' },
    complainants: [{ name: '张三丰', phone: '13812345678', idNumber: '330106199001011234' }],
    ...over,
  }
}

export async function fileComplaint(env: TestEnv, headers: LoginHeaders, over: Record<string, unknown> = {}) {
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', headers, payload: complaintBody(over) })
  if (res.statusCode !== 201) throw new Error(`intake failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: string; number: string; status: string; [k: string]: unknown }>()
}

export async function doAction(env: TestEnv, headers: LoginHeaders, id: string, action: string, payload: Record<string, unknown> = {}) {
  return env.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/actions/${action}`, headers, payload })
}
