// Object scope (need to know): a handler sees the cases assigned to them, in their queues, or taken in by
// them; everything else answers like an unknown id. Holders of cases:read_all see every case.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { complaintBody, fileComplaint, doAction } from '../support/cases.ts'
import { newId } from '../../src/platform/ids.ts'
import * as cases from '../../src/modules/cases/index.ts'
import * as auth from '../../src/modules/auth/index.ts'

let env: TestEnv
let a: TestUser
let b: TestUser
let handlerA: LoginHeaders
let supervisor: LoginHeaders
let queueA: string
let queueB: string
const dataDir = mkdtempSync(join(tmpdir(), 'tp-scope-'))
const ids = {} as Record<'inA' | 'inB' | 'assignedToA' | 'byA' | 'noQueue', string>

const req = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
const listIds = async (headers: Record<string, string>, query = '') => {
  const res = await req('GET', `/api/v1/cases?limit=200${query}`, headers)
  assert.equal(res.statusCode, 200, res.body)
  return new Set(res.json<{ items: { id: string }[] }>().items.map((c) => c.id))
}
const person = { complainants: [{ name: '周杰', phone: '13912340000' }] } // the same complainant on every case

before(async () => {
  env = await testEnv({ dataDir })
  a = await env.createUser(['handler'], { username: 'scope.a' })
  b = await env.createUser(['handler'], { username: 'scope.b' })
  handlerA = await env.login(a)
  supervisor = await env.login('supervisor')
  const ctx = env.ctx()
  queueA = (await cases.createQueue(ctx, { name: '甲队列' })).id
  queueB = (await cases.createQueue(ctx, { name: '乙队列' })).id
  await cases.setQueueMembers(ctx, queueA, [a.id])
  await cases.setQueueMembers(ctx, queueB, [b.id])
  ids.inA = (await fileComplaint(env, supervisor, { ...person, queueId: queueA })).id
  ids.inB = (await fileComplaint(env, supervisor, { ...person, queueId: queueB })).id
  ids.assignedToA = (await fileComplaint(env, supervisor, { ...person, queueId: queueB })).id
  assert.equal((await doAction(env, supervisor, ids.assignedToA, 'triage')).statusCode, 200)
  const assigned = await doAction(env, supervisor, ids.assignedToA, 'assign', { assigneeId: a.id })
  assert.equal(assigned.statusCode, 200, assigned.body)
  ids.byA = (await fileComplaint(env, handlerA, { ...person, queueId: queueB })).id
  ids.noQueue = (await fileComplaint(env, supervisor, person)).id
})
after(async () => {
  await env.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('a handler lists their queue’s, assigned and self-received cases only; a supervisor lists all', async () => {
  assert.deepEqual(await listIds(handlerA), new Set([ids.inA, ids.assignedToA, ids.byA]))
  assert.deepEqual(await listIds(await env.login(b)), new Set([ids.inB, ids.assignedToA, ids.byA]))
  const all = await listIds(supervisor)
  for (const id of Object.values(ids)) assert.ok(all.has(id), `supervisor sees ${id}`)
  // filters narrow within the scope, never widen it
  assert.deepEqual(await listIds(handlerA, `&queueId=${queueB}`), new Set([ids.assignedToA, ids.byA]))
  for (const id of [ids.inA, ids.assignedToA, ids.byA]) assert.equal((await req('GET', `/api/v1/cases/${id}`, handlerA)).statusCode, 200)
})

test('paging and counts cover the visible cases only', async () => {
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const res = await req('GET', `/api/v1/cases?limit=1${cursor ? `&cursor=${cursor}` : ''}`, handlerA)
    const body = res.json<{ items: { id: string }[]; nextCursor: string | null }>()
    seen.push(...body.items.map((c) => c.id))
    cursor = body.nextCursor
  } while (cursor && seen.length < 10)
  assert.deepEqual(new Set(seen), new Set([ids.inA, ids.assignedToA, ids.byA]))
  assert.equal(seen.length, 3, 'no page leads to a hidden case')
  const dash = (await req('GET', '/api/v1/cases/dashboard', handlerA)).json()
  assert.equal(dash.open, 3, 'the dashboard counts the handler’s own open cases')
  assert.equal((await req('GET', '/api/v1/cases/dashboard', supervisor)).json().open, 5)
  // the complainant profile: every case is the same person's, but the handler's history counts only theirs
  const mine = (await req('GET', `/api/v1/cases/${ids.inA}/profile`, handlerA)).json()
  assert.equal(mine.complainants[0].cases, 3)
  assert.ok(mine.complainants[0].recent.every((c: { id: string }) => [ids.inA, ids.assignedToA, ids.byA].includes(c.id)))
  assert.equal((await req('GET', `/api/v1/cases/${ids.inA}/profile`, supervisor)).json().complainants[0].cases, 5)
})

test('another queue’s case answers 404 cases.not_found on every per-case endpoint, like an unknown id', async () => {
  const supView = (await req('GET', `/api/v1/cases/${ids.inB}`, supervisor)).json()
  const partyId = supView.parties[0].id as string
  const evidence = await cases.storeEvidence(env.ctx(), { content: Buffer.from('聊天记录截图说明'), filename: 'note.txt', declaredType: 'text/plain', caseId: ids.inB })
  const dims = Object.fromEntries(['demand', 'factsEvidence', 'liability', 'legalRisk', 'publicOpinionRisk'].map((k) => [k, { score: 2, note: k }]))
  const calls = (id: string): [string, 'GET' | 'POST' | 'PUT' | 'PATCH', string, unknown?][] => [
    ['get', 'GET', `/api/v1/cases/${id}`],
    ['action', 'POST', `/api/v1/cases/${id}/actions/triage`, {}],
    ['step', 'POST', `/api/v1/cases/${id}/steps/acknowledge`, {}],
    ['extension', 'POST', `/api/v1/cases/${id}/extensions`, { ruleId: 'complex', reason: '需调取流水', noticeSentAt: env.clock.now().toISOString() }],
    ['note', 'POST', `/api/v1/cases/${id}/notes`, { visibility: 'internal', text: '内部备注' }],
    ['template note', 'POST', `/api/v1/cases/${id}/notes`, { visibility: 'external', templateId: 'acknowledge' }],
    ['timeline', 'GET', `/api/v1/cases/${id}/timeline`],
    ['reveal', 'POST', `/api/v1/cases/${id}/parties/${partyId}/reveal`, { reason: '回电核实' }],
    ['evidence', 'GET', `/api/v1/cases/${id}/evidence`],
    ['offers', 'GET', `/api/v1/cases/${id}/offers`],
    ['offer', 'POST', `/api/v1/cases/${id}/offers`, { direction: 'offer', amountFen: 10_000 }],
    ['analysis', 'PUT', `/api/v1/cases/${id}/analysis`, dims],
    ['update', 'PATCH', `/api/v1/cases/${id}`, { priority: 'high' }],
    ['profile', 'GET', `/api/v1/cases/${id}/profile`],
  ]
  const unknown = newId()
  const hidden = calls(ids.inB)
  for (const [i, [name, method, url, payload]] of calls(unknown).entries()) {
    const u = await req(method, url, handlerA, payload)
    const h = await req(method, hidden[i]![2], handlerA, hidden[i]![3])
    assert.equal(h.statusCode, 404, `${name}: ${h.body}`)
    assert.equal(h.json().error.code, 'cases.not_found', name)
    assert.equal(u.statusCode, 404, `${name} (unknown): ${u.body}`)
    assert.equal(u.json().error.code, h.json().error.code, `${name}: same answer as an unknown id`)
    assert.equal(h.json().error.message, u.json().error.message.replace(unknown, ids.inB), name)
  }
  const download = await req('GET', `/api/v1/evidence/${evidence.id}/content`, handlerA)
  assert.equal(download.statusCode, 404)
  assert.equal(download.json().error.code, 'cases.evidence_not_found')
  assert.equal((await req('GET', `/api/v1/evidence/${evidence.id}/content`, supervisor)).statusCode, 200)
  // nothing was written: no action, note, reveal or offer went through
  assert.deepEqual(await env.auditActions(ids.inB), ['case.received', 'evidence.uploaded', 'evidence.downloaded'])
  const upload = multipart(Buffer.from('补充说明'), { caseId: ids.inB })
  const up = await env.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...handlerA, ...upload.headers }, payload: upload.payload })
  assert.equal(up.statusCode, 404)
  assert.equal(up.json().error.code, 'cases.not_found')
  const own = multipart(Buffer.from('补充说明'), { caseId: ids.inA })
  assert.equal((await env.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...handlerA, ...own.headers }, payload: own.payload })).statusCode, 201)
})

test('bulk treats an invisible case like an unknown id and changes only the visible ones', async () => {
  const unknown = newId()
  const res = await req('POST', '/api/v1/cases/bulk', handlerA, { ids: [ids.inA, ids.inB, unknown], op: { type: 'priority', priority: 'urgent' } })
  assert.equal(res.statusCode, 200, res.body)
  const byId = new Map(res.json().results.map((r: { id: string }) => [r.id, r]))
  assert.equal((byId.get(ids.inA) as { ok: boolean }).ok, true)
  assert.equal((byId.get(ids.inB) as { error: { code: string } }).error.code, 'cases.not_found')
  assert.equal((byId.get(unknown) as { error: { code: string } }).error.code, 'cases.not_found')
  assert.equal((await req('GET', `/api/v1/cases/${ids.inB}`, supervisor)).json().priority, 'normal')
  const link = await req('POST', '/api/v1/cases/bulk', handlerA, { ids: [ids.inA], op: { type: 'link', to: ids.inB } })
  assert.equal(link.json().results[0].error.code, 'cases.not_found')
})

test('an API key acts with its owner’s scope and its own permissions', async () => {
  const { token } = await auth.createApiKey(env.ctx(), { name: 'A 的集成', userId: a.id, scopes: ['cases:read', 'cases:create'] })
  const bearer = { authorization: `Bearer ${token}` }
  const before = await listIds(handlerA)
  assert.deepEqual(await listIds(bearer), before)
  assert.equal((await req('GET', `/api/v1/cases/${ids.inB}`, bearer)).statusCode, 404)
  // a case the key takes in is its owner's
  const viaKey = await req('POST', '/api/v1/complaints', bearer, complaintBody({ ...person, queueId: queueB }))
  assert.equal(viaKey.statusCode, 201, viaKey.body)
  assert.equal((await req('GET', `/api/v1/cases/${viaKey.json().id}`, handlerA)).statusCode, 200)
  // an analyst reads all cases, but a key without cases:read_all reads only the owner's own (none)
  const analyst = await env.createUser(['analyst'])
  const narrow = (await auth.createApiKey(env.ctx(), { name: 'narrow', userId: analyst.id, scopes: ['cases:read'] })).token
  const wide = (await auth.createApiKey(env.ctx(), { name: 'wide', userId: analyst.id, scopes: ['cases:read', 'cases:read_all'] })).token
  assert.equal((await listIds({ authorization: `Bearer ${narrow}` })).size, 0)
  assert.ok((await listIds({ authorization: `Bearer ${wide}` })).has(ids.inB))
})

test('reassigning a case away or moving it to another queue removes it from the handler’s sight', async () => {
  const c = await fileComplaint(env, supervisor, { ...person, queueId: queueB })
  assert.equal((await doAction(env, supervisor, c.id, 'triage')).statusCode, 200)
  assert.equal((await doAction(env, supervisor, c.id, 'assign', { assigneeId: a.id })).statusCode, 200)
  assert.equal((await req('GET', `/api/v1/cases/${c.id}`, handlerA)).statusCode, 200)
  assert.equal((await doAction(env, supervisor, c.id, 'reassign', { assigneeId: b.id })).statusCode, 200)
  assert.equal((await req('GET', `/api/v1/cases/${c.id}`, handlerA)).statusCode, 404)
  assert.ok(!(await listIds(handlerA)).has(c.id))

  const moved = await fileComplaint(env, supervisor, { ...person, queueId: queueA })
  assert.equal((await req('GET', `/api/v1/cases/${moved.id}`, handlerA)).statusCode, 200)
  assert.equal((await doAction(env, supervisor, moved.id, 'triage', { queueId: queueB })).statusCode, 200)
  assert.equal((await req('GET', `/api/v1/cases/${moved.id}`, handlerA)).statusCode, 404)
})

function multipart(content: Buffer, fields: Record<string, string>) {
  const boundary = '----tpscope' + newId().slice(0, 8)
  const parts: Buffer[] = []
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\n`), content, Buffer.from('\r\n'))
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
