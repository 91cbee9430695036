import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'

let env: TestEnv
let handler: LoginHeaders
let supervisor: LoginHeaders
before(async () => {
  env = await testEnv()
  handler = await env.login('handler')
  supervisor = await env.login('supervisor')
})
after(() => env.close())

const dashboard = async (headers: Record<string, string>, query = '') => env.app.inject({ method: 'GET', url: `/api/v1/cases/dashboard${query}`, headers })

test('an empty dashboard has zero counts, no rate and a trend of zeros for each day', async () => {
  const res = await dashboard(handler, '?days=7')
  assert.equal(res.statusCode, 200, res.body)
  const d = res.json()
  assert.deepEqual([d.open, d.dueToday, d.breached, d.warning, d.paused], [0, 0, 0, 0, 0])
  assert.equal(d.compliance.rate, null)
  assert.equal(d.trend.length, 7)
  // FakeClock starts 2026-03-02T02:00Z = 10:00 in Shanghai: the window ends on 03-02
  assert.equal(d.trend.at(-1).date, '2026-03-02')
  assert.equal(d.trend[0].date, '2026-02-24')
  assert.ok(d.trend.every((p: { received: number }) => p.received === 0))
})

test('counts open, breached and due-today cases, and the on-time rate of resolved ones, by queue and assignee', async () => {
  // A banking complaint has 15 calendar days: filed now, one is later resolved on time.
  const onTime = await fileComplaint(env, handler)
  const late = await fileComplaint(env, handler, { subject: { type: 'branch', ref: 'BR-2', name: '滨江支行' } })
  const fresh = await fileComplaint(env, handler, { subject: { type: 'branch', ref: 'BR-3', name: '上城支行' } })

  const walk = async (id: string) => {
    for (const [a, body] of [['triage', {}], ['assign', {}], ['start', {}], ['propose', {}]] as const) {
      const r = await doAction(env, supervisor, id, a, body)
      assert.equal(r.statusCode, 200, `${a}: ${r.body}`)
    }
  }
  await walk(onTime.id)
  await walk(late.id)
  // Complete the playbook's resolve-gated steps so resolve is allowed.
  const detail = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${onTime.id}`, headers: supervisor })).json()
  for (const s of detail.playbook.steps.filter((x: { requiredBefore: string; optional: boolean }) => x.requiredBefore === 'resolve' && !x.optional)) {
    for (const id of [onTime.id, late.id]) {
      const r = await env.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/steps/${s.id}`, headers: supervisor, payload: {} })
      assert.equal(r.statusCode, 200, r.body)
    }
  }
  const ok = await doAction(env, supervisor, onTime.id, 'resolve', { outcome: 'upheld' })
  assert.equal(ok.statusCode, 200, ok.body)

  // 20 days on: `late` and `fresh` are past their 15-day clocks; resolving `late` now is a breach.
  env.clock.advance(20 * 86_400_000)
  // Sessions expire over 20 days: log in again.
  handler = await env.login('handler')
  supervisor = await env.login('supervisor')
  const lateResolve = await doAction(env, supervisor, late.id, 'resolve', { outcome: 'not_upheld' })
  assert.equal(lateResolve.statusCode, 200, lateResolve.body)

  const res = await dashboard(supervisor, '?days=30')
  assert.equal(res.statusCode, 200, res.body)
  const d = res.json()
  assert.equal(d.open, 1, 'only `fresh` is still open')
  assert.equal(d.breached, 1)
  assert.equal(d.dueToday, 0)
  assert.deepEqual({ done: d.compliance.done, onTime: d.compliance.onTime, rate: d.compliance.rate }, { done: 2, onTime: 1, rate: 0.5 })
  const received = d.trend.reduce((n: number, p: { received: number }) => n + p.received, 0)
  assert.equal(received, 3)
  assert.equal(d.trend.reduce((n: number, p: { resolved: number }) => n + p.resolved, 0), 2)
  const assigned = d.byAssignee.filter((g: { assigneeId: string | null }) => g.assigneeId !== null)
  assert.equal(assigned.reduce((n: number, g: { done: number }) => n + g.done, 0), 2)
  assert.ok(assigned.every((g: { assigneeName: string | null }) => typeof g.assigneeName === 'string'))
  const unassigned = d.byAssignee.find((g: { assigneeId: string | null }) => g.assigneeId === null)
  assert.deepEqual([unassigned.open, unassigned.breached], [1, 1])
  assert.ok(fresh.id)
})

test('a case due before midnight in Shanghai counts as due today', async () => {
  // e-commerce first response is 24 h: filed at 00:30 local, due 00:30 the next day; at 01:00 the next day it is breached,
  // so look at 23:00 local on the filing day instead, where the first response falls due within the hour.
  const before = (await dashboard(supervisor)).json()
  const c = await fileComplaint(env, handler, { productLine: 'goods', subject: { type: 'merchant', ref: 'M-9', name: '某旗舰店' } })
  const due = Date.parse((await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, headers: supervisor })).json().slaDueAt)
  const now = env.clock.now().getTime()
  const endOfToday = Math.floor((now + 8 * 3_600_000) / 86_400_000) * 86_400_000 - 8 * 3_600_000 + 86_400_000 - 1
  const d = (await dashboard(supervisor)).json()
  assert.equal(d.open, before.open + 1)
  assert.equal(d.dueToday - before.dueToday, due <= endOfToday ? 1 : 0)
})

test('bad input and missing permission', async () => {
  assert.equal((await dashboard(handler, '?days=0')).statusCode, 400)
  assert.equal((await dashboard(handler, '?days=91')).statusCode, 400)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/cases/dashboard' })).statusCode, 401)
  const reviewer = await env.login('reviewer')
  assert.equal((await dashboard(reviewer)).statusCode, 403)
})
