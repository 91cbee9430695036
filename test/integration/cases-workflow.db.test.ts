import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders, type TestUser } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'
import { transitionTable, allowedActions, type CaseStatus, type CaseAction } from '../../src/modules/cases/core/transitions.ts'
import { caseActions, caseStatuses } from '../../src/modules/cases/index.ts'

let env: TestEnv
let supervisor: LoginHeaders
let handlerUser: TestUser
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  supervisor = await env.login('supervisor')
  handlerUser = await env.createUser(['handler'], { username: 'li.na' })
  handler = await env.login(handlerUser)
  original = (await fileComplaint(env, supervisor)).id
})
after(() => env.close())

const post = (url: string, headers: Record<string, string>, payload: unknown = {}) => env.app.inject({ method: 'POST', url, headers, payload: payload as object })
const bankSteps = ['listen_record', 'verify_facts', 'explain_policy', 'propose', 'confirm_with_complainant', 'follow_up', 'root_cause']

const pathTo: Record<CaseStatus, CaseAction[]> = {
  new: [],
  triaged: ['triage'],
  assigned: ['triage', 'assign'],
  investigating: ['triage', 'assign', 'start'],
  waiting: ['triage', 'assign', 'start', 'wait'],
  proposed: ['triage', 'assign', 'start', 'propose'],
  resolved: ['triage', 'assign', 'start', 'propose', 'resolve'],
  closed: ['triage', 'assign', 'start', 'propose', 'resolve', 'close'],
  reopened: ['triage', 'assign', 'start', 'propose', 'resolve', 'close', 'reopen'],
  escalated: ['escalate'],
  withdrawn: ['withdraw'],
  on_hold: ['triage', 'assign', 'start', 'hold'],
}
// Satisfies every action's own rule, so only the state machine decides.
let original = '' // the case close_duplicate points at
const everything = () => ({ outcome: 'upheld', body: 'mediation', reference: 'MED-1', reason: '复议', assigneeId: handlerUser.id, waitingOn: 'complainant', duplicateOf: original })

async function caseAt(status: CaseStatus, over: Record<string, unknown> = {}): Promise<string> {
  const c = await fileComplaint(env, supervisor, over)
  for (const step of bankSteps) {
    const r = await post(`/api/v1/cases/${c.id}/steps/${step}`, supervisor)
    assert.equal(r.statusCode, 200, r.body)
  }
  for (const action of pathTo[status]) {
    const r = await doAction(env, supervisor, c.id, action, everything())
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`)
  }
  return c.id
}

test('every action from every status: allowed ones move as the table says, the rest are 409 listing the allowed', async () => {
  assert.deepEqual(Object.keys(pathTo).sort(), [...caseStatuses].sort())
  for (const status of caseStatuses) {
    const denied = await caseAt(status)
    const auditBefore = await env.auditActions(denied)
    for (const action of caseActions) {
      const to = transitionTable[status][action]
      if (to === undefined) {
        const r = await doAction(env, supervisor, denied, action, everything())
        assert.equal(r.statusCode, 409, `${action} from ${status}`)
        const e = r.json().error
        assert.equal(e.code, 'cases.invalid_transition')
        assert.deepEqual(e.details.allowed, allowedActions(status))
        assert.equal(e.details.status, status)
      } else {
        const id = await caseAt(status)
        const r = await doAction(env, supervisor, id, action, everything())
        assert.equal(r.statusCode, 200, `${action} from ${status}: ${r.body}`)
        assert.equal(r.json().status, to, `${action} from ${status}`)
        assert.deepEqual(r.json().allowedActions, allowedActions(to))
      }
    }
    assert.deepEqual(await env.auditActions(denied), auditBefore, `refusals from ${status} write no audit rows`)
  }
})

test('a full handling run writes one audit row per step, in order, and a timeline', async () => {
  const c = await fileComplaint(env, supervisor)
  const steps: [CaseAction, Record<string, unknown>][] = [
    ['triage', { category: '信用卡/年费', priority: 'high' }],
    ['assign', { assigneeId: handlerUser.id }],
    ['start', {}],
    ['wait', { waitingOn: 'complainant', note: '请补充扣费短信截图' }],
    ['resume', {}],
    ['propose', { note: '退还年费 300 元' }],
  ]
  // The supervisor triages and assigns; from then on the case is the handler's (scope: assigned to them).
  for (const [a, body] of steps) assert.equal((await doAction(env, a === 'triage' || a === 'assign' ? supervisor : handler, c.id, a, body)).statusCode, 200, a)
  const early = await doAction(env, handler, c.id, 'resolve', { outcome: 'upheld' })
  assert.equal(early.statusCode, 409)
  assert.equal(early.json().error.code, 'cases.playbook_incomplete')
  assert.deepEqual(early.json().error.details.missing, ['listen_record', 'verify_facts', 'explain_policy', 'propose', 'confirm_with_complainant'])
  for (const s of bankSteps.slice(0, 5)) assert.equal((await post(`/api/v1/cases/${c.id}/steps/${s}`, handler)).statusCode, 200)
  const noOutcome = await doAction(env, handler, c.id, 'resolve', {})
  assert.equal(noOutcome.statusCode, 400)
  assert.equal(noOutcome.json().error.code, 'cases.outcome_required')
  const resolved = await doAction(env, handler, c.id, 'resolve', { outcome: 'upheld' })
  assert.equal(resolved.statusCode, 200)
  assert.equal(resolved.json().outcome, 'upheld')
  assert.equal(resolved.json().sla.state, 'met')
  const close = await doAction(env, handler, c.id, 'close')
  assert.equal(close.statusCode, 409)
  assert.equal(close.json().error.code, 'cases.playbook_incomplete')
  assert.deepEqual(close.json().error.details.missing, ['follow_up', 'root_cause'])
  assert.match(close.json().error.message, /follow_up, root_cause/)
  for (const s of ['follow_up', 'root_cause']) await post(`/api/v1/cases/${c.id}/steps/${s}`, handler)
  assert.equal((await doAction(env, handler, c.id, 'close')).json().status, 'closed')
  const reopenNoReason = await doAction(env, supervisor, c.id, 'reopen')
  assert.equal(reopenNoReason.json().error.code, 'cases.reason_required')
  assert.deepEqual(await env.auditActions(c.id), [
    'case.received', 'case.triaged', 'case.assigned', 'case.started', 'case.waiting', 'case.resumed', 'case.proposed',
    'case.step_completed', 'case.step_completed', 'case.step_completed', 'case.step_completed', 'case.step_completed',
    'case.resolved', 'case.step_completed', 'case.step_completed', 'case.closed',
  ])
  const tl = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline?limit=200`, headers: handler })).json()
  const types = tl.items.map((e: { type: string }) => e.type)
  assert.equal(types[0], 'received')
  assert.equal(types.filter((t: string) => t === 'status_changed').length, 8)
  const waitEvent = tl.items.find((e: { body: { action?: string } }) => e.body.action === 'wait')
  assert.equal(waitEvent.body.note, '请补充扣费短信截图')
})

test('unknown playbook steps are 400 listing the steps', async () => {
  const c = await fileComplaint(env, handler)
  const r = await post(`/api/v1/cases/${c.id}/steps/dance`, handler)
  assert.equal(r.statusCode, 400)
  assert.equal(r.json().error.code, 'cases.unknown_step')
  assert.ok(r.json().error.details.steps.includes('verify_facts'))
})

test('escalation records the body and reference; it needs a body', async () => {
  const c = await fileComplaint(env, handler)
  const none = await doAction(env, handler, c.id, 'escalate')
  assert.equal(none.statusCode, 400)
  assert.equal(none.json().error.code, 'cases.escalation_body_required')
  const wrong = await doAction(env, handler, c.id, 'escalate', { body: 'newspaper' })
  assert.equal(wrong.statusCode, 400)
  const ok = await doAction(env, handler, c.id, 'escalate', { body: 'regulator', reference: '浙银保监转 2026-17' })
  assert.equal(ok.statusCode, 200)
  assert.equal(ok.json().escalation.body, 'regulator')
  assert.equal(ok.json().escalation.reference, '浙银保监转 2026-17')
  const row = await env.database.db.selectFrom('auditLog').select('data').where('targetId', '=', c.id).where('action', '=', 'case.escalated').executeTakeFirstOrThrow()
  assert.equal((row.data as { body: string }).body, 'regulator')
})

test('assignment: handlers may take a case themselves but need cases:assign to assign others', async () => {
  const c = await fileComplaint(env, handler)
  await doAction(env, handler, c.id, 'triage')
  const other = await env.createUser(['handler'])
  const r = await doAction(env, handler, c.id, 'assign', { assigneeId: other.id })
  assert.equal(r.statusCode, 403)
  assert.equal(r.json().error.code, 'cases.forbidden')
  const self = await doAction(env, handler, c.id, 'assign', { assigneeId: handlerUser.id })
  assert.equal(self.statusCode, 200)
  assert.equal(self.json().assigneeId, handlerUser.id)
  assert.equal(self.json().assigneeName, 'li.na')
  const listed = (await env.app.inject({ method: 'GET', url: `/api/v1/cases?q=${c.number}`, headers: handler })).json()
  assert.equal(listed.items[0].assigneeName, 'li.na')
  const reviewer = await env.createUser(['reviewer'])
  const c2 = await fileComplaint(env, handler)
  await doAction(env, handler, c2.id, 'triage')
  const notEligible = await doAction(env, supervisor, c2.id, 'assign', { assigneeId: reviewer.id })
  assert.equal(notEligible.statusCode, 409)
  assert.equal(notEligible.json().error.code, 'cases.assignee_not_eligible')
})

test('recusal (回避): a handler with a declared interest is refused with the reason; auto-assign skips them', async () => {
  const wang = await env.createUser(['handler'], { username: 'wang.recuse' })
  const declared = await post('/api/v1/handler-interests', supervisor, { userId: wang.id, subjectRef: 'BR-0571-01', reason: '配偶在该支行任职' })
  assert.equal(declared.statusCode, 201, declared.body)
  const byPhone = await post('/api/v1/handler-interests', supervisor, { userId: handlerUser.id, phone: '13812345678', reason: '投诉人是其表兄' })
  assert.equal(byPhone.statusCode, 201)
  const both = await post('/api/v1/handler-interests', supervisor, { userId: wang.id, subjectRef: 'x', phone: '1380000', reason: 'r' })
  assert.equal(both.statusCode, 400)
  assert.equal((await post('/api/v1/handler-interests', handler, { userId: wang.id, subjectRef: 'x', reason: 'r' })).statusCode, 403)

  const c = await fileComplaint(env, supervisor) // subject BR-0571-01, complainant phone 13812345678
  await doAction(env, supervisor, c.id, 'triage')
  const refused = await doAction(env, supervisor, c.id, 'assign', { assigneeId: wang.id })
  assert.equal(refused.statusCode, 409)
  assert.equal(refused.json().error.code, 'cases.recusal_required')
  assert.match(refused.json().error.message, /配偶在该支行任职/)
  assert.match(refused.json().error.message, /杭州西湖支行/)
  const refused2 = await doAction(env, supervisor, c.id, 'assign', { assigneeId: handlerUser.id })
  assert.equal(refused2.json().error.code, 'cases.recusal_required')
  assert.match(refused2.json().error.message, /a party to the case: 投诉人是其表兄/)
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'case.triaged'])

  const auto = await doAction(env, supervisor, c.id, 'assign')
  assert.equal(auto.statusCode, 200, auto.body)
  assert.ok(![wang.id, handlerUser.id].includes(auto.json().assigneeId), 'auto-assign picked someone without a conflict')
})

test('auto-assign picks the least-loaded handler (ties by username)', async () => {
  const db = env.database.db
  const handlers = await db.selectFrom('appUser').select(['id', 'username']).where((eb) => eb(eb.val('handler'), '=', eb.fn.any('roles'))).orderBy('username').execute()
  assert.ok(handlers.length >= 3)
  for (let i = 0; i < 4; i++) {
    const rows = await db.selectFrom('case').select((eb) => ['assigneeId', eb.fn.countAll<number>().as('n')]).where('assigneeId', 'is not', null).where('status', 'not in', ['resolved', 'closed', 'withdrawn']).groupBy('assigneeId').execute()
    const load = (id: string) => Number(rows.find((r) => r.assigneeId === id)?.n ?? 0)
    const c = await fileComplaint(env, supervisor, { subject: { type: 'branch', ref: `BR-AUTO-${i}`, name: '自动分派支行' }, complainants: [{ name: '某人', phone: `1590000000${i}` }] })
    await doAction(env, supervisor, c.id, 'triage')
    const r = await doAction(env, supervisor, c.id, 'assign')
    assert.equal(r.statusCode, 200)
    const expected = [...handlers].sort((a, b) => load(a.id) - load(b.id) || a.username.localeCompare(b.username))[0]!
    assert.equal(r.json().assigneeId, expected.id, `round ${i}: ${expected.username} had the least load`)
  }
})

test('notes are internal, messages external; the first message stops the first-response clock', async () => {
  const c = await fileComplaint(env, handler, { productLine: 'goods', subject: { type: 'merchant', ref: 'M-9', name: '某店' } })
  const note = await post(`/api/v1/cases/${c.id}/notes`, handler, { visibility: 'internal', text: '商家称已发货' })
  assert.equal(note.statusCode, 201)
  assert.equal(note.json().type, 'note')
  env.clock.advance(3_600_000)
  const msg = await post(`/api/v1/cases/${c.id}/notes`, handler, { visibility: 'external', text: '您好，我们已收到您的投诉。' })
  assert.equal(msg.statusCode, 201)
  assert.equal(msg.json().visibility, 'external')
  const view = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: handler })).json()
  const first = view.sla.targets.find((t: { key: string }) => t.key === 'first_response')
  assert.equal(first.state, 'met')
  assert.equal(first.completedAt, env.clock.now().toISOString())
  const ext = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline?visibility=external`, headers: handler })).json()
  assert.deepEqual(ext.items.map((e: { type: string }) => e.type), ['received', 'message'])
  const paged = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline?limit=1`, headers: handler })).json()
  assert.equal(paged.items.length, 1)
  assert.ok(paged.nextCursor)
  assert.deepEqual(await env.auditActions(c.id), ['case.received', 'case.note_added', 'case.message_sent'])
  const bad = await post(`/api/v1/cases/${c.id}/notes`, handler, { visibility: 'public', text: 'x' })
  assert.equal(bad.statusCode, 400)
})

test('message templates: defaults, rendering with the case’s fields, unknown placeholders refused', async () => {
  const list = (await env.app.inject({ method: 'GET', url: '/api/v1/message-templates', headers: handler })).json()
  assert.ok(list.items.some((t: { id: string }) => t.id === 'acknowledge'))
  const c = await fileComplaint(env, handler)
  const r = await post(`/api/v1/cases/${c.id}/notes`, handler, { visibility: 'external', templateId: 'acknowledge' })
  assert.equal(r.statusCode, 201, r.body)
  assert.equal(r.json().body.text, `您好，您的投诉（编号 ${c.number}）已于 2026-03-02 受理，我们将在 2026-03-17 前给予答复。`)
  assert.equal((await post(`/api/v1/cases/${c.id}/notes`, handler, { visibility: 'external', templateId: 'nope' })).json().error.code, 'cases.template_not_found')
  assert.equal((await post(`/api/v1/cases/${c.id}/notes`, handler, { visibility: 'external', text: 'x', templateId: 'acknowledge' })).statusCode, 400)
  const admin = await env.login('admin')
  const bad = await env.app.inject({ method: 'PUT', url: '/api/v1/message-templates', headers: admin, payload: { items: [{ id: 'x', name: 'x', text: '{{password}}' }] } })
  assert.equal(bad.json().error.code, 'cases.template_placeholder_unknown')
  const put = await env.app.inject({ method: 'PUT', url: '/api/v1/message-templates', headers: admin, payload: { items: [{ id: 'hello', name: '问候', text: '{{complainantName}}您好，关于{{subject}}' }] } })
  assert.equal(put.statusCode, 200, put.body)
  const hello = await post(`/api/v1/cases/${c.id}/notes`, handler, { visibility: 'external', templateId: 'hello' })
  assert.equal(hello.json().body.text, '张**您好，关于杭州西湖支行')
})

// A complainant and subject li.na has declared no interest in (the recusal test above declares some).
const unrelated = { subject: { type: 'branch', ref: 'BR-0571-09', name: '杭州湖滨支行' }, complainants: [{ name: '王五', phone: '13900001111' }] }

test('hold (挂起) needs a reason, keeps the clock running, and unhold returns to investigating', async () => {
  const c = await fileComplaint(env, supervisor, unrelated)
  for (const a of ['triage', 'assign', 'start'] as const) await doAction(env, supervisor, c.id, a, a === 'assign' ? { assigneeId: handlerUser.id } : {})
  const noReason = await doAction(env, handler, c.id, 'hold')
  assert.equal(noReason.statusCode, 400)
  assert.equal(noReason.json().error.code, 'cases.reason_required')
  const past = await doAction(env, handler, c.id, 'hold', { reason: '等待法院判决', until: '2020-01-01T00:00:00Z' })
  assert.equal(past.json().error.code, 'cases.hold_until_past')
  const until = new Date(env.clock.now().getTime() + 20 * 86_400_000).toISOString()
  const held = await doAction(env, handler, c.id, 'hold', { reason: '等待法院判决', until })
  assert.equal(held.statusCode, 200, held.body)
  assert.equal(held.json().status, 'on_hold')
  assert.deepEqual(held.json().allowedActions, ['reassign', 'escalate', 'withdraw', 'unhold', 'close_duplicate'])
  assert.equal(held.json().sla.state, 'ok', 'a hold is no pause: the statutory clock keeps running')
  assert.deepEqual(held.json().sla.pauses, [])
  assert.deepEqual(held.json().hold, { reason: '等待法院判决', since: env.clock.now().toISOString(), until, heldFrom: 'investigating', byName: held.json().hold.byName })
  assert.ok(held.json().hold.byName, 'the hold names who placed it')
  const twice = await doAction(env, handler, c.id, 'hold', { reason: 'again' })
  assert.equal(twice.statusCode, 409)
  assert.equal(twice.json().error.code, 'cases.invalid_transition')
  assert.deepEqual(twice.json().error.details.allowed, ['reassign', 'escalate', 'withdraw', 'unhold', 'close_duplicate'])
  const back = await doAction(env, handler, c.id, 'unhold', { note: '判决已出' })
  assert.equal(back.statusCode, 200)
  assert.equal(back.json().status, 'investigating')
  assert.equal(back.json().hold, null, 'unhold ends the hold')
  const rows = await env.database.db.selectFrom('auditLog').select(['action', 'data']).where('targetId', '=', c.id).where('action', 'in', ['case.held', 'case.unheld']).orderBy('seq').execute()
  assert.deepEqual(rows.map((r) => r.action), ['case.held', 'case.unheld'])
  assert.deepEqual(rows[0]!.data, { from: 'investigating', to: 'on_hold', heldFrom: 'investigating', until, reason: '等待法院判决' })
  assert.deepEqual(rows[1]!.data, { from: 'on_hold', to: 'investigating', note: '判决已出' })
  const tl = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline?limit=200`, headers: handler })).json()
  assert.ok(tl.items.some((e: { body: { action?: string; until?: string } }) => e.body.action === 'hold' && e.body.until === until))
  const resolved = await caseAt('resolved', unrelated)
  const refused = await doAction(env, supervisor, resolved, 'hold', { reason: 'x' })
  assert.equal(refused.statusCode, 409)
  assert.deepEqual(refused.json().error.details.allowed, ['close', 'reopen', 'escalate', 'appeal'])
})

// Last in the file: it moves the clock a month on.
test('appeal (复议) on a resolved or closed case records the grounds within the window; after it, 409', async () => {
  const resolved = await caseAt('resolved', unrelated)
  const noGrounds = await doAction(env, supervisor, resolved, 'appeal')
  assert.equal(noGrounds.statusCode, 400)
  assert.equal(noGrounds.json().error.code, 'cases.grounds_required')
  const early = await doAction(env, supervisor, await caseAt('investigating', unrelated), 'appeal', { reason: 'x' })
  assert.equal(early.statusCode, 409)
  assert.equal(early.json().error.code, 'cases.invalid_transition')
  const r = await doAction(env, supervisor, resolved, 'appeal', { reason: '赔偿金额计算有误，申请复议' })
  assert.equal(r.statusCode, 200, r.body)
  assert.equal(r.json().status, 'reopened')
  assert.equal(r.json().outcome, null)
  const row = await env.database.db.selectFrom('auditLog').select('data').where('targetId', '=', resolved).where('action', '=', 'case.appealed').executeTakeFirstOrThrow()
  const data = row.data as { from: string; to: string; grounds: string; windowDays: number; appealOf: { outcome: string } }
  assert.equal(data.from, 'resolved')
  assert.equal(data.to, 'reopened')
  assert.equal(data.grounds, '赔偿金额计算有误，申请复议')
  assert.equal(data.windowDays, 30)
  assert.equal(data.appealOf.outcome, 'upheld')
  const ext = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${resolved}/timeline?visibility=external`, headers: handler })).json()
  assert.ok(ext.items.some((e: { type: string }) => e.type === 'appeal_received'), 'the complainant sees the appeal on the timeline')

  const closed = await caseAt('closed', unrelated)
  const late = await caseAt('closed', unrelated)
  env.clock.advance(31 * 86_400_000)
  const supervisorLater = await env.login('supervisor') // the earlier session has expired
  const tooLate = await doAction(env, supervisorLater, late, 'appeal', { reason: '逾期复议' })
  assert.equal(tooLate.statusCode, 409)
  assert.equal(tooLate.json().error.code, 'cases.appeal_window_closed')
  assert.equal(tooLate.json().error.details.windowDays, 30)
  const db = env.database.db
  await db.insertInto('setting').values({ key: 'cases.appeal_window_days', value: JSON.stringify(60), updatedAt: env.clock.now(), updatedBy: null }).execute()
  try {
    const ok = await doAction(env, supervisorLater, closed, 'appeal', { reason: '新证据' })
    assert.equal(ok.statusCode, 200, ok.body)
    assert.equal(ok.json().status, 'reopened')
  } finally {
    await db.deleteFrom('setting').where('key', '=', 'cases.appeal_window_days').execute()
  }
  const audits = await env.auditActions(late)
  assert.ok(!audits.includes('case.appealed'), 'a refused appeal writes no audit row')
})

test('close as duplicate (作为重复件关闭): linked both ways, outcome duplicate, no playbook, clock stopped; bad targets refused', async () => {
  supervisor = await env.login('supervisor') // earlier tests move the clock past the session's life
  const first = await fileComplaint(env, supervisor, unrelated)
  const again = await fileComplaint(env, supervisor, unrelated)
  const missing = await doAction(env, supervisor, again.id, 'close_duplicate')
  assert.equal(missing.statusCode, 400)
  assert.equal(missing.json().error.code, 'cases.duplicate_of_required')
  const self = await doAction(env, supervisor, again.id, 'close_duplicate', { duplicateOf: again.id })
  assert.equal(self.json().error.code, 'cases.duplicate_of_self')
  const unknown = await doAction(env, supervisor, again.id, 'close_duplicate', { duplicateOf: '01a23281-0000-7000-8000-000000000000' })
  assert.equal(unknown.statusCode, 404)

  const closed = await doAction(env, supervisor, again.id, 'close_duplicate', { duplicateOf: first.id, note: '同一投诉人重复提交' })
  assert.equal(closed.statusCode, 200, closed.body)
  assert.equal(closed.json().status, 'closed')
  assert.equal(closed.json().outcome, 'duplicate')
  assert.equal(closed.json().duplicateOf, first.id)
  assert.ok(closed.json().linkedCaseIds.includes(first.id))
  assert.equal(closed.json().playbook.steps.some((s: { done: boolean }) => s.done), false, 'closed without any playbook step')
  assert.ok(closed.json().sla.targets.every((t: { completedAt: string | null }) => t.completedAt !== null), 'the clock stops')
  const orig = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${first.id}`, headers: supervisor })).json()
  assert.ok(orig.linkedCaseIds.includes(again.id))
  assert.equal(orig.status, 'new', 'the original is untouched and carries the handling')
  assert.deepEqual(await env.auditActions(again.id), ['case.received', 'case.closed_duplicate'])

  const third = await fileComplaint(env, supervisor, unrelated)
  const chained = await doAction(env, supervisor, third.id, 'close_duplicate', { duplicateOf: again.id })
  assert.equal(chained.statusCode, 409)
  assert.equal(chained.json().error.code, 'cases.duplicate_of_duplicate')
  const proposed = await caseAt('proposed', unrelated)
  const late = await doAction(env, supervisor, proposed, 'close_duplicate', { duplicateOf: first.id })
  assert.equal(late.statusCode, 409, 'once a proposal exists the case is handled on its merits')
})
