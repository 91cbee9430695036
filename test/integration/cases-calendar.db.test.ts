import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint } from '../support/cases.ts'
import { caseJobHandlers, slaJobKey } from '../../src/modules/cases/index.ts'
import { runDueJobs } from '../../src/platform/jobs.ts'

let env: TestEnv
let admin: LoginHeaders
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  admin = await env.login('admin')
  handler = await env.login('handler')
})
after(async () => {
  await env.app.inject({ method: 'PUT', url: '/api/v1/work-calendar', headers: admin, payload: { entries: [] } })
  await env.close()
})

test('an admin holiday on the last day rolls the deadline to the next working day; open clocks are rescheduled', async () => {
  const c = await fileComplaint(env, handler)
  const due = (c as unknown as { sla: { targets: { dueAt: string }[] } }).sla.targets[0]!.dueAt
  assert.equal(due, '2026-03-17T15:59:59.999Z')
  const put = await env.app.inject({ method: 'PUT', url: '/api/v1/work-calendar', headers: admin, payload: { entries: [{ date: '2026-03-17', kind: 'holiday', name: '地方假日' }] } })
  assert.equal(put.statusCode, 200, put.body)
  assert.equal(put.json().library.lastYear >= 2026, true)
  const view = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: handler })).json()
  assert.equal(view.sla.targets[0].dueAt, '2026-03-18T15:59:59.999Z', 'rolled to the next working day')
  const before = await env.database.db.selectFrom('job').select('runAt').where('uniqueKey', '=', slaJobKey(c.id)).executeTakeFirstOrThrow()
  const r = await runDueJobs(env.services, caseJobHandlers)
  assert.ok(r.ran >= 1)
  const afterJob = await env.database.db.selectFrom('job').select('runAt').where('uniqueKey', '=', slaJobKey(c.id)).executeTakeFirstOrThrow()
  assert.equal(afterJob.runAt.toISOString(), view.sla.targets[0].warningAt)
  assert.notEqual(afterJob.runAt.getTime(), before.runAt.getTime())
  const got = (await env.app.inject({ method: 'GET', url: '/api/v1/work-calendar', headers: handler })).json()
  assert.deepEqual(got.entries, [{ date: '2026-03-17', kind: 'holiday', name: '地方假日' }])
  assert.deepEqual((await env.auditActions()).filter((a) => a === 'work_calendar.updated'), ['work_calendar.updated'])
})

test('bad calendar entries are 400; only cases:configure may change it', async () => {
  const conflict = await env.app.inject({ method: 'PUT', url: '/api/v1/work-calendar', headers: admin, payload: { entries: [{ date: '2027-01-01', kind: 'holiday' }, { date: '2027-01-01', kind: 'workday' }] } })
  assert.equal(conflict.statusCode, 400)
  assert.equal(conflict.json().error.code, 'cases.calendar_invalid')
  const badDate = await env.app.inject({ method: 'PUT', url: '/api/v1/work-calendar', headers: admin, payload: { entries: [{ date: '2027-02-30', kind: 'holiday' }] } })
  assert.equal(badDate.statusCode, 400)
  const shape = await env.app.inject({ method: 'PUT', url: '/api/v1/work-calendar', headers: admin, payload: { entries: [{ date: '1/1/2027', kind: 'holiday' }] } })
  assert.equal(shape.statusCode, 400)
  const forbidden = await env.app.inject({ method: 'PUT', url: '/api/v1/work-calendar', headers: handler, payload: { entries: [] } })
  assert.equal(forbidden.statusCode, 403)
})

test('clock policy rules choose the preset of new cases; regulator transfers keep their deadline', async () => {
  const put = await env.app.inject({
    method: 'PUT', url: '/api/v1/sla-policy-rules', headers: admin,
    payload: { items: [{ match: { category: '理财' }, preset: 'banking_insurance_2020_working_days' }, { match: { sector: 'ecommerce', channel: 'hotline' }, preset: 'banking_insurance_2020' }] },
  })
  assert.equal(put.statusCode, 200, put.body)
  const wealth = await fileComplaint(env, handler, { category: '理财/销售误导', complainants: [{ name: '理', phone: '13500000001' }] })
  assert.equal((wealth as unknown as { sla: { policyId: string } }).sla.policyId, 'cn-banking-insurance-2020-working-days')
  const shopByPhone = await fileComplaint(env, handler, { productLine: 'goods', subject: { type: 'merchant', ref: 'M-P', name: '店' }, complainants: [{ name: '店', phone: '13500000002' }] })
  assert.equal((shopByPhone as unknown as { sla: { policyId: string } }).sla.policyId, 'cn-banking-insurance-2020')
  const card = await fileComplaint(env, handler, { complainants: [{ name: '卡', phone: '13500000003' }] })
  assert.equal((card as unknown as { sla: { policyId: string } }).sla.policyId, 'cn-banking-insurance-2020', 'no rule: the default')
  const bad = await env.app.inject({ method: 'PUT', url: '/api/v1/sla-policy-rules', headers: admin, payload: { items: [{ match: { category: 'x' }, preset: 'whenever' }] } })
  assert.equal(bad.statusCode, 400)
  const got = (await env.app.inject({ method: 'GET', url: '/api/v1/sla-policy-rules', headers: handler })).json()
  assert.equal(got.items.length, 2)
  await env.app.inject({ method: 'PUT', url: '/api/v1/sla-policy-rules', headers: admin, payload: { items: [] } })
})
