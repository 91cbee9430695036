// 挂起 with an until-date: the hold is kept on the case, and a reminder fires on the date if the case is
// still held then; an earlier unhold, or a new hold with another date, makes the old reminder a no-op.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'
import { caseJobHandlers } from '../../src/modules/cases/index.ts'
import { runDueJobs } from '../../src/platform/jobs.ts'

let env: TestEnv
let supervisor: LoginHeaders
let handlerUser: TestUser
let handler: LoginHeaders
/** Sessions expire as the test clock jumps days ahead: log in again at the new time. */
const login = async () => {
  supervisor = await env.login('supervisor')
  handler = await env.login(handlerUser)
}
before(async () => {
  env = await testEnv()
  handlerUser = await env.createUser(['handler'], { username: 'zhao.lei' })
  await login()
})
after(() => env.close())

const holdDueEvents = async (id: string) =>
  env.database.db.selectFrom('caseEvent').select(['body']).where('caseId', '=', id).where('type', '=', 'hold_due').execute()
const holdDueAudits = async (id: string) =>
  env.database.db.selectFrom('auditLog').select(['data']).where('targetId', '=', id).where('action', '=', 'case.hold_due').execute()

async function investigating(ref: string) {
  await login()
  const c = await fileComplaint(env, supervisor, { subject: { type: 'merchant', ref, name: `商户${ref}` } })
  for (const a of ['triage', 'assign', 'start'] as const) {
    const r = await doAction(env, supervisor, c.id, a, a === 'assign' ? { assigneeId: handlerUser.id } : {})
    assert.equal(r.statusCode, 200, r.body)
  }
  return c.id
}

test('the reminder fires once on the until-date while the case is still held, and leaves it held', async () => {
  const id = await investigating('M-HOLD-1')
  const until = new Date(env.clock.now().getTime() + 3 * 86_400_000).toISOString()
  const held = await doAction(env, handler, id, 'hold', { reason: '等待第三方鉴定结论', until })
  assert.equal(held.statusCode, 200, held.body)
  assert.equal(held.json().hold.until, until)

  env.clock.set(new Date(Date.parse(until) - 1000))
  await runDueJobs(env.services, caseJobHandlers)
  assert.equal((await holdDueEvents(id)).length, 0, 'not due yet')

  env.clock.set(until)
  await runDueJobs(env.services, caseJobHandlers)
  const evs = await holdDueEvents(id)
  assert.equal(evs.length, 1)
  assert.deepEqual(evs[0]!.body, { until, since: held.json().hold.since, reason: '等待第三方鉴定结论', assigneeId: handlerUser.id })
  assert.equal((await holdDueAudits(id)).length, 1)
  await runDueJobs(env.services, caseJobHandlers)
  assert.equal((await holdDueEvents(id)).length, 1, 'nothing twice')

  await login()
  const now = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: handler })
  assert.equal(now.json().status, 'on_hold', 'ending a hold is a person’s decision')
})

test('an unhold before the date, or a new hold with another date, silences the old reminder', async () => {
  const id = await investigating('M-HOLD-2')
  const first = new Date(env.clock.now().getTime() + 2 * 86_400_000).toISOString()
  assert.equal((await doAction(env, handler, id, 'hold', { reason: '等待法院判决', until: first })).statusCode, 200)
  assert.equal((await doAction(env, handler, id, 'unhold', { note: '提前出判决' })).statusCode, 200)
  const second = new Date(env.clock.now().getTime() + 5 * 86_400_000).toISOString()
  assert.equal((await doAction(env, handler, id, 'hold', { reason: '等待二审', until: second })).statusCode, 200)

  env.clock.set(new Date(Date.parse(first) + 60_000))
  await runDueJobs(env.services, caseJobHandlers)
  assert.equal((await holdDueEvents(id)).length, 0, 'the first date is no longer the hold’s')

  env.clock.set(second)
  await runDueJobs(env.services, caseJobHandlers)
  const evs = await holdDueEvents(id)
  assert.equal(evs.length, 1)
  assert.equal((evs[0]!.body as { until: string }).until, second)
})

test('withdrawing a held case clears the hold', async () => {
  const id = await investigating('M-HOLD-3')
  assert.equal((await doAction(env, handler, id, 'hold', { reason: '等待材料' })).json().hold.until, null)
  const w = await doAction(env, supervisor, id, 'withdraw', { reason: '投诉人撤回' })
  assert.equal(w.statusCode, 200, w.body)
  assert.equal(w.json().hold, null)
  const row = await env.database.db.selectFrom('case').select(['hold']).where('id', '=', id).executeTakeFirstOrThrow()
  assert.equal(row.hold, null)
})
