// The read-only lookups behind the 工单配置 console tabs: the clock presets a policy rule can name, the
// placeholders a message template may use, and when a webhook delivery is next retried.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint } from '../support/cases.ts'
import { caseJobHandlers } from '../../src/modules/cases/index.ts'
import { runDueJobs, backoffMs } from '../../src/platform/jobs.ts'

let env: TestEnv
let admin: LoginHeaders
let handler: LoginHeaders
let receiver: Server
let receiverUrl = ''
let respondWith = 503
before(async () => {
  env = await testEnv({ webhookAllowPrivate: true }) // the receiver below listens on 127.0.0.1
  admin = await env.login('admin')
  handler = await env.login('handler')
  receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.statusCode = respondWith
      res.end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const a = receiver.address()
  receiverUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/hooks`
})
after(async () => {
  await new Promise<void>((r) => receiver.close(() => r()))
  await env.close()
})

interface PresetView {
  preset: string
  name: string
  targets: { key: string; basis: string; amount: number | null; unit: string | null; pausable: boolean; rollForwardFromRestDay: boolean; extensions: { id: string; mode: string; amount: number; approvalRoles: string[] }[] }[]
}

test('sla presets: every preset a rule may name, with its targets, units and extensions', async () => {
  const res = await env.app.inject({ method: 'GET', url: '/api/v1/sla-policy-presets', headers: handler })
  assert.equal(res.statusCode, 200, res.body)
  const items = res.json().items as PresetView[]
  assert.deepEqual(items.map((p) => p.preset), ['banking_insurance_2020', 'banking_insurance_2020_working_days', 'ecommerce'])

  const bank = items[0]!
  assert.equal(bank.targets.length, 1)
  const decision = bank.targets[0]!
  assert.deepEqual(
    { key: decision.key, amount: decision.amount, unit: decision.unit, rollForward: decision.rollForwardFromRestDay, pausable: decision.pausable },
    { key: 'decision', amount: 15, unit: 'calendar_days', rollForward: true, pausable: true },
  )
  assert.deepEqual(decision.extensions.map((e) => [e.id, e.mode, e.amount, e.approvalRoles]), [
    ['complex', 'extend_to', 30, []],
    ['special', 'extend_by', 30, ['supervisor']],
  ])
  const working = items[1]!.targets[0]!
  assert.equal(working.unit, 'working_days')
  assert.equal(working.rollForwardFromRestDay, false)

  const shop = items[2]!
  assert.deepEqual(shop.targets.map((t) => [t.key, t.amount, t.unit, t.pausable]), [
    ['first_response', 24, 'hours', false],
    ['resolution', 7, 'calendar_days', true],
  ])

  // A preset named here is one the rules endpoint accepts.
  const put = await env.app.inject({ method: 'PUT', url: '/api/v1/sla-policy-rules', headers: admin, payload: { items: items.map((p, i) => ({ match: { category: `c${i}` }, preset: p.preset })) } })
  assert.equal(put.statusCode, 200, put.body)
  await env.app.inject({ method: 'PUT', url: '/api/v1/sla-policy-rules', headers: admin, payload: { items: [] } })

  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/sla-policy-presets' })).statusCode, 401)
})

test('template placeholders: exactly the ones setMessageTemplates accepts', async () => {
  const res = await env.app.inject({ method: 'GET', url: '/api/v1/message-templates/placeholders', headers: handler })
  assert.equal(res.statusCode, 200, res.body)
  const names = res.json().items as string[]
  assert.ok(names.includes('number') && names.includes('dueDate'), names.join(','))

  const text = names.map((n) => `{{${n}}}`).join(' ')
  const ok = await env.app.inject({ method: 'PUT', url: '/api/v1/message-templates', headers: admin, payload: { items: [{ id: 'all_fields', name: '全部字段', text }] } })
  assert.equal(ok.statusCode, 200, ok.body)
  const bad = await env.app.inject({ method: 'PUT', url: '/api/v1/message-templates', headers: admin, payload: { items: [{ id: 'x', name: 'x', text: `${text} {{password}}` }] } })
  assert.equal(bad.statusCode, 400)
  assert.deepEqual(bad.json().error.details.unknown, ['password'])

  // The lookup is read-only: no audit row for it, while the PUT above wrote one.
  const rows = await env.database.db.selectFrom('auditLog').select('action').where('action', '=', 'message_templates.updated').execute()
  assert.equal(rows.length, 1)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/message-templates/placeholders' })).statusCode, 401)
})

test('webhook schedule: a retrying delivery’s next attempt is its job’s run time; none once delivered', async () => {
  const sub = (await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin, payload: { url: receiverUrl, events: ['case.created'] } })).json().subscription
  const schedule = async () => {
    const res = await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${sub.id}/schedule`, headers: admin })
    assert.equal(res.statusCode, 200, res.body)
    return res.json().items as { deliveryId: string; nextAttemptAt: string }[]
  }
  await fileComplaint(env, handler)
  const pending = await schedule()
  assert.equal(pending.length, 1, 'queued, not yet attempted')
  assert.equal(pending[0]!.nextAttemptAt, env.clock.now().toISOString())

  respondWith = 503
  const failedAt = env.clock.now().getTime()
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).failed, 1)
  const log = (await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${sub.id}/deliveries`, headers: admin })).json().items
  assert.equal(log[0].status, 'retrying')
  const retry = await schedule()
  assert.deepEqual(retry, [{ deliveryId: log[0].id, nextAttemptAt: new Date(failedAt + backoffMs(1)).toISOString() }])

  respondWith = 200
  env.clock.advance(backoffMs(1))
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).ran, 1)
  assert.deepEqual(await schedule(), [])

  assert.equal((await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${sub.id}/schedule`, headers: handler })).statusCode, 403)
  const missing = await env.app.inject({ method: 'GET', url: '/api/v1/webhooks/0199a000-0000-7000-8000-000000000999/schedule', headers: admin })
  assert.equal(missing.statusCode, 404)
  assert.equal(missing.json().error.code, 'cases.webhook_not_found')
})

test('calendar days: built-in holidays and 调休 with admin entries over them, for a month view', async () => {
  type Day = { date: string; workday: boolean; kind: string; name: string | null; source: string }
  const days = async (from: string, to: string) => {
    const res = await env.app.inject({ method: 'GET', url: `/api/v1/work-calendar/days?from=${from}&to=${to}`, headers: handler })
    assert.equal(res.statusCode, 200, res.body)
    return new Map((res.json().items as Day[]).map((d) => [d.date, d]))
  }
  const feb = await days('2026-02-01', '2026-02-28')
  assert.equal(feb.size, 28)
  assert.deepEqual(feb.get('2026-02-17'), { date: '2026-02-17', workday: false, kind: 'holiday', name: '春节', source: 'library' }) // 初一
  assert.deepEqual(feb.get('2026-02-28'), { date: '2026-02-28', workday: true, kind: 'adjusted_workday', name: '春节', source: 'library' }) // a Saturday worked
  assert.equal(feb.get('2026-02-03')!.kind, 'workday')
  assert.equal(feb.get('2026-02-07')!.kind, 'weekend')

  const put = await env.app.inject({
    method: 'PUT', url: '/api/v1/work-calendar', headers: admin,
    payload: { entries: [{ date: '2026-02-03', kind: 'holiday', name: '地方假日' }, { date: '2027-01-04', kind: 'holiday', name: '元旦补休' }] },
  })
  assert.equal(put.statusCode, 200, put.body)
  const after = await days('2026-02-01', '2026-02-07')
  assert.deepEqual(after.get('2026-02-03'), { date: '2026-02-03', workday: false, kind: 'holiday', name: '地方假日', source: 'override' })
  const next = await days('2027-01-01', '2027-01-05')
  assert.equal(next.get('2027-01-04')!.source, 'override')
  assert.equal(next.get('2027-01-05')!.source, 'weekday_rule', 'no built-in data for 2027')

  for (const [from, to] of [['2026-03-01', '2026-02-01'], ['2026-01-01', '2027-01-02'], ['2026-02-30', '2026-03-02']]) {
    const bad = await env.app.inject({ method: 'GET', url: `/api/v1/work-calendar/days?from=${from}&to=${to}`, headers: handler })
    assert.equal(bad.statusCode, 400, `${from}..${to}`)
    assert.equal(bad.json().error.code, 'cases.calendar_range_invalid')
  }
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/work-calendar/days?from=2026-01-01', headers: handler })).statusCode, 400)
  await env.app.inject({ method: 'PUT', url: '/api/v1/work-calendar', headers: admin, payload: { entries: [] } })
})
