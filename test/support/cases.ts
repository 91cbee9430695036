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

/** A multipart/form-data body with an optional file part named `file` and plain fields, for inject(). */
export function multipartBody(file: { name: string; type: string; content: Buffer } | null, fields: Record<string, string> = {}) {
  const boundary = '----tianping' + Math.random().toString(16).slice(2)
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`))
    parts.push(file.content, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
