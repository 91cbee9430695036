import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'

let env: TestEnv
let supervisor: LoginHeaders
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  supervisor = await env.login('supervisor')
  handler = await env.login('handler')
})
after(() => env.close())

const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
const dims = (over: Record<string, number> = {}) =>
  Object.fromEntries(['demand', 'factsEvidence', 'liability', 'legalRisk', 'publicOpinionRisk'].map((k) => [k, { score: over[k] ?? 1, note: `${k} 说明` }]))

test('five-dimension analysis: scores give the overall risk; a severe external risk is not averaged away', async () => {
  const c = await fileComplaint(env, handler)
  const low = await req('PUT', `/api/v1/cases/${c.id}/analysis`, handler, dims())
  assert.equal(low.statusCode, 200, low.body)
  assert.equal(low.json().analysis.risk.level, 'low')
  assert.equal(low.json().riskLevel, 'low')
  const high = await req('PUT', `/api/v1/cases/${c.id}/analysis`, handler, dims({ publicOpinionRisk: 5 }))
  assert.equal(high.json().analysis.risk.level, 'high')
  assert.deepEqual(high.json().analysis.risk.drivers, ['publicOpinionRisk'])
  assert.equal(high.json().analysis.dimensions.publicOpinionRisk.note, 'publicOpinionRisk 说明')
  const list = await req('GET', '/api/v1/cases?riskLevel=high', handler)
  assert.deepEqual(list.json().items.map((i: { id: string }) => i.id), [c.id])
  for (const bad of [dims({ demand: 6 }), { ...dims(), extra: { score: 1, note: '' } }, { demand: { score: 1, note: '' } }, dims({ liability: 2.5 })]) {
    const r = await req('PUT', `/api/v1/cases/${c.id}/analysis`, handler, bad)
    assert.equal(r.statusCode, 400, JSON.stringify(bad))
  }
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'case.analysed', 'case.analysed'])
})

test('PATCH changes priority, tags and root causes with before/after in the audit row', async () => {
  const c = await fileComplaint(env, handler)
  const r = await req('PATCH', `/api/v1/cases/${c.id}`, handler, { priority: 'urgent', tags: ['年费', '年费', '销售误导'], rootCauses: ['收费告知不到位'] })
  assert.equal(r.statusCode, 200, r.body)
  assert.equal(r.json().priority, 'urgent')
  assert.deepEqual(r.json().tags, ['年费', '销售误导'])
  assert.deepEqual(r.json().rootCauses, ['收费告知不到位'])
  const row = await env.database.db.selectFrom('auditLog').select('data').where('targetId', '=', c.id).where('action', '=', 'case.updated').executeTakeFirstOrThrow()
  assert.deepEqual((row.data as { before: { priority: string } }).before.priority, 'normal')
  assert.equal((await req('PATCH', `/api/v1/cases/${c.id}`, handler, {})).statusCode, 400)
  assert.equal((await req('PATCH', `/api/v1/cases/${c.id}`, handler, { priority: 'asap' })).statusCode, 400)
  const byTag = await req('GET', `/api/v1/cases?tag=${encodeURIComponent('销售误导')}`, handler)
  assert.deepEqual(byTag.json().items.map((i: { id: string }) => i.id), [c.id])
})

test('complainant profile: history across cases by phone or ID number, masked', async () => {
  const who = { name: '钱多多', phone: '13300001111', idNumber: '310101198001011234' }
  const a = await fileComplaint(env, handler, { complainants: [who], subject: { type: 'branch', ref: 'BR-P1', name: '一号支行' } })
  await fileComplaint(env, handler, { channel: 'app', demandType: 'compensation', complainants: [{ name: '钱多多', phone: '13300001111' }], subject: { type: 'branch', ref: 'BR-P2', name: '二号支行' } })
  await fileComplaint(env, handler, { channel: 'web', complainants: [{ name: '钱多多', idNumber: '310101198001011234' }], subject: { type: 'branch', ref: 'BR-P3', name: '三号支行' } })
  await fileComplaint(env, handler, { complainants: [{ name: '别人', phone: '13300002222' }], subject: { type: 'branch', ref: 'BR-P4', name: '四号支行' } })
  const r = await req('GET', `/api/v1/cases/${a.id}/profile`, handler)
  assert.equal(r.statusCode, 200, r.body)
  const p = r.json().complainants[0]
  assert.equal(p.name, '钱**')
  assert.equal(p.cases, 3)
  assert.deepEqual(p.channels, { hotline: 1, app: 1, web: 1 })
  assert.equal(p.demandTypes.compensation, 1)
  assert.equal(p.recent.length, 3)
  assert.ok(!r.body.includes('13300001111'))
})

test('bulk: each case succeeds or fails on its own, with the reason', async () => {
  const a = await fileComplaint(env, handler, { subject: { type: 'branch', ref: 'BR-B1', name: '批量一' }, complainants: [{ name: '甲', phone: '13100000001' }] })
  const b = await fileComplaint(env, handler, { subject: { type: 'branch', ref: 'BR-B2', name: '批量二' }, complainants: [{ name: '乙', phone: '13100000002' }] })
  const c = await fileComplaint(env, handler, { subject: { type: 'branch', ref: 'BR-B3', name: '批量三' }, complainants: [{ name: '丙', phone: '13100000003' }] })
  await doAction(env, handler, c.id, 'withdraw')
  const triage = await req('POST', '/api/v1/cases/bulk', supervisor, { ids: [a.id, b.id, c.id], op: { type: 'action', action: 'triage' } })
  assert.equal(triage.statusCode, 200, triage.body)
  assert.equal(triage.json().ok, 2)
  assert.equal(triage.json().failed, 1)
  assert.equal(triage.json().results[2].error.code, 'cases.invalid_transition')
  const assign = await req('POST', '/api/v1/cases/bulk', supervisor, { ids: [a.id, b.id], op: { type: 'assign' } })
  assert.equal(assign.json().ok, 2)
  const tag = await req('POST', '/api/v1/cases/bulk', handler, { ids: [a.id, b.id], op: { type: 'tag', add: ['批量', '年费'] } })
  assert.equal(tag.json().ok, 2)
  const untag = await req('POST', '/api/v1/cases/bulk', handler, { ids: [a.id], op: { type: 'tag', remove: ['年费'] } })
  assert.equal(untag.json().ok, 1)
  assert.deepEqual((await req('GET', `/api/v1/cases/${a.id}`, handler)).json().tags, ['批量'])
  const prio = await req('POST', '/api/v1/cases/bulk', handler, { ids: [a.id, b.id], op: { type: 'priority', priority: 'high' } })
  assert.equal(prio.json().ok, 2)
  const link = await req('POST', '/api/v1/cases/bulk', handler, { ids: [b.id, c.id, a.id], op: { type: 'link', to: a.id } })
  assert.equal(link.json().ok, 2)
  assert.equal(link.json().results[2].error.code, 'cases.link_self')
  assert.deepEqual((await req('GET', `/api/v1/cases/${a.id}`, handler)).json().linkedCaseIds.sort(), [b.id, c.id].sort())
  const unknown = await req('POST', '/api/v1/cases/bulk', handler, { ids: ['0190f0f0-0000-7000-8000-000000000000'], op: { type: 'priority', priority: 'low' } })
  assert.equal(unknown.json().results[0].error.code, 'cases.not_found')
  const handlerAssign = await req('POST', '/api/v1/cases/bulk', handler, { ids: [a.id], op: { type: 'assign' } })
  assert.equal(handlerAssign.json().results[0].error.code, 'cases.forbidden')
  assert.equal((await req('POST', '/api/v1/cases/bulk', handler, { ids: [], op: { type: 'priority', priority: 'low' } })).statusCode, 400)
  assert.equal((await req('POST', '/api/v1/cases/bulk', handler, { ids: [a.id], op: { type: 'explode' } })).statusCode, 400)
})

test('CSV export: filtered, names masked, no phone numbers, audited; needs cases:export', async () => {
  await fileComplaint(env, handler, { category: '导出测试', complainants: [{ name: '导出人', phone: '13912340000', idNumber: '110101199001011234' }] })
  const r = await req('GET', `/api/v1/cases/export?category=${encodeURIComponent('导出测试')}`, supervisor)
  assert.equal(r.statusCode, 200, r.body)
  assert.match(String(r.headers['content-type']), /text\/csv/)
  const lines = r.body.replace(/^\uFEFF/, '').trim().split('\n')
  assert.equal(lines.length, 2)
  assert.match(lines[0]!, /^number,kind,channel,status/)
  assert.match(lines[1]!, /导\*\*/)
  assert.ok(!r.body.includes('13912340000') && !r.body.includes('110101199001011234'))
  const audit = await env.database.db.selectFrom('auditLog').select('data').where('action', '=', 'case.exported').executeTakeFirstOrThrow()
  assert.equal((audit.data as { rows: number }).rows, 1)
  assert.equal((await req('GET', '/api/v1/cases/export', handler)).statusCode, 403, 'handlers lack cases:export')
})
