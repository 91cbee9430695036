import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { complaintBody, fileComplaint, doAction } from '../support/cases.ts'
import { newId } from '../../src/platform/ids.ts'
import { caseStatuses as contractStatuses, caseActions as contractActions } from '../../src/contracts/cases.schema.ts'
import { caseStatuses, caseActions } from '../../src/modules/cases/index.ts'

let env: TestEnv
let handlerUser: TestUser
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  handlerUser = await env.createUser(['handler'])
  handler = await env.login(handlerUser)
})
after(() => env.close())

const post = (url: string, headers: Record<string, string>, payload: unknown) => env.app.inject({ method: 'POST', url, headers, payload: payload as object })
const get = (url: string, headers: Record<string, string>) => env.app.inject({ method: 'GET', url, headers })

test('the API enums are the state machine’s', () => {
  assert.deepEqual([...contractStatuses], [...caseStatuses])
  assert.deepEqual([...contractActions], [...caseActions])
})

test('intake: 201 with a case number, masked parties, the 2020 banking clock and an audit row', async () => {
  const res = await post('/api/v1/complaints', handler, complaintBody())
  assert.equal(res.statusCode, 201, res.body)
  const c = res.json()
  assert.match(c.number, /^TP-2026-\d{6}$/)
  assert.equal(c.status, 'new')
  assert.equal(c.sector, 'bank')
  assert.equal(c.sla.policyId, 'cn-banking-insurance-2020')
  assert.equal(c.sla.state, 'ok')
  // received 2026-03-02 10:00 +08:00; 15 calendar days from the next day: 2026-03-17 24:00 +08:00
  assert.equal(c.sla.targets[0].dueAt, '2026-03-17T15:59:59.999Z')
  assert.equal(c.parties[0].name, '张**')
  assert.equal(c.parties[0].phone, '138****5678')
  assert.equal(c.parties[0].masked, true)
  assert.deepEqual(c.allowedActions, ['triage', 'escalate', 'withdraw', 'close_duplicate'])
  assert.equal(c.playbook.id, 'bank-default')
  assert.deepEqual(await env.auditActions(c.id), ['case.received'])
  const stored = await env.database.db.selectFrom('caseParty').selectAll().where('caseId', '=', c.id).executeTakeFirstOrThrow()
  assert.ok(stored.phoneEnc?.startsWith('v1:'), 'phone encrypted at rest')
  assert.ok(!JSON.stringify(stored).includes('13812345678'))
  assert.equal(stored.phoneBidx, env.services.crypto.blindIndex('phone', '+86 138-1234-5678'))
  const job = await env.database.db.selectFrom('job').selectAll().where('uniqueKey', '=', `cases.sla:${c.id}`).executeTakeFirstOrThrow()
  assert.equal(job.status, 'pending')
  assert.equal(job.runAt.toISOString(), c.sla.nextCheckAt)
})

test('e-commerce and regulator transfers get their own clocks', async () => {
  const shop = await fileComplaint(env, handler, { productLine: 'goods', subject: { type: 'merchant', ref: 'M-1', name: '某旗舰店' } })
  assert.equal((shop as unknown as { sla: { policyId: string } }).sla.policyId, 'ecommerce-standard')
  const reg = await fileComplaint(env, handler, {
    kind: 'regulator_transfer', channel: 'regulator', source: '12315', externalId: 'ZJ-2026-0001',
    regulator: { reference: 'ZJ-2026-0001', dueAt: '2026-03-09T09:00:00.000Z' },
  })
  const sla = (reg as unknown as { sla: { policyId: string; targets: { dueAt: string }[] } }).sla
  assert.equal(sla.policyId, 'regulator-transfer')
  assert.equal(sla.targets[0]!.dueAt, '2026-03-09T09:00:00.000Z')
  const missing = await post('/api/v1/complaints', handler, complaintBody({ kind: 'regulator_transfer', channel: 'regulator' }))
  assert.equal(missing.statusCode, 400)
  assert.equal(missing.json().error.code, 'cases.regulator_required')
})

test('an agent must bring a power of attorney: 400 naming it; with it, the agent is a separate party', async () => {
  const before = await env.count('auditLog')
  const noAgent = await post('/api/v1/complaints', handler, complaintBody({ channel: 'agent' }))
  assert.equal(noAgent.statusCode, 400)
  assert.equal(noAgent.json().error.code, 'cases.power_of_attorney_required')
  assert.match(noAgent.json().error.message, /powerOfAttorneyEvidenceId/)
  const noPoa = await post('/api/v1/complaints', handler, complaintBody({ channel: 'agent', agent: { name: '李律师', organization: '某维权服务公司' } }))
  assert.equal(noPoa.statusCode, 400)
  assert.equal(noPoa.json().error.details.field, 'agent.powerOfAttorneyEvidenceId')
  const unknown = await post('/api/v1/complaints', handler, complaintBody({ channel: 'agent', agent: { name: '李律师', powerOfAttorneyEvidenceId: newId() } }))
  assert.equal(unknown.statusCode, 400)
  assert.equal(unknown.json().error.code, 'cases.evidence_not_found')
  assert.equal(await env.count('auditLog'), before, 'refusals write nothing')

  const evidenceId = newId()
  await env.database.db.insertInto('evidence').values({
    id: evidenceId, caseId: null, sha256: 'a'.repeat(64), sizeBytes: 1000, mediaType: 'application/pdf', filename: '授权委托书.pdf',
    storagePath: 'evidence/aa/aaaa', uploadedBy: 'test', createdAt: env.clock.now(),
  }).execute()
  const ok = await post('/api/v1/complaints', handler, complaintBody({
    channel: 'agent', agent: { name: '李律师', phone: '13900001111', organization: '某维权服务公司', powerOfAttorneyEvidenceId: evidenceId },
  }))
  assert.equal(ok.statusCode, 201, ok.body)
  const agent = ok.json().parties.find((p: { role: string }) => p.role === 'agent')
  assert.equal(agent.agentOrganization, '某维权服务公司')
  assert.equal(agent.powerOfAttorneyEvidenceId, evidenceId)
  assert.equal(agent.phone, '139****1111')
  const reuse = await post('/api/v1/complaints', handler, complaintBody({ channel: 'agent', agent: { name: '李律师', powerOfAttorneyEvidenceId: evidenceId } }))
  assert.equal(reuse.json().error.code, 'cases.evidence_in_use')
})

test('bad input is 400 naming the field; nothing is written', async () => {
  const audits = await env.count('auditLog')
  const bad: [Record<string, unknown>, RegExp][] = [
    [complaintBody({ channel: 'fax' }), /body\.channel/],
    [complaintBody({ text: '' }), /body\.text/],
    [complaintBody({ demandAmountFen: 12.5 }), /body\.demandAmountFen/],
    [complaintBody({ demandAmountFen: '300' }), /body\.demandAmountFen/],
    [complaintBody({ complainants: [{ name: '王五', phone: 'call me' }] }), /body\.complainants\[0\]\.phone/],
    [complaintBody({ complainants: Array.from({ length: 6 }, (_, i) => ({ name: `代表${i}` })) }), /body\.complainants/],
    [complaintBody({ surprise: true }), /surprise/],
    [complaintBody({ subject: undefined }), /body\.subject/],
  ]
  for (const [payload, field] of bad) {
    const res = await post('/api/v1/complaints', handler, payload)
    assert.equal(res.statusCode, 400, JSON.stringify(payload))
    assert.equal(res.json().error.code, 'request.invalid')
    assert.match(JSON.stringify(res.json().error.details), field)
  }
  const noComplainant = await post('/api/v1/complaints', handler, complaintBody({ complainants: [] }))
  assert.equal(noComplainant.json().error.code, 'cases.complainant_required')
  const future = await post('/api/v1/complaints', handler, complaintBody({ receivedAt: '2027-01-01T00:00:00Z' }))
  assert.equal(future.json().error.code, 'cases.received_in_future')
  assert.equal(await env.count('auditLog'), audits)
})

test('Idempotency-Key replays the first case; external ids are unique per source', async () => {
  const headers = { ...handler, 'idempotency-key': 'intake-42' }
  const body = complaintBody({ source: 'app', externalId: 'APP-42' })
  const a = await post('/api/v1/complaints', headers, body)
  const b = await post('/api/v1/complaints', headers, body)
  assert.equal(a.statusCode, 201)
  assert.equal(b.statusCode, 201)
  assert.equal(b.headers['idempotent-replayed'], 'true')
  assert.equal(b.json().id, a.json().id)
  assert.equal((await env.database.db.selectFrom('case').select('id').where('externalId', '=', 'APP-42').execute()).length, 1)
  const other = await post('/api/v1/complaints', { ...handler, 'idempotency-key': 'intake-42' }, complaintBody({ text: '另一件事' }))
  assert.equal(other.statusCode, 409)
  assert.equal(other.json().error.code, 'request.idempotency_key_reused')
  const again = await post('/api/v1/complaints', handler, body)
  assert.equal(again.statusCode, 409)
  assert.equal(again.json().error.code, 'cases.external_id_exists')
  assert.equal(again.json().error.details.caseId, a.json().id)
  const otherSource = await post('/api/v1/complaints', handler, complaintBody({ source: 'web-form', externalId: 'APP-42' }))
  assert.equal(otherSource.statusCode, 201)
})

test('same complainant and subject within the window is linked as duplicateOf, not merged', async () => {
  const subject = { type: 'merchant', ref: 'M-DUP', name: '重复测试店' }
  const first = await fileComplaint(env, handler, { productLine: 'goods', subject, complainants: [{ name: '赵六', phone: '13700000001' }] })
  env.clock.advance(3 * 86_400_000)
  handler = await env.login(handlerUser) // sessions last 12 h; the same handler, who took the first case in
  const second = await fileComplaint(env, handler, { productLine: 'goods', subject, text: '再次投诉', complainants: [{ name: '赵六', phone: '137 0000 0001' }] })
  const otherPerson = await fileComplaint(env, handler, { productLine: 'goods', subject, complainants: [{ name: '钱七', phone: '13700000002' }] })
  const otherSubject = await fileComplaint(env, handler, { productLine: 'goods', subject: { ...subject, ref: 'M-OTHER' }, complainants: [{ name: '赵六', phone: '13700000001' }] })
  assert.equal(second.duplicateOf, first.id)
  assert.equal(otherPerson.duplicateOf, null)
  assert.equal(otherSubject.duplicateOf, null)
  const firstNow = (await get(`/api/v1/cases/${first.id}`, handler)).json()
  assert.deepEqual(firstNow.linkedCaseIds, [second.id])
  const audit = await env.database.db.selectFrom('auditLog').select('data').where('targetId', '=', second.id).executeTakeFirstOrThrow()
  assert.equal((audit.data as { duplicateOf: string }).duplicateOf, first.id)
  // outside the window (30 days by default) it is a new matter
  env.clock.advance(40 * 86_400_000)
  handler = await env.login(handlerUser)
  const later = await fileComplaint(env, handler, { productLine: 'goods', subject, complainants: [{ name: '赵六', phone: '13700000001' }] })
  assert.equal(later.duplicateOf, null)
})

test('permissions: reviewers cannot read cases, auditors cannot file, no login is 401', async () => {
  const reviewer = await env.login('reviewer')
  const auditor = await env.login('auditor')
  assert.equal((await get('/api/v1/cases', reviewer)).statusCode, 403)
  const r = await post('/api/v1/complaints', auditor, complaintBody())
  assert.equal(r.statusCode, 403)
  assert.equal(r.json().error.details.permission, 'cases:create')
  assert.equal((await get('/api/v1/cases', auditor)).statusCode, 200)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/cases' })).statusCode, 401)
  const c = await fileComplaint(env, handler)
  const act = await doAction(env, auditor, c.id, 'triage')
  assert.equal(act.statusCode, 403)
})

test('an API key with cases:create files complaints', async () => {
  const admin = await env.login('admin')
  const key = await post('/api/v1/api-keys', admin, { name: 'app intake', scopes: ['cases:create'] })
  assert.equal(key.statusCode, 201, key.body)
  const bearer = { authorization: `Bearer ${key.json().token}` }
  const res = await post('/api/v1/complaints', bearer, complaintBody({ channel: 'api', source: 'mobile-app', externalId: 'm-1' }))
  assert.equal(res.statusCode, 201, res.body)
  const audit = await env.database.db.selectFrom('auditLog').selectAll().where('targetId', '=', res.json().id).executeTakeFirstOrThrow()
  assert.equal(audit.actorKind, 'apikey')
  assert.equal((await get(`/api/v1/cases/${res.json().id}`, bearer)).statusCode, 403, 'the key has no cases:read')
})

test('unknown ids are 404, malformed ids 400', async () => {
  const missing = newId()
  const a = await get(`/api/v1/cases/${missing}`, handler)
  assert.equal(a.statusCode, 404)
  assert.equal(a.json().error.code, 'cases.not_found')
  assert.equal((await doAction(env, handler, missing, 'triage')).statusCode, 404)
  assert.equal((await get(`/api/v1/cases/${missing}/timeline`, handler)).statusCode, 404)
  assert.equal((await post(`/api/v1/cases/${missing}/notes`, handler, { visibility: 'internal', text: 'x' })).statusCode, 404)
  const bad = await get('/api/v1/cases/not-a-uuid', handler)
  assert.equal(bad.statusCode, 400)
  assert.match(bad.json().error.message, /params\.id/)
  const c = await fileComplaint(env, handler)
  const badAction = await doAction(env, handler, c.id, 'teleport')
  assert.equal(badAction.statusCode, 400)
  assert.match(badAction.json().error.message, /params\.action/)
  const party = await post(`/api/v1/cases/${c.id}/parties/${missing}/reveal`, handler, { reason: 'x' })
  assert.equal(party.statusCode, 404)
  assert.equal(party.json().error.code, 'cases.party_not_found')
})

test('PII: masked by default; a pii:read holder reveals with a reason, audited', async () => {
  const c = await fileComplaint(env, handler, { complainants: [{ name: '孙悟空', phone: '13611112222', idNumber: '110101199003071234', bankAccount: '6222020202020202020', address: '浙江省杭州市西湖区文三路100号' }] })
  const view = (await get(`/api/v1/cases/${c.id}`, handler)).json()
  const p = view.parties[0]
  assert.deepEqual([p.name, p.phone, p.idNumber, p.bankAccount, p.address], ['孙**', '136****2222', '1101**********1234', '6222***********2020', '浙江省杭州市****'])
  const analyst = await env.login('analyst')
  const denied = await post(`/api/v1/cases/${c.id}/parties/${p.id}/reveal`, analyst, { reason: '核实身份' })
  assert.equal(denied.statusCode, 403)
  const noReason = await post(`/api/v1/cases/${c.id}/parties/${p.id}/reveal`, handler, {})
  assert.equal(noReason.statusCode, 400)
  const ok = await post(`/api/v1/cases/${c.id}/parties/${p.id}/reveal`, handler, { reason: '回电核实' })
  assert.equal(ok.statusCode, 200)
  assert.equal(ok.json().phone, '13611112222')
  assert.equal(ok.json().masked, false)
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'case.pii_revealed'])
  const row = await env.database.db.selectFrom('auditLog').select('data').where('action', '=', 'case.pii_revealed').where('targetId', '=', c.id).executeTakeFirstOrThrow()
  assert.equal((row.data as { reason: string }).reason, '回电核实')
  assert.ok(!JSON.stringify(row.data).includes('13611112222'), 'the audit row names fields, not values')
  const list = (await get('/api/v1/cases?q=' + encodeURIComponent(c.number), handler)).json()
  assert.equal(list.items[0].complainantName, '孙**')
})
