import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'

let env: TestEnv
let admin: LoginHeaders
before(async () => {
  env = await testEnv({ bodyLimitBytes: 64 * 1024 })
  admin = await env.login('admin')
})
after(() => env.close())

const newUser = (over: Record<string, unknown> = {}) => ({ username: `u${Math.random().toString(36).slice(2, 8)}`, displayName: '测试用户', roles: ['handler'], ...over })

test('admin creates a user: 201, one-time password, audit row with redacted email', async () => {
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ username: 'zhou.qi', email: 'zq@example.cn' }) })
  assert.equal(res.statusCode, 201)
  const body = res.json()
  assert.equal(body.user.username, 'zhou.qi')
  assert.equal(body.user.passwordHash, undefined, 'no password hash leaks')
  assert.match(body.initialPassword, /^[A-Za-z0-9]{16}$/)
  const rows = await env.database.db.selectFrom('auditLog').selectAll().where('targetId', '=', body.user.id).execute()
  assert.deepEqual(rows.map((r) => r.action), ['user.created'])
  assert.equal((rows[0]!.data as { after: { email: string } }).after.email, '[redacted]')
  assert.equal(rows[0]!.actorKind, 'user')
})

test('unknown fields, wrong types and missing fields are 400 naming the field; nothing written', async () => {
  const users = await env.count('appUser')
  const audits = await env.count('auditLog')
  const cases: [unknown, RegExp][] = [
    [newUser({ extra: 1 }), /extra/],
    [newUser({ roles: 'admin' }), /body\.roles/],
    [newUser({ roles: ['king'] }), /body\.roles\[0\]/],
    [{ displayName: 'x', roles: ['handler'] }, /body\.username/],
    [newUser({ username: 'bad name!' }), /body\.username/],
  ]
  for (const [payload, field] of cases) {
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: payload as object })
    assert.equal(res.statusCode, 400, JSON.stringify(payload))
    const body = res.json()
    assert.equal(body.error.code, 'request.invalid')
    assert.match(JSON.stringify(body.error.details), field)
  }
  assert.equal(await env.count('appUser'), users)
  assert.equal(await env.count('auditLog'), audits)
})

test('malformed JSON, invalid UTF-8, oversized bodies and wrong content types get clear 4xx', async () => {
  const users = await env.count('appUser')
  const bad = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"username": "x",' })
  assert.equal(bad.statusCode, 400)
  assert.equal(bad.json().error.code, 'request.invalid_json')
  const utf = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...admin, 'content-type': 'application/json' }, payload: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) })
  assert.equal(utf.statusCode, 400)
  assert.match(utf.json().error.message, /UTF-8/)
  const huge = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: newUser({ displayName: 'x'.repeat(100 * 1024) }) })
  assert.equal(huge.statusCode, 413)
  assert.equal(huge.json().error.code, 'request.too_large')
  const xml = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...admin, 'content-type': 'application/xml' }, payload: '<user/>' })
  assert.equal(xml.statusCode, 415)
  assert.equal(await env.count('appUser'), users)
})

test('unknown routes and unknown ids are 404 with the envelope', async () => {
  const r = await env.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: admin })
  assert.equal(r.statusCode, 404)
  assert.equal(r.json().error.code, 'request.route_not_found')
  const u = await env.app.inject({ method: 'GET', url: '/api/v1/users/0190f0f0-0000-7000-8000-000000000000', headers: admin })
  assert.equal(u.statusCode, 404)
  assert.equal(u.json().error.code, 'auth.user_not_found')
  const notUuid = await env.app.inject({ method: 'GET', url: '/api/v1/users/123', headers: admin })
  assert.equal(notUuid.statusCode, 400)
  assert.match(notUuid.json().error.message, /params\.id/)
})

test('a handler may not manage users (403) and writes nothing', async () => {
  const h = await env.login('handler')
  const users = await env.count('appUser')
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers: h, payload: newUser() })
  assert.equal(res.statusCode, 403)
  assert.equal(res.json().error.code, 'auth.forbidden')
  assert.equal(await env.count('appUser'), users)
})

test('Idempotency-Key replays the first response without its secret; another body with the same key is 409', async () => {
  const payload = newUser({ username: 'idem.user' })
  const headers = { ...admin, 'idempotency-key': 'create-idem-user-1' }
  const a = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload })
  const b = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload })
  assert.equal(a.statusCode, 201)
  assert.equal(b.statusCode, 201)
  assert.equal(b.headers['idempotent-replayed'], 'true')
  assert.equal(b.json().user.id, a.json().user.id)
  assert.match(a.json().initialPassword, /^\w{16}$/)
  assert.equal(b.json().initialPassword, null, 'a one-time password is shown once, never stored for replay')
  const stored = await env.database.db.selectFrom('idempotencyKey').select('response').where('key', '=', 'create-idem-user-1').executeTakeFirstOrThrow()
  assert.ok(!JSON.stringify(stored.response).includes(a.json().initialPassword))
  const c = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: newUser({ username: 'other.user' }) })
  assert.equal(c.statusCode, 409)
  assert.equal(c.json().error.code, 'request.idempotency_key_reused')
  assert.equal((await env.database.db.selectFrom('appUser').select('id').where('username', '=', 'idem.user').execute()).length, 1)
})

test('concurrent requests with one Idempotency-Key create once', async () => {
  const payload = newUser({ username: 'idem.race' })
  const headers = { ...admin, 'idempotency-key': 'race-1' }
  const results = await Promise.all(Array.from({ length: 5 }, () => env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload })))
  assert.ok(results.every((r) => r.statusCode === 201 || (r.statusCode === 409 && r.json().error.code === 'request.idempotency_in_progress')), results.map((r) => r.statusCode).join())
  assert.equal((await env.database.db.selectFrom('appUser').select('id').where('username', '=', 'idem.race').execute()).length, 1)
})

test('a failed first request frees its Idempotency-Key for a corrected retry', async () => {
  const headers = { ...admin, 'idempotency-key': 'retry-after-conflict' }
  const taken = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: newUser({ username: 'idem.user' }) })
  assert.equal(taken.statusCode, 409)
  assert.equal(taken.json().error.code, 'auth.username_taken')
  const again = await env.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: newUser({ username: 'idem.user' }) })
  assert.equal(again.json().error.code, 'auth.username_taken', 'the failure is not replayed as stored: the request ran again')
})

test('strings with NUL or unpaired surrogates are refused with 400, not a 500', async () => {
  for (const bad of ['"a\\u0000b"', '"lone \\ud800"']) {
    const res = await env.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { ...admin, 'content-type': 'application/json' }, payload: `{"displayName": ${bad}}` })
    assert.equal(res.statusCode, 400, res.body)
    assert.equal(res.json().error.code, 'request.invalid_json')
  }
})

test('disable ends sessions, audit records before/after; unlock and reset password work', async () => {
  const u = await env.createUser(['handler'])
  const h = await env.login(u)
  const res = await env.app.inject({ method: 'PATCH', url: `/api/v1/users/${u.id}`, headers: admin, payload: { disabled: true } })
  assert.equal(res.statusCode, 200)
  assert.equal(res.json().disabled, true)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: h })).statusCode, 401)
  const row = await env.database.db.selectFrom('auditLog').selectAll().where('targetId', '=', u.id).where('action', '=', 'user.disabled').executeTakeFirstOrThrow()
  assert.deepEqual(row.data, { before: { disabled: false }, after: { disabled: true } })
  const login = await env.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.username, password: u.password } })
  assert.equal(login.statusCode, 403)
  assert.equal(login.json().error.code, 'auth.account_disabled')
  const reset = await env.app.inject({ method: 'POST', url: `/api/v1/users/${u.id}/reset-password`, headers: admin })
  assert.equal(reset.statusCode, 200)
  assert.match(reset.json().initialPassword, /^\w{16}$/)
})

test('users list filters and pages with a cursor', async () => {
  for (let i = 0; i < 3; i++) await env.createUser(['reviewer'])
  const first = await env.app.inject({ method: 'GET', url: '/api/v1/users?role=reviewer&limit=2', headers: admin })
  assert.equal(first.statusCode, 200)
  assert.equal(first.json().items.length, 2)
  assert.ok(first.json().nextCursor)
  const second = await env.app.inject({ method: 'GET', url: `/api/v1/users?role=reviewer&limit=2&cursor=${first.json().nextCursor}`, headers: admin })
  assert.ok(second.json().items.length >= 1)
  assert.ok(second.json().items.every((u: { roles: string[] }) => u.roles.includes('reviewer')))
  const tooMany = await env.app.inject({ method: 'GET', url: '/api/v1/users?limit=5000', headers: admin })
  assert.equal(tooMany.statusCode, 400)
})

test('API keys: shown once, hashed at rest, scoped, revocable, last used recorded', async () => {
  const owner = await env.createUser(['supervisor'])
  const over = await env.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'too much', userId: owner.id, scopes: ['users:manage'] } })
  assert.equal(over.statusCode, 403)
  assert.equal(over.json().error.code, 'auth.scope_exceeds_owner')
  const res = await env.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'CRM 集成', userId: owner.id, scopes: ['users:read'] } })
  assert.equal(res.statusCode, 201)
  const { token, apiKey } = res.json()
  assert.match(token, /^tp_[0-9a-f]{12}_/)
  const stored = await env.database.db.selectFrom('apiKey').selectAll().where('id', '=', apiKey.id).executeTakeFirstOrThrow()
  const secret = /^tp_[0-9a-f]{12}_(.+)$/.exec(token)![1]!
  assert.ok(secret.length >= 20)
  assert.ok(!JSON.stringify(stored).includes(secret), 'the secret is not stored')
  const bearer = { authorization: `Bearer ${token}` }
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })).statusCode, 200)
  const noScope = await env.app.inject({ method: 'GET', url: '/api/v1/audit', headers: bearer })
  assert.equal(noScope.statusCode, 403)
  assert.match(noScope.json().error.message, /scope audit:read/)
  const sessionOnly = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer })
  assert.equal(sessionOnly.statusCode, 403)
  const listed = await env.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: admin })
  assert.ok(listed.json().items.find((k: { id: string; lastUsedAt: string | null }) => k.id === apiKey.id).lastUsedAt)
  assert.equal((await env.app.inject({ method: 'POST', url: `/api/v1/api-keys/${apiKey.id}/revoke`, headers: admin })).statusCode, 200)
  const revoked = await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer })
  assert.equal(revoked.statusCode, 401)
  assert.equal(revoked.json().error.code, 'auth.invalid_api_key')
  assert.deepEqual(await env.auditActions(apiKey.id), ['apikey.created', 'apikey.revoked'])
})

test('audit API lists newest first with filters, pages, verifies and publishes the head', async () => {
  const list = await env.app.inject({ method: 'GET', url: '/api/v1/audit?action=user.&limit=2', headers: admin })
  assert.equal(list.statusCode, 200)
  const items = list.json().items
  assert.equal(items.length, 2)
  assert.ok(items[0].seq > items[1].seq)
  assert.ok(items.every((i: { action: string }) => i.action.startsWith('user.')))
  const next = await env.app.inject({ method: 'GET', url: `/api/v1/audit?action=user.&limit=2&cursor=${list.json().nextCursor}`, headers: admin })
  assert.ok(next.json().items[0].seq < items[1].seq)
  const v = await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: admin })
  assert.equal(v.json().ok, true)
  const head = await env.app.inject({ method: 'GET', url: '/api/v1/audit/head', headers: admin })
  assert.equal(head.json().hash, v.json().headHash)
  const handler = await env.login('handler')
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/audit', headers: handler })).statusCode, 403)
})

test('health, readiness and OpenAPI', async () => {
  assert.equal((await env.app.inject({ method: 'GET', url: '/healthz' })).json().status, 'ok')
  const ready = await env.app.inject({ method: 'GET', url: '/readyz' })
  assert.equal(ready.statusCode, 200)
  assert.equal(ready.json().migrations, 'current')
  const doc = (await env.app.inject({ method: 'GET', url: '/openapi.json' })).json()
  assert.equal(doc.openapi, '3.1.0')
  assert.ok(doc.paths['/api/v1/users/{id}'].get)
  assert.equal(doc.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties.username.type, 'string')
  const docs = await env.app.inject({ method: 'GET', url: '/api/docs' })
  assert.ok([200, 302].includes(docs.statusCode))
})
