import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { createHmac } from 'node:crypto'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint, doAction } from '../support/cases.ts'
import { caseJobHandlers } from '../../src/modules/cases/index.ts'
import { runDueJobs, backoffMs } from '../../src/platform/jobs.ts'

let env: TestEnv
let admin: LoginHeaders
let handler: LoginHeaders
let server: Server
let url = ''
let respondWith = 200
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = []
before(async () => {
  env = await testEnv({ webhookAllowPrivate: true }) // the receiver below listens on 127.0.0.1
  admin = await env.login('admin')
  handler = await env.login('handler')
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString('utf8')))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.statusCode = respondWith
      res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const a = server.address()
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/hooks`
})
after(async () => {
  await new Promise<void>((r) => server.close(() => r()))
  await env.close()
})

test('subscribers get signed case events; failures are retried with backoff and logged', async () => {
  const sub = await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin, payload: { url, events: ['case.created', 'case.status_changed', 'case.assigned'] } })
  assert.equal(sub.statusCode, 201, sub.body)
  const { subscription, secret } = sub.json()
  assert.match(secret, /^whsec_/)
  const listed = (await env.app.inject({ method: 'GET', url: '/api/v1/webhooks', headers: admin })).json()
  assert.ok(!JSON.stringify(listed).includes(secret), 'the secret is shown once')
  assert.equal((await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: handler, payload: { url, events: ['case.created'] } })).statusCode, 403)
  assert.equal((await env.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: admin, payload: { url, events: ['case.exploded'] } })).statusCode, 400)

  const c = await fileComplaint(env, handler)
  await doAction(env, handler, c.id, 'triage')
  assert.equal(received.length, 0, 'nothing is sent inside the request')
  const r = await runDueJobs(env.services, caseJobHandlers)
  assert.equal(r.failed, 0)
  assert.equal(received.length, 2)
  const first = received.find((x) => x.headers['x-tianping-event'] === 'case.created')!
  const body = JSON.parse(first.body)
  assert.equal(body.type, 'case.created')
  assert.equal(body.data.caseId, c.id)
  const sig = String(first.headers['x-tianping-signature'])
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig)
  assert.ok(m, sig)
  assert.equal(m[2], createHmac('sha256', secret).update(`${m[1]}.${first.body}`).digest('hex'), 'HMAC-SHA256 over t.body with the secret')

  respondWith = 503
  await doAction(env, handler, c.id, 'withdraw')
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).failed, 1)
  let log = (await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${subscription.id}/deliveries`, headers: admin })).json()
  assert.equal(log.items[0].status, 'retrying')
  assert.equal(log.items[0].lastStatusCode, 503)
  assert.equal(log.items[0].attempts, 1)
  respondWith = 200
  env.clock.advance(backoffMs(1))
  assert.equal((await runDueJobs(env.services, caseJobHandlers)).ran, 1)
  log = (await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${subscription.id}/deliveries`, headers: admin })).json()
  assert.equal(log.items[0].status, 'delivered')
  assert.equal(log.items[0].attempts, 2)
  assert.deepEqual(log.items.map((d: { status: string }) => d.status), ['delivered', 'delivered', 'delivered'])

  const off = await env.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${subscription.id}`, headers: admin })
  assert.equal(off.json().active, false)
  await fileComplaint(env, handler)
  const before = received.length
  await runDueJobs(env.services, caseJobHandlers)
  assert.equal(received.length, before, 'an inactive subscription gets nothing')
  assert.deepEqual(await env.auditActions(subscription.id), ['webhook.subscribed', 'webhook.unsubscribed'])
})
