import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { doAction, multipartBody } from '../support/cases.ts'

let env: TestEnv
let supervisor: LoginHeaders
before(async () => {
  env = await testEnv()
  supervisor = await env.login('supervisor')
})
after(() => env.close())

const report = (over: Record<string, unknown> = {}) => ({
  subject: { type: 'merchant', ref: 'M-8848', name: '某某数码专营店' },
  text: '该店销售假冒品牌耳机，包装与正品不同，序列号查询不到。',
  category: 'counterfeit',
  ...over,
})
const file = (payload: unknown, ip = '203.0.113.7') =>
  env.app.inject({ method: 'POST', url: '/api/v1/public/reports', payload: payload as object, remoteAddress: ip })

test('an anonymous report needs no login, returns a receipt code once and stores only its hash', async () => {
  const res = await file(report())
  assert.equal(res.statusCode, 201, res.body)
  const body = res.json()
  assert.match(body.receiptCode, /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/)
  assert.match(body.caseNumber, /^TP-2026-/)
  assert.equal(body.status, 'new')
  const row = await env.database.db.selectFrom('case').selectAll().where('number', '=', body.caseNumber).executeTakeFirstOrThrow()
  assert.equal(row.kind, 'report')
  assert.equal(row.anonymous, true)
  assert.ok(row.receiptCodeHash && !row.receiptCodeHash.includes(body.receiptCode.replace(/-/g, '')))
  assert.ok(!JSON.stringify(row).includes(body.receiptCode))
  const audit = await env.database.db.selectFrom('auditLog').selectAll().where('targetId', '=', row.id).execute()
  assert.deepEqual(audit.map((a) => [a.action, a.actorKind]), [['case.received', 'public']])

  const status = await env.app.inject({ method: 'GET', url: `/api/v1/public/reports/${body.receiptCode.toLowerCase()}` })
  assert.equal(status.statusCode, 200)
  assert.deepEqual(Object.keys(status.json()).sort(), ['caseNumber', 'files', 'messages', 'receivedAt', 'status', 'updatedAt'])
  assert.equal(status.json().status, 'new')
  assert.ok(!status.body.includes('假冒'), 'the status page shows status only, not the report text')
})

test('the reporter adds information; staff messages show up; internal notes do not', async () => {
  const { receiptCode, caseNumber } = (await file(report(), '198.51.100.1')).json()
  const msg = await env.app.inject({ method: 'POST', url: `/api/v1/public/reports/${receiptCode}/messages`, payload: { text: '补充：订单号 2026030112345' } })
  assert.equal(msg.statusCode, 201)
  const row = await env.database.db.selectFrom('case').select('id').where('number', '=', caseNumber).executeTakeFirstOrThrow()
  await env.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/notes`, headers: supervisor, payload: { visibility: 'internal', text: '疑似职业举报人' } })
  await env.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/notes`, headers: supervisor, payload: { visibility: 'external', text: '已收到，正在核查。' } })
  await doAction(env, supervisor, row.id, 'triage')
  const status = (await env.app.inject({ method: 'GET', url: `/api/v1/public/reports/${receiptCode}` })).json()
  assert.equal(status.status, 'triaged')
  assert.deepEqual(status.messages.map((m: { from: string; text: string }) => [m.from, m.text]), [
    ['reporter', '补充：订单号 2026030112345'],
    ['staff', '已收到，正在核查。'],
  ])
  assert.deepEqual(await env.auditActions(row.id), ['case.received', 'case.reporter_message_added', 'case.note_added', 'case.message_sent', 'case.triaged'])
})

test('unknown and malformed receipt codes', async () => {
  const unknown = await env.app.inject({ method: 'GET', url: '/api/v1/public/reports/AAAA-BBBB-CCCC-DDDD' })
  assert.equal(unknown.statusCode, 404)
  assert.equal(unknown.json().error.code, 'cases.receipt_not_found')
  const msg = await env.app.inject({ method: 'POST', url: '/api/v1/public/reports/AAAA-BBBB-CCCC-DDDD/messages', payload: { text: 'x' } })
  assert.equal(msg.statusCode, 404)
  const bad = await env.app.inject({ method: 'GET', url: '/api/v1/public/reports/%27%20or%201=1' })
  assert.equal(bad.statusCode, 400)
})

test('public intake is rate limited per IP with a clear 429 and Retry-After', async () => {
  const ip = '192.0.2.55'
  for (let i = 0; i < 5; i++) assert.equal((await file(report({ text: `第${i}次举报` }), ip)).statusCode, 201)
  const sixth = await file(report(), ip)
  assert.equal(sixth.statusCode, 429)
  assert.equal(sixth.json().error.code, 'cases.rate_limited')
  assert.match(sixth.json().error.message, /at most 5 an hour/)
  assert.ok(Number(sixth.headers['retry-after']) > 0)
  assert.equal((await file(report(), '192.0.2.56')).statusCode, 201, 'another address is not limited')
  env.clock.advance(3_600_001)
  assert.equal((await file(report(), ip)).statusCode, 201, 'the window slides')
  supervisor = await env.login('supervisor')
})

test('bad public input is 400; staff-only fields are refused', async () => {
  const r1 = await file({ text: 'x' })
  assert.equal(r1.statusCode, 400)
  assert.match(r1.json().error.message, /body\.subject/)
  const r2 = await file(report({ channel: 'hotline' }))
  assert.equal(r2.statusCode, 400)
})

test('a named reporter is sealed: masked to everyone, revealed only with reporter:unseal, audited', async () => {
  const res = await file(report({ reporter: { name: '周举报', phone: '13512345678' } }), '198.51.100.9')
  const row = await env.database.db.selectFrom('case').select('id').where('number', '=', res.json().caseNumber).executeTakeFirstOrThrow()
  const view = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${row.id}`, headers: supervisor })).json()
  assert.equal(view.anonymous, false)
  const p = view.parties.find((x: { role: string }) => x.role === 'reporter')
  assert.equal(p.sealed, true)
  assert.equal(p.name, null)
  assert.equal(p.phone, null)
  const reveal = await env.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/parties/${p.id}/reveal`, headers: supervisor, payload: { reason: '核实' } })
  assert.equal(reveal.statusCode, 403)
  assert.equal(reveal.json().error.code, 'cases.reporter_sealed')
  const unsealBySupervisor = await env.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/parties/${p.id}/unseal`, headers: supervisor, payload: { reason: '核实' } })
  assert.equal(unsealBySupervisor.statusCode, 403)
  const admin = await env.login('admin')
  const noReason = await env.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/parties/${p.id}/unseal`, headers: admin, payload: {} })
  assert.equal(noReason.statusCode, 400)
  const unseal = await env.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/parties/${p.id}/unseal`, headers: admin, payload: { reason: '公安机关协查函 2026-031' } })
  assert.equal(unseal.statusCode, 200, unseal.body)
  assert.equal(unseal.json().name, '周举报')
  assert.equal(unseal.json().phone, '13512345678')
  assert.deepEqual(await env.auditActions(row.id), ['case.received', 'case.reporter_unsealed'])
  const a = await env.database.db.selectFrom('auditLog').selectAll().where('targetId', '=', row.id).where('action', '=', 'case.reporter_unsealed').executeTakeFirstOrThrow()
  assert.equal((a.data as { reason: string }).reason, '公安机关协查函 2026-031')
  assert.equal(a.actorKind, 'user')
})

const attach = (code: string, f: Parameters<typeof multipartBody>[0]) => {
  const m = multipartBody(f)
  return env.app.inject({ method: 'POST', url: `/api/v1/public/reports/${code}/files`, headers: m.headers, payload: m.payload })
}
const photo = (n: number) => ({ name: `现场照片${n}.png`, type: 'image/png', content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`photo ${n}`)]) })

test('the reporter attaches files by receipt code: on the case’s evidence and timeline, checked by content, limited per hour', async () => {
  const { receiptCode, caseNumber } = (await file(report(), '198.51.100.40')).json()
  const { id: caseId } = await env.database.db.selectFrom('case').select('id').where('number', '=', caseNumber).executeTakeFirstOrThrow()
  const ok = await attach(receiptCode, photo(1))
  assert.equal(ok.statusCode, 201, ok.body)
  assert.equal(ok.json().filename, '现场照片1.png')
  assert.match(ok.json().sha256, /^[0-9a-f]{64}$/)

  const status = (await env.app.inject({ method: 'GET', url: `/api/v1/public/reports/${receiptCode}` })).json()
  assert.deepEqual(status.files.map((f: { filename: string }) => f.filename), ['现场照片1.png'])

  const staffView = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/evidence`, headers: supervisor })).json()
  assert.deepEqual(staffView.items.map((e: { filename: string; sha256: string }) => [e.filename, e.sha256]), [['现场照片1.png', ok.json().sha256]])
  const audit = await env.database.db.selectFrom('auditLog').select(['data', 'actorName']).where('targetId', '=', caseId).where('action', '=', 'evidence.uploaded').execute()
  assert.equal(audit.length, 1)
  assert.equal((audit[0]!.data as { by?: string }).by, 'reporter')

  const exe = await attach(receiptCode, { name: 'invoice.pdf', type: 'application/pdf', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]) })
  assert.equal(exe.statusCode, 400)
  assert.equal(exe.json().error.code, 'cases.evidence_type_not_allowed')
  const big = await attach(receiptCode, { name: 'big.txt', type: 'text/plain', content: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) })
  assert.equal(big.statusCode, 413)
  assert.equal(big.json().error.code, 'cases.evidence_too_large')

  for (let n = 2; n <= 5; n++) assert.equal((await attach(receiptCode, photo(n))).statusCode, 201)
  const sixth = await attach(receiptCode, photo(6))
  assert.equal(sixth.statusCode, 429)
  assert.equal(sixth.json().error.code, 'cases.rate_limited')
  const count = await env.database.db.selectFrom('evidence').select((eb) => eb.fn.countAll().as('n')).where('caseId', '=', caseId).executeTakeFirstOrThrow()
  assert.equal(Number(count.n), 5, 'refused files leave no row')
})

test('a file for an unknown receipt code is a 404, and the upload must be multipart', async () => {
  const res = await attach('ABCD-EFGH-JKLM-NPQR', photo(1))
  assert.equal(res.statusCode, 404)
  assert.equal(res.json().error.code, 'cases.receipt_not_found')
  const { receiptCode } = (await file(report(), '198.51.100.41')).json()
  const json = await env.app.inject({ method: 'POST', url: `/api/v1/public/reports/${receiptCode}/files`, payload: 'file=x', headers: { 'content-type': 'text/plain' } })
  assert.equal(json.statusCode, 415, 'only JSON and multipart bodies are parsed')
  const noFile = multipartBody(null, { note: 'x' })
  const empty = await env.app.inject({ method: 'POST', url: `/api/v1/public/reports/${receiptCode}/files`, headers: noFile.headers, payload: noFile.payload })
  assert.equal(empty.statusCode, 400)
  assert.equal(empty.json().error.code, 'cases.file_required')
})
