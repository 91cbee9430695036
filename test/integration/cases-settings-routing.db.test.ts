// The admin endpoints behind the 工单配置 console's queue and declared-interest (回避) tabs: editing a
// queue, and listing and withdrawing declared interests with their permission scope.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'

let env: TestEnv
let admin: LoginHeaders
let supervisor: LoginHeaders
before(async () => {
  env = await testEnv()
  admin = await env.login('admin')
  supervisor = await env.login('supervisor')
})
after(() => env.close())

const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

const auditRows = (targetId: string, action: string) =>
  env.database.db.selectFrom('auditLog').select(['action', 'actorId', 'data']).where('targetId', '=', targetId).where('action', '=', action).orderBy('seq').execute()

// ---- PATCH /queues/:id

test('PATCH a queue renames it, changes its strategy and clears its description, with an audit row', async () => {
  const created = await req('POST', '/api/v1/queues', admin, { name: '信用卡组', description: '信用卡投诉', assignment: 'least_loaded' })
  assert.equal(created.statusCode, 201, created.body)
  const id = created.json().id
  const handler = await env.createUser(['handler'])
  await req('PUT', `/api/v1/queues/${id}/members`, admin, { userIds: [handler.id] })

  const res = await req('PATCH', `/api/v1/queues/${id}`, admin, { name: '信用卡一组', assignment: 'round_robin', description: null })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(res.json().name, '信用卡一组')
  assert.equal(res.json().assignment, 'round_robin')
  assert.equal(res.json().description, null)
  assert.deepEqual(res.json().memberIds, [handler.id], 'members survive the edit')

  const listed = (await req('GET', '/api/v1/queues', admin)).json().items.find((q: { id: string }) => q.id === id)
  assert.equal(listed.name, '信用卡一组')
  assert.equal(listed.assignment, 'round_robin')

  const rows = await auditRows(id, 'queue.updated')
  assert.equal(rows.length, 1)
  assert.deepEqual([...(rows[0]!.data.changed as string[])].sort(), ['assignment', 'description', 'name'])
  assert.deepEqual(rows[0]!.data.from, { name: '信用卡组', description: '信用卡投诉', assignment: 'least_loaded' })
})

test('PATCH a queue: unknown id 404, bad or empty body 400, taken name 409, supervisor 403; none audited', async () => {
  const a = (await req('POST', '/api/v1/queues', admin, { name: '甲队列' })).json().id
  await req('POST', '/api/v1/queues', admin, { name: '乙队列' })

  const missing = await req('PATCH', '/api/v1/queues/0199a000-0000-7000-8000-0000000000ff', admin, { name: 'x' })
  assert.equal(missing.statusCode, 404, missing.body)
  assert.equal(missing.json().error.code, 'cases.queue_not_found')

  const unknownField = await req('PATCH', `/api/v1/queues/${a}`, admin, { name: 'x', priority: 'high' })
  assert.equal(unknownField.statusCode, 400, unknownField.body)
  const badStrategy = await req('PATCH', `/api/v1/queues/${a}`, admin, { assignment: 'random' })
  assert.equal(badStrategy.statusCode, 400)
  assert.match(badStrategy.json().error.message, /assignment/)
  const empty = await req('PATCH', `/api/v1/queues/${a}`, admin, {})
  assert.equal(empty.statusCode, 400)

  const taken = await req('PATCH', `/api/v1/queues/${a}`, admin, { name: '乙队列' })
  assert.equal(taken.statusCode, 409)
  assert.equal(taken.json().error.code, 'cases.queue_exists')
  assert.equal((await req('PATCH', `/api/v1/queues/${a}`, supervisor, { name: '丙' })).statusCode, 403)

  assert.deepEqual(await auditRows(a, 'queue.updated'), [])
})

test('queues report their open cases', async () => {
  const q = (await req('POST', '/api/v1/queues', admin, { name: '计数队列' })).json()
  assert.equal(q.openCases, 0)
  await fileComplaint(env, supervisor, { queueId: q.id })
  const done = await fileComplaint(env, supervisor, { queueId: q.id })
  await doAction(env, supervisor, done.id, 'withdraw', { reason: '投诉人撤回' })
  const listed = (await req('GET', '/api/v1/queues', admin)).json().items.find((x: { id: string }) => x.id === q.id)
  assert.equal(listed.openCases, 1)
})

// ---- declared interests

let wang: TestUser
let zhao: TestUser
test('listing interests: assigners see all, never the phone or ID number; a handler sees only their own', async () => {
  wang = await env.createUser(['handler'], { username: 'wang.list' })
  zhao = await env.createUser(['handler'], { username: 'zhao.list' })
  const bySubject = await req('POST', '/api/v1/handler-interests', supervisor, { userId: wang.id, subjectRef: 'BR-LIST-1', reason: '配偶在该支行任职' })
  assert.equal(bySubject.statusCode, 201, bySubject.body)
  const byPhone = await req('POST', '/api/v1/handler-interests', supervisor, { userId: wang.id, phone: '13955556666', reason: '投诉人是其邻居' })
  const byId = await req('POST', '/api/v1/handler-interests', supervisor, { userId: zhao.id, idNumber: '330106199001019999', reason: '亲属' })
  assert.equal(byPhone.statusCode, 201)
  assert.equal(byId.statusCode, 201)

  const all = await req('GET', '/api/v1/handler-interests', supervisor)
  assert.equal(all.statusCode, 200, all.body)
  for (const secret of ['13955556666', '5556666', '330106199001019999', '01019999']) assert.ok(!all.body.includes(secret), `${secret} leaked`)
  const ids = all.json().items.map((i: { id: string }) => i.id)
  assert.deepEqual(ids.slice(0, 3), [byId.json().id, byPhone.json().id, bySubject.json().id], 'newest first')
  const phoneItem = all.json().items[1]
  assert.equal(phoneItem.party, true)
  assert.equal(phoneItem.subjectRef, null)
  assert.equal(phoneItem.userName, 'wang.list')
  assert.equal(phoneItem.reason, '投诉人是其邻居')
  assert.equal(typeof phoneItem.declaredByName, 'string')
  assert.equal(Object.keys(phoneItem).some((k) => /bidx|phone|idNumber/i.test(k)), false)

  const filtered = (await req('GET', `/api/v1/handler-interests?userId=${zhao.id}`, supervisor)).json().items
  assert.deepEqual(filtered.map((i: { userId: string }) => i.userId), [zhao.id])

  const page1 = (await req('GET', '/api/v1/handler-interests?limit=2', supervisor)).json()
  assert.equal(page1.items.length, 2)
  assert.ok(page1.nextCursor)
  const page2 = (await req('GET', `/api/v1/handler-interests?limit=2&cursor=${page1.nextCursor}`, supervisor)).json()
  assert.equal(page2.items[0].id, bySubject.json().id)
  assert.equal((await req('GET', '/api/v1/handler-interests?cursor=not-a-cursor', supervisor)).json().error.code, 'cases.invalid_cursor')

  const asWang = await env.login(wang)
  const own = await req('GET', '/api/v1/handler-interests', asWang)
  assert.equal(own.statusCode, 200)
  assert.deepEqual(own.json().items.map((i: { userId: string }) => i.userId), [wang.id, wang.id])
  assert.equal((await req('GET', `/api/v1/handler-interests?userId=${zhao.id}`, asWang)).statusCode, 403)
  assert.equal((await req('GET', '/api/v1/handler-interests', await env.login('reviewer'))).statusCode, 403)
})

test('a handler declares and withdraws their own interest, but not one a supervisor declared about them', async () => {
  const asZhao = await env.login(zhao)
  const forOther = await req('POST', '/api/v1/handler-interests', asZhao, { userId: wang.id, subjectRef: 'BR-X', reason: 'r' })
  assert.equal(forOther.statusCode, 403)
  const mine = await req('POST', '/api/v1/handler-interests', asZhao, { userId: zhao.id, subjectRef: 'BR-SELF', reason: '本人曾任该支行行长' })
  assert.equal(mine.statusCode, 201, mine.body)

  const supervisors = (await req('GET', `/api/v1/handler-interests?userId=${zhao.id}`, supervisor)).json().items
  const declaredBySupervisor = supervisors.find((i: { subjectRef: string | null }) => i.subjectRef === null)
  const refused = await req('DELETE', `/api/v1/handler-interests/${declaredBySupervisor.id}`, asZhao)
  assert.equal(refused.statusCode, 403)
  assert.equal(refused.json().error.code, 'cases.forbidden')

  const withdrawn = await req('DELETE', `/api/v1/handler-interests/${mine.json().id}`, asZhao)
  assert.equal(withdrawn.statusCode, 200, withdrawn.body)
  const left = (await req('GET', '/api/v1/handler-interests', asZhao)).json().items.map((i: { id: string }) => i.id)
  assert.deepEqual(left, [declaredBySupervisor.id])
})

test('withdrawing: unknown id 404, audited, and the user is no longer recused from assignment', async () => {
  const li = await env.createUser(['handler'], { username: 'li.withdraw' })
  const declared = await req('POST', '/api/v1/handler-interests', supervisor, { userId: li.id, subjectRef: 'BR-0571-01', reason: '配偶在该支行任职' })
  assert.equal(declared.statusCode, 201)
  const c = await fileComplaint(env, supervisor) // subject BR-0571-01
  await doAction(env, supervisor, c.id, 'triage')
  const refused = await doAction(env, supervisor, c.id, 'assign', { assigneeId: li.id })
  assert.equal(refused.json().error.code, 'cases.recusal_required')

  const missing = await req('DELETE', '/api/v1/handler-interests/0199a000-0000-7000-8000-0000000000ee', supervisor)
  assert.equal(missing.statusCode, 404)
  assert.equal(missing.json().error.code, 'cases.interest_not_found')

  const withdrawn = await req('DELETE', `/api/v1/handler-interests/${declared.json().id}`, supervisor)
  assert.equal(withdrawn.statusCode, 200, withdrawn.body)
  assert.deepEqual(withdrawn.json(), { ok: true })
  const again = await req('DELETE', `/api/v1/handler-interests/${declared.json().id}`, supervisor)
  assert.equal(again.statusCode, 404)

  const rows = await auditRows(li.id, 'handler_interest.withdrawn')
  assert.equal(rows.length, 1)
  assert.equal(rows[0]!.data.interestId, declared.json().id)
  assert.equal(rows[0]!.data.subjectRef, 'BR-0571-01')

  const assigned = await doAction(env, supervisor, c.id, 'assign', { assigneeId: li.id })
  assert.equal(assigned.statusCode, 200, assigned.body)
  assert.equal(assigned.json().assigneeId, li.id)
})
