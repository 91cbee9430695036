import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'
import { caseJobHandlers, slaJobKey } from '../../src/modules/cases/index.ts'
import { runDueJobs } from '../../src/platform/jobs.ts'

let env: TestEnv
let supervisor: LoginHeaders
let handler: LoginHeaders
let handlerUser: TestUser
// Sessions last 12 h: tests that move the clock log in again, as the same handler (who took the cases in).
const login = async () => {
  supervisor = await env.login('supervisor')
  handler = await env.login(handlerUser)
}
before(async () => {
  env = await testEnv()
  handlerUser = await env.createUser(['handler'])
  await login()
})
after(() => env.close())

const get = async (id: string) => (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: supervisor })).json()
const post = (url: string, headers: Record<string, string>, payload: unknown = {}) => env.app.inject({ method: 'POST', url, headers, payload: payload as object })
const job = (id: string) => env.database.db.selectFrom('job').selectAll().where('uniqueKey', '=', slaJobKey(id)).executeTakeFirst()
const events = async (id: string, type: string) =>
  (await env.database.db.selectFrom('caseEvent').selectAll().where('caseId', '=', id).where('type', '=', type).execute()).length

test('warning at 80 % and breach: one timeline event and audit row each, supervisor alerted, nothing twice', async () => {
  const c = await fileComplaint(env, handler)
  const start = await get(c.id)
  const target = start.sla.targets[0]
  assert.equal(target.key, 'decision')
  assert.equal((await job(c.id))?.runAt.toISOString(), target.warningAt)

  env.clock.set(new Date(Date.parse(target.warningAt) - 1000))
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).ran, 0, 'not due yet')
  env.clock.set(target.warningAt)
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).ran, 1)
  await login()
  let view = await get(c.id)
  assert.equal(view.sla.state, 'warning')
  assert.equal(view.slaState, 'warning')
  assert.equal(await events(c.id, 'sla_warning'), 1)
  assert.equal((await job(c.id))?.runAt.getTime(), Date.parse(target.dueAt) + 1, 'next check at the first breached instant')

  env.clock.set(new Date(Date.parse(target.dueAt) + 1))
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).ran, 1)
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).ran, 0, 'nothing left to remind')
  await login()
  view = await get(c.id)
  assert.equal(view.sla.state, 'breached')
  assert.equal(await events(c.id, 'sla_breached'), 1)
  assert.equal(await events(c.id, 'supervisor_alerted'), 1)
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'case.sla_warning', 'case.sla_breached'])
  const row = await env.database.db.selectFrom('auditLog').select('data').where('targetId', '=', c.id).where('action', '=', 'case.sla_breached').executeTakeFirstOrThrow()
  assert.equal((row.data as { dueAt: string }).dueAt, target.dueAt)
  assert.ok((row.data as { supervisorIds: string[] }).supervisorIds.length >= 1)

  const breached = (await env.app.inject({ method: 'GET', url: '/api/v1/cases?sla=breached', headers: supervisor })).json()
  assert.ok(breached.items.some((i: { id: string }) => i.id === c.id))
})

test('resolving in time stops the clock and cancels the reminder', async () => {
  await login()
  const c = await fileComplaint(env, handler)
  for (const s of ['listen_record', 'verify_facts', 'explain_policy', 'propose', 'confirm_with_complainant']) await post(`/api/v1/cases/${c.id}/steps/${s}`, handler)
  await doAction(env, supervisor, c.id, 'escalate', { body: 'supervisor' })
  const r = await doAction(env, supervisor, c.id, 'resolve', { outcome: 'not_upheld' })
  assert.equal(r.statusCode, 200, r.body)
  assert.equal(r.json().sla.state, 'met')
  assert.equal((await job(c.id))?.status, 'cancelled')
  env.clock.advanceDays(40)
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).ran, 0)
  await login()
  assert.equal(await events(c.id, 'sla_breached'), 0)
})

test('waiting pauses the clock (no reminders); resuming moves the due date by the whole days paused', async () => {
  await login()
  const c = await fileComplaint(env, handler)
  for (const a of ['triage', 'assign', 'start']) assert.equal((await doAction(env, supervisor, c.id, a)).statusCode, 200, a)
  const before = (await get(c.id)).sla.targets[0]
  env.clock.advance(3_600_000)
  const waiting = await doAction(env, supervisor, c.id, 'wait', { waitingOn: 'complainant' })
  assert.equal(waiting.json().sla.state, 'paused')
  assert.equal(waiting.json().sla.pauses.length, 1)
  assert.equal(waiting.json().sla.pauses[0].to, null)
  assert.equal((await job(c.id))?.status, 'cancelled', 'no reminder while paused')
  assert.equal(waiting.json().slaDueAt, null, 'paused cases are not due')
  env.clock.advanceDays(2)
  await login()
  const resumed = await doAction(env, supervisor, c.id, 'resume')
  assert.equal(resumed.statusCode, 200)
  const after = resumed.json().sla.targets[0]
  const shiftDays = (Date.parse(after.dueAt) - Date.parse(before.dueAt)) / 86_400_000
  assert.equal(shiftDays, 1, 'two days waiting from mid-morning cover one whole day: the deadline moves one day')
  assert.equal(resumed.json().sla.state, 'ok')
  assert.notEqual(resumed.json().sla.pauses[0].to, null)
  assert.equal((await job(c.id))?.status, 'pending')
  assert.equal((await job(c.id))?.runAt.toISOString(), after.warningAt)
})

test('extensions: complex needs a reason and notice; special needs the first and cases:approve', async () => {
  await login()
  const c = await fileComplaint(env, handler)
  const base = (await get(c.id)).sla.targets[0]
  const special = await post(`/api/v1/cases/${c.id}/extensions`, handler, { ruleId: 'special', reason: '需司法鉴定', noticeSentAt: env.clock.now().toISOString() })
  assert.equal(special.statusCode, 403)
  assert.equal(special.json().error.code, 'cases.approval_required')
  const noNotice = await post(`/api/v1/cases/${c.id}/extensions`, handler, { ruleId: 'complex', reason: '涉及多笔交易需调取流水' })
  assert.equal(noNotice.statusCode, 409)
  assert.equal(noNotice.json().error.code, 'cases.extension_refused')
  assert.deepEqual(noNotice.json().error.details.problems.map((p: { code: string }) => p.code), ['notice_required'])
  const noReason = await post(`/api/v1/cases/${c.id}/extensions`, handler, { ruleId: 'complex' })
  assert.equal(noReason.statusCode, 400)
  const early = await post(`/api/v1/cases/${c.id}/extensions`, supervisor, { ruleId: 'special', reason: '需司法鉴定', noticeSentAt: env.clock.now().toISOString() })
  assert.equal(early.statusCode, 409)
  assert.deepEqual(early.json().error.details.problems.map((p: { code: string }) => p.code), ['prior_extension_required'])

  const ok = await post(`/api/v1/cases/${c.id}/extensions`, handler, { ruleId: 'complex', reason: '涉及多笔交易需调取流水', noticeSentAt: env.clock.now().toISOString() })
  assert.equal(ok.statusCode, 200, ok.body)
  const t = ok.json().sla.targets[0]
  assert.equal(t.amount, 30)
  assert.ok(Date.parse(t.dueAt) - Date.parse(base.dueAt) >= 13 * 86_400_000, 'about fifteen days later (a weekend may roll either deadline)')
  assert.equal((await job(c.id))?.runAt.toISOString(), t.warningAt, 'the reminder follows the new deadline')
  const twice = await post(`/api/v1/cases/${c.id}/extensions`, handler, { ruleId: 'complex', reason: '再次', noticeSentAt: env.clock.now().toISOString() })
  assert.equal(twice.statusCode, 409)
  assert.deepEqual(twice.json().error.details.problems.map((p: { code: string }) => p.code), ['already_granted'])
  const approved = await post(`/api/v1/cases/${c.id}/extensions`, supervisor, { ruleId: 'special', reason: '需司法鉴定', noticeSentAt: env.clock.now().toISOString() })
  assert.equal(approved.statusCode, 200, approved.body)
  assert.equal(approved.json().sla.targets[0].amount, 60)
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'case.extended', 'case.extended'])

  const shop = await fileComplaint(env, handler, { productLine: 'goods', subject: { type: 'merchant', ref: 'M-X', name: '店' } })
  const none = await post(`/api/v1/cases/${shop.id}/extensions`, handler, { ruleId: 'complex', reason: 'x', noticeSentAt: env.clock.now().toISOString() })
  assert.equal(none.statusCode, 409)
  assert.equal(none.json().error.code, 'cases.extension_refused')
})

test('an extension after the deadline is refused', async () => {
  await login()
  const c = await fileComplaint(env, handler)
  env.clock.advanceDays(20)
  await login()
  const late = await post(`/api/v1/cases/${c.id}/extensions`, handler, { ruleId: 'complex', reason: '迟到的延期', noticeSentAt: env.clock.now().toISOString() })
  assert.equal(late.statusCode, 409)
  assert.deepEqual(late.json().error.details.problems.map((p: { code: string }) => p.code), ['after_due'])
})

test('lists: filters, sorts and cursor paging; masked names', async () => {
  await login()
  const made: string[] = []
  const kinds = [
    { priority: 'low', channel: 'web' },
    { priority: 'urgent', channel: 'hotline' },
    { priority: 'high', channel: 'app' },
    { priority: 'normal', channel: 'email' },
    { priority: 'urgent', channel: 'app' },
  ]
  for (const [i, k] of kinds.entries()) {
    env.clock.advance(60_000)
    made.push((await fileComplaint(env, handler, { ...k, category: 'list-test', subject: { type: 'merchant', ref: `L-${i}`, name: `列表测试店${i}` }, complainants: [{ name: '欧阳娜娜', phone: `1880000000${i}` }] })).id)
  }
  const q = async (qs: string) => {
    const r = await env.app.inject({ method: 'GET', url: `/api/v1/cases?category=list-test&${qs}`, headers: handler })
    assert.equal(r.statusCode, 200, r.body)
    return r.json() as { items: { id: string; priority: string; complainantName: string; channel: string }[]; nextCursor: string | null }
  }
  assert.deepEqual((await q('')).items.map((i) => i.id), [...made].reverse(), 'newest first by default')
  assert.deepEqual((await q('sort=-received')).items.map((i) => i.id), made)
  assert.deepEqual((await q('sort=priority')).items.map((i) => i.priority), ['urgent', 'urgent', 'high', 'normal', 'low'])
  assert.deepEqual((await q('channel=app')).items.map((i) => i.id), [made[4], made[2]])
  assert.deepEqual((await q('priority=urgent&channel=hotline')).items.map((i) => i.id), [made[1]])
  assert.equal((await q('q=' + encodeURIComponent('列表测试店3'))).items[0]?.id, made[3])
  assert.equal((await q('')).items[0]?.complainantName, '欧***')

  for (const sort of ['received', '-received', 'priority', 'due']) {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = await q(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    assert.deepEqual([...seen].sort(), [...made].sort(), `sort ${sort} pages through every case once`)
  }
  const badCursor = await env.app.inject({ method: 'GET', url: '/api/v1/cases?cursor=garbage', headers: handler })
  assert.equal(badCursor.statusCode, 400)
  assert.equal(badCursor.json().error.code, 'cases.invalid_cursor')
  const badFilter = await env.app.inject({ method: 'GET', url: '/api/v1/cases?status=lost', headers: handler })
  assert.equal(badFilter.statusCode, 400)
  const big = await env.app.inject({ method: 'GET', url: '/api/v1/cases?limit=500', headers: handler })
  assert.equal(big.statusCode, 400)

  await doAction(env, supervisor, made[0]!, 'triage')
  assert.deepEqual((await q('status=triaged')).items.map((i) => i.id), [made[0]])
  const dueSoon = await env.app.inject({ method: 'GET', url: '/api/v1/cases?sla=due_soon&category=list-test', headers: handler })
  assert.equal(dueSoon.json().items.length, 0, 'nothing due within 24 h yet')
})
