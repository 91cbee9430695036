// Leaks found in review, kept as tests: conflict checks must not confirm a sealed reporter's identity,
// and concurrent public reports from one address must not slip past the hourly limit.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { doAction } from '../support/cases.ts'
import { CaseLimits } from '../../src/contracts/cases.schema.ts'

let env: TestEnv
let supervisor: LoginHeaders
before(async () => {
  env = await testEnv()
  supervisor = await env.login('supervisor')
})
after(() => env.close())

const report = (reporter?: Record<string, unknown>) => ({
  subject: { type: 'merchant', ref: 'M-7001', name: '某某旗舰店' },
  text: '该店铺以次充好，宣传与实物严重不符，请平台核查。',
  ...(reporter ? { reporter } : {}),
})

test('declaring an interest in a guessed phone does not reveal a sealed reporter', async () => {
  const filed = await env.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: report({ name: '匿名', phone: '13900001111' }), remoteAddress: '198.51.100.1' })
  assert.equal(filed.statusCode, 201, filed.body)
  const row = await env.database.db.selectFrom('case').select('id').where('number', '=', filed.json().caseNumber).executeTakeFirstOrThrow()
  const handler = await env.createUser(['handler'])
  const declared = await env.app.inject({ method: 'POST', url: '/api/v1/handler-interests', headers: supervisor, payload: { userId: handler.id, phone: '13900001111', reason: '猜测' } })
  assert.equal(declared.statusCode, 201, declared.body)
  await doAction(env, supervisor, row.id, 'triage', { priority: 'normal' }).catch(() => undefined)
  const assign = await env.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/actions/assign`, headers: supervisor, payload: { assigneeId: handler.id } })
  assert.notEqual(assign.json()?.error?.code, 'cases.recusal_required', 'a recusal here would confirm the guess')
})

test('concurrent public reports from one address stop at the hourly limit', async () => {
  const results = await Promise.all(
    Array.from({ length: 12 }, () => env.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: report(), remoteAddress: '198.51.100.77' })),
  )
  const created = results.filter((r) => r.statusCode === 201).length
  const limited = results.filter((r) => r.statusCode === 429).length
  assert.equal(created + limited, 12)
  assert.ok(created <= CaseLimits.publicReportsPerHour, `${created} reports got through`)
})
