import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { complaintBody, fileComplaint, doAction } from '../support/cases.ts'

let env: TestEnv
let supervisor: LoginHeaders
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  supervisor = await env.login('supervisor')
  handler = await env.login('handler')
})
after(() => env.close())

test('intake: 201 with a case number, masked parties, the 2020 banking clock and an audit row', async () => {
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: handler, payload: complaintBody() })
  assert.equal(res.statusCode, 201, res.body)
  const c = res.json()
  assert.match(c.number, /^TP-2026-\d{6}$/)
  assert.equal(c.status, 'new')
  assert.equal(c.sector, 'bank')
  assert.equal(c.sla.policyId, 'cn-banking-insurance-2020')
  assert.equal(c.sla.state, 'ok')
  assert.equal(c.parties[0].name, '张**')
  assert.equal(c.parties[0].phone, '138****5678')
  assert.equal(c.parties[0].masked, true)
  assert.deepEqual(c.allowedActions, ['triage', 'escalate', 'withdraw'])
  assert.deepEqual(await env.auditActions(c.id), ['case.received'])
  const stored = await env.database.db.selectFrom('caseParty').selectAll().where('caseId', '=', c.id).executeTakeFirstOrThrow()
  assert.ok(stored.phoneEnc?.startsWith('v1:'), 'phone encrypted at rest')
  assert.ok(!JSON.stringify(stored).includes('13812345678'))
  assert.equal(stored.phoneBidx, env.services.crypto.blindIndex('phone', '+86 138-1234-5678'))
})
