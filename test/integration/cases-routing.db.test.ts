import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'

let env: TestEnv
let admin: LoginHeaders
let supervisor: LoginHeaders
let handler: LoginHeaders
let h: TestUser[]
before(async () => {
  env = await testEnv()
  admin = await env.login('admin')
  supervisor = await env.login('supervisor')
  handler = await env.login('handler')
  h = [await env.createUser(['handler'], { username: 'rr.a' }), await env.createUser(['handler'], { username: 'rr.b' }), await env.createUser(['handler'], { username: 'rr.c' })]
})
after(() => env.close())

const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

test('routing rules pick the queue at intake; a round-robin queue assigns its members in turn, skipping the recused', async () => {
  const q = await req('POST', '/api/v1/queues', admin, { name: '浙江信用卡', assignment: 'round_robin' })
  assert.equal(q.statusCode, 201, q.body)
  const queueId = q.json().id
  const fallback = (await req('POST', '/api/v1/queues', admin, { name: '银行综合' })).json().id
  const members = await req('PUT', `/api/v1/queues/${queueId}/members`, admin, { userIds: h.map((u) => u.id) })
  assert.equal(members.statusCode, 200, members.body)
  assert.equal(members.json().memberIds.length, 3)
  const reviewer = await env.createUser(['reviewer'])
  const bad = await req('PUT', `/api/v1/queues/${queueId}/members`, admin, { userIds: [reviewer.id] })
  assert.equal(bad.json().error.code, 'cases.member_not_handler')

  const r1 = await req('POST', '/api/v1/routing-rules', admin, { name: '浙江信用卡', position: 10, match: { category: '信用卡', region: '浙江省' }, queueId })
  assert.equal(r1.statusCode, 201, r1.body)
  assert.equal((await req('POST', '/api/v1/routing-rules', admin, { name: '银行', position: 20, match: { sector: 'bank' }, queueId: fallback })).statusCode, 201)
  assert.equal((await req('POST', '/api/v1/routing-rules', admin, { name: 'empty', position: 1, match: {}, queueId })).statusCode, 400)
  assert.equal((await req('POST', '/api/v1/routing-rules', supervisor, { name: 'x', position: 1, match: { sector: 'bank' }, queueId })).statusCode, 403)

  const zj = await fileComplaint(env, handler, { category: '信用卡/年费', region: '浙江省杭州市' })
  assert.equal(zj.queueId, queueId)
  const sh = await fileComplaint(env, handler, { category: '信用卡/年费', region: '上海市', complainants: [{ name: '沪', phone: '13600000009' }] })
  assert.equal(sh.queueId, fallback)
  const shop = await fileComplaint(env, handler, { productLine: 'goods', subject: { type: 'merchant', ref: 'M-R', name: '店' } })
  assert.equal(shop.queueId, null)
  const tl = (await req('GET', `/api/v1/cases/${zj.id}/timeline`, handler)).json()
  assert.ok(tl.items.some((e: { type: string; body: { ruleId?: string } }) => e.type === 'routed' && e.body.ruleId === r1.json().id))

  // rr.b declares an interest in this subject: the turn passes over them
  await req('POST', '/api/v1/handler-interests', supervisor, { userId: h[1]!.id, subjectRef: 'BR-RR', reason: '曾在该支行工作' })
  const picks: string[] = []
  for (let i = 0; i < 4; i++) {
    const c = await fileComplaint(env, handler, { category: '信用卡/年费', region: '浙江省', subject: { type: 'branch', ref: i === 1 ? 'BR-RR' : `BR-X${i}`, name: '轮转支行' }, complainants: [{ name: '轮', phone: `1370000010${i}` }] })
    assert.equal(c.queueId, queueId)
    await doAction(env, supervisor, c.id, 'triage')
    const a = await doAction(env, supervisor, c.id, 'assign')
    assert.equal(a.statusCode, 200, a.body)
    picks.push(h.find((u) => u.id === a.json().assigneeId)!.username)
  }
  assert.deepEqual(picks, ['rr.a', 'rr.c', 'rr.a', 'rr.b'])

  const list = (await req('GET', '/api/v1/routing-rules', handler)).json()
  assert.deepEqual(list.items.map((r: { position: number }) => r.position), [10, 20])
  assert.equal((await req('DELETE', `/api/v1/routing-rules/${r1.json().id}`, admin)).statusCode, 200)
  assert.equal((await req('DELETE', `/api/v1/routing-rules/${r1.json().id}`, admin)).statusCode, 404)
  const after = await fileComplaint(env, handler, { category: '信用卡/年费', region: '浙江省杭州市', complainants: [{ name: '后', phone: '13600000077' }] })
  assert.equal(after.queueId, fallback, 'the retired rule no longer routes')
  assert.deepEqual(await env.auditActions(r1.json().id), ['routing_rule.created', 'routing_rule.deleted'])
})

test('queues with priority: a case routed, filed or triaged into a queue is raised to its floor, never lowered', async () => {
  const q = await req('POST', '/api/v1/queues', admin, { name: '监管转办加急', minPriority: 'high' })
  assert.equal(q.statusCode, 201, q.body)
  assert.equal(q.json().minPriority, 'high')
  const queueId = q.json().id
  assert.equal((await req('POST', '/api/v1/routing-rules', admin, { name: '监管转办', position: 1, match: { kind: 'regulator_transfer' }, queueId })).statusCode, 201)

  const routed = await fileComplaint(env, supervisor, {
    kind: 'regulator_transfer', channel: 'regulator', priority: 'low',
    regulator: { reference: '12378-2026-90001', dueAt: new Date(env.clock.now().getTime() + 10 * 86_400_000).toISOString() },
  })
  assert.equal(routed.queueId, queueId)
  assert.equal(routed.priority, 'high', 'routed in: raised to the floor')
  const urgent = await fileComplaint(env, supervisor, { queueId, priority: 'urgent' })
  assert.equal(urgent.priority, 'urgent', 'a floor never lowers')

  const imported = await env.app.inject({
    method: 'POST', url: '/api/v1/complaints/import', headers: { ...supervisor, 'idempotency-key': 'queue-floor-import' },
    payload: { rows: [{ kind: 'regulator_transfer', channel: 'regulator', source: '12378', externalId: '12378-2026-90002', text: '监管转来的投诉件', priority: 'low', subject: { type: 'institution', name: '某银行' }, regulator: { reference: '12378-2026-90002', dueAt: new Date(env.clock.now().getTime() + 10 * 86_400_000).toISOString() } }] },
  })
  assert.equal(imported.statusCode, 200, imported.body)
  const importedCase = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${imported.json().rows[0].caseId}`, headers: supervisor })
  assert.equal(importedCase.json().priority, 'high', 'imported and routed in: raised too')

  const plain = await fileComplaint(env, supervisor, { priority: 'normal' })
  const triaged = await doAction(env, supervisor, plain.id, 'triage', { queueId })
  assert.equal(triaged.statusCode, 200, triaged.body)
  assert.equal(triaged.json().priority, 'high', 'triaged into the queue: raised')

  const patched = await env.app.inject({ method: 'PATCH', url: `/api/v1/queues/${queueId}`, headers: admin, payload: { minPriority: null } })
  assert.equal(patched.statusCode, 200, patched.body)
  assert.equal(patched.json().minPriority, null)
  const after = await fileComplaint(env, supervisor, { queueId, priority: 'low' })
  assert.equal(after.priority, 'low')
  const audit = await env.database.db.selectFrom('auditLog').select(['data']).where('targetId', '=', queueId).where('action', '=', 'queue.updated').execute()
  assert.deepEqual((audit[0]!.data as { to: unknown }).to, { minPriority: null })
  assert.equal((await req('POST', '/api/v1/queues', admin, { name: 'bad', minPriority: 'asap' })).statusCode, 400)
})

test('a rule that an earlier rule covers is flagged (shadowedBy) on creation and in the list', async () => {
  const queueId = (await req('POST', '/api/v1/queues', admin, { name: '理财投诉' })).json().id
  const wide = await req('POST', '/api/v1/routing-rules', admin, { name: '理财', position: 500, match: { category: '理财' }, queueId })
  assert.equal(wide.json().shadowedBy, null)
  const narrow = await req('POST', '/api/v1/routing-rules', admin, { name: '理财/赎回（浙江）', position: 600, match: { category: '理财/赎回', region: '浙江省' }, queueId })
  assert.equal(narrow.statusCode, 201, narrow.body)
  assert.equal(narrow.json().shadowedBy, wide.json().id)
  const listed = (await req('GET', '/api/v1/routing-rules', admin)).json().items.find((r: { id: string }) => r.id === narrow.json().id)
  assert.equal(listed.shadowedBy, wide.json().id)
  assert.equal((await req('DELETE', `/api/v1/routing-rules/${wide.json().id}`, admin)).statusCode, 200)
  const after = (await req('GET', '/api/v1/routing-rules', admin)).json().items.find((r: { id: string }) => r.id === narrow.json().id)
  assert.equal(after.shadowedBy, null, 'retiring the wide rule frees the narrow one')
})
