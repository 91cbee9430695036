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

const post = (url: string, headers: Record<string, string>, payload: unknown = {}) => env.app.inject({ method: 'POST', url, headers, payload: payload as object })

test('Ackerman plan helper: 65/85/95 % then a precise final figure, in fen', async () => {
  const r = await env.app.inject({ method: 'GET', url: '/api/v1/settlement/ackerman?targetFen=500000', headers: handler })
  assert.equal(r.statusCode, 200)
  assert.deepEqual(r.json().items.map((o: { amountFen: number }) => o.amountFen), [325_000, 425_000, 475_000, 484_800])
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/settlement/ackerman?targetFen=0', headers: handler })).statusCode, 400)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/settlement/ackerman?targetFen=12.5', headers: handler })).statusCode, 400)
})

test('offers within authority are proposed; above it they wait for an approver with enough authority', async () => {
  const c = await fileComplaint(env, handler)
  const small = await post(`/api/v1/cases/${c.id}/offers`, handler, { direction: 'offer', amountFen: 30_000, note: '退还年费' })
  assert.equal(small.statusCode, 201, small.body)
  assert.equal(small.json().status, 'proposed')
  assert.equal(small.json().needsApproval, false)
  const big = await post(`/api/v1/cases/${c.id}/offers`, handler, { direction: 'offer', amountFen: 300_000 })
  assert.equal(big.json().status, 'pending_approval')
  const counter = await post(`/api/v1/cases/${c.id}/offers`, handler, { direction: 'counter', amountFen: 10_000_000 })
  assert.equal(counter.json().status, 'proposed', 'a counter-offer is the complainant’s and needs no authority')
  const bad = await post(`/api/v1/cases/${c.id}/offers`, handler, { direction: 'offer', amountFen: 99.5 })
  assert.equal(bad.statusCode, 400)

  const byHandler = await post(`/api/v1/cases/${c.id}/offers/${big.json().id}/approve`, handler)
  assert.equal(byHandler.statusCode, 403, 'handlers lack cases:approve')
  const approved = await post(`/api/v1/cases/${c.id}/offers/${big.json().id}/approve`, supervisor)
  assert.equal(approved.statusCode, 200, approved.body)
  assert.equal(approved.json().status, 'approved')
  const again = await post(`/api/v1/cases/${c.id}/offers/${big.json().id}/approve`, supervisor)
  assert.equal(again.statusCode, 409)
  assert.equal(again.json().error.code, 'cases.offer_not_pending')

  const huge = await post(`/api/v1/cases/${c.id}/offers`, handler, { direction: 'offer', amountFen: 2_000_000 })
  const tooMuch = await post(`/api/v1/cases/${c.id}/offers/${huge.json().id}/approve`, supervisor)
  assert.equal(tooMuch.statusCode, 403)
  assert.equal(tooMuch.json().error.code, 'cases.authority_exceeded')
  assert.deepEqual(tooMuch.json().error.details.approverRoles, ['admin'])

  const list = await env.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/offers`, headers: handler })
  assert.equal(list.json().items.length, 4)
  assert.deepEqual(await env.auditActions(c.id), [
    'case.received', 'case.offer_recorded', 'case.offer_recorded', 'case.offer_recorded', 'case.offer_approved', 'case.offer_recorded',
  ])
  const unknown = await post(`/api/v1/cases/${c.id}/offers/${c.id}/approve`, supervisor)
  assert.equal(unknown.statusCode, 404)
  assert.equal(unknown.json().error.code, 'cases.offer_not_found')
})

test('no offers on a finished case', async () => {
  const c = await fileComplaint(env, handler)
  await doAction(env, handler, c.id, 'withdraw')
  const r = await post(`/api/v1/cases/${c.id}/offers`, handler, { direction: 'offer', amountFen: 100 })
  assert.equal(r.statusCode, 409)
  assert.equal(r.json().error.code, 'cases.case_finished')
})
