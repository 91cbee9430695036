import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint } from '../support/cases.ts'
import { caseJobHandlers } from '../../src/modules/cases/index.ts'
import { runDueJobs } from '../../src/platform/jobs.ts'

// The guard is on by default (TIANPING_WEBHOOK_ALLOW_PRIVATE unset): subscribers cannot aim tianping at its own network.
let env: TestEnv
let open: TestEnv
let admin: LoginHeaders
let server: Server
let port = 0
let hits = 0
before(async () => {
  env = await testEnv()
  open = await testEnv({ webhookAllowPrivate: true })
  admin = await env.login('admin')
  server = createServer((req, res) => {
    hits++
    req.resume()
    req.on('end', () => res.end('ok'))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const a = server.address()
  port = typeof a === 'object' && a ? a.port : 0
})
after(async () => {
  await new Promise<void>((r) => server.close(() => r()))
  await env.close()
  await open.close()
})

const subscribe = (e: TestEnv, headers: LoginHeaders, url: string) =>
  e.app.inject({ method: 'POST', url: '/api/v1/webhooks', headers, payload: { url, events: ['case.created'] } })

test('literal loopback, private, link-local, unique-local and metadata addresses are refused at subscription', async () => {
  const refused = [
    'http://127.0.0.1:8080/h', 'http://127.1/h', 'http://2130706433/h', 'http://10.0.0.5/h', 'http://172.16.3.4/h', 'http://172.31.255.255/h',
    'http://192.168.1.10/h', 'http://169.254.169.254/latest/meta-data/', 'http://0.0.0.0/h', 'http://[::1]/h', 'http://[fe80::1]/h',
    'http://[fd00::1]/h', 'http://[::ffff:127.0.0.1]/h', 'http://metadata.google.internal/computeMetadata/v1/', 'http://100.100.100.200/h',
  ]
  for (const url of refused) {
    const r = await subscribe(env, admin, url)
    assert.equal(r.statusCode, 400, `${url}: ${r.body}`)
    assert.equal(r.json().error.code, 'cases.webhook_url_forbidden', url)
  }
  assert.equal((await subscribe(env, admin, 'ftp://example.com/h')).statusCode, 400)
  for (const url of ['https://hooks.example.com/t', 'http://172.32.0.1/h', 'http://8.8.8.8/h']) {
    assert.equal((await subscribe(env, admin, url)).statusCode, 201, url)
  }
})

test('a hostname resolving to a loopback address is refused at delivery, and the refusal is in the delivery log', async () => {
  const sub = await subscribe(env, admin, `http://localhost:${port}/hooks`)
  assert.equal(sub.statusCode, 201, sub.body)
  const id = sub.json().subscription.id
  await fileComplaint(env, admin)
  await runDueJobs(env.services, caseJobHandlers)
  assert.equal(hits, 0, 'nothing reached the local server')
  const log = (await env.app.inject({ method: 'GET', url: `/api/v1/webhooks/${id}/deliveries`, headers: admin })).json()
  const mine = log.items.filter((d: { eventType: string }) => d.eventType === 'case.created')
  assert.equal(mine.length, 1)
  assert.equal(mine[0].status, 'failed')
  assert.match(mine[0].lastError, /^refused: localhost resolves to .*127\.0\.0\.1|::1/)
  assert.equal(mine[0].lastStatusCode, null)
  await env.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${id}`, headers: admin })
})

test('TIANPING_WEBHOOK_ALLOW_PRIVATE=true lets tests and on-prem receivers use private addresses', async () => {
  const openAdmin = await open.login('admin')
  for (const host of ['127.0.0.1', 'localhost']) {
    const sub = await subscribe(open, openAdmin, `http://${host}:${port}/hooks`)
    assert.equal(sub.statusCode, 201, sub.body)
    const before = hits
    await fileComplaint(open, openAdmin)
    const r = await runDueJobs(open.services, caseJobHandlers)
    assert.equal(r.failed, 0)
    assert.ok(hits > before, `${host} delivered`)
    await open.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${sub.json().subscription.id}`, headers: openAdmin })
  }
})
