import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, cookieOf, type TestEnv, type TestUser } from '../support/env.ts'
import * as auth from '../../src/modules/auth/index.ts'

let env: TestEnv
let handler: TestUser
before(async () => {
  env = await testEnv()
  handler = await env.createUser(['handler'], { username: 'li.na' })
})
after(() => env.close())

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url, payload: payload as object, headers })

test('login sets an httpOnly SameSite=Lax cookie and returns me with permissions', async () => {
  const res = await post('/api/v1/auth/login', { username: 'LI.NA', password: handler.password })
  assert.equal(res.statusCode, 200)
  const c = res.cookies.find((x) => x.name === 'tp_session')!
  assert.equal(c.httpOnly, true)
  assert.equal(c.sameSite, 'Lax')
  const body = res.json()
  assert.equal(body.mfaRequired, false)
  assert.equal(body.me.username, 'li.na')
  assert.ok(body.me.permissions.includes('cases:handle'))
  assert.ok(!body.me.permissions.includes('users:manage'))
  assert.ok((await env.auditActions(handler.id)).includes('session.created'))
})

test('wrong password is 401 with the envelope and no session', async () => {
  const sessions = await env.count('session')
  const res = await post('/api/v1/auth/login', { username: 'li.na', password: 'wrong-password' })
  assert.equal(res.statusCode, 401)
  const body = res.json()
  assert.equal(body.error.code, 'auth.invalid_credentials')
  assert.equal(typeof body.requestId, 'string')
  assert.equal(await env.count('session'), sessions)
})

test('five failures lock the account; the right password is then refused with 429', async () => {
  const u = await env.createUser(['handler'])
  for (let i = 0; i < 4; i++) assert.equal((await post('/api/v1/auth/login', { username: u.username, password: 'nope-nope' })).statusCode, 401)
  const fifth = await post('/api/v1/auth/login', { username: u.username, password: 'nope-nope' })
  assert.equal(fifth.statusCode, 429)
  assert.equal(fifth.json().error.code, 'auth.account_locked')
  const sessions = await env.count('session')
  const right = await post('/api/v1/auth/login', { username: u.username, password: u.password })
  assert.equal(right.statusCode, 429)
  assert.ok(right.headers['retry-after'])
  assert.equal(await env.count('session'), sessions)
  assert.ok((await env.auditActions(u.id)).includes('user.locked'))
  env.clock.advance(16 * 60_000)
  assert.equal((await post('/api/v1/auth/login', { username: u.username, password: u.password })).statusCode, 200)
})

test('a mutation with the session cookie but without the CSRF token is 403 and changes nothing', async () => {
  const h = await env.login(handler)
  const res = await env.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: { cookie: h.cookie }, payload: { displayName: 'Changed' } })
  assert.equal(res.statusCode, 403)
  assert.equal(res.json().error.code, 'auth.csrf_failed')
  const me = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: h.cookie } })
  assert.equal(me.json().displayName, 'li.na')
  const ok = await env.app.inject({ method: 'PATCH', url: '/api/v1/auth/me', headers: h, payload: { displayName: '李娜' } })
  assert.equal(ok.statusCode, 200)
  assert.equal(ok.json().displayName, '李娜')
})

test('an expired session is 401 auth.session_expired', async () => {
  const h = await env.login(handler)
  env.clock.advance(13 * 3_600_000)
  const res = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: h })
  assert.equal(res.statusCode, 401)
  assert.equal(res.json().error.code, 'auth.session_expired')
})

test('logout ends the session', async () => {
  const h = await env.login(handler)
  assert.equal((await post('/api/v1/auth/logout', {}, h)).statusCode, 200)
  const res = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: h })
  assert.equal(res.statusCode, 401)
})

test('admin must pass TOTP; a wrong code is 401, a replayed code is refused', async () => {
  const admin = await env.createUser(['admin'])
  assert.ok(admin.totpSecret)
  const r1 = await post('/api/v1/auth/login', { username: admin.username, password: admin.password })
  assert.equal(r1.statusCode, 200)
  assert.equal(r1.json().mfaRequired, true)
  assert.equal(r1.json().me, null)
  const pending = cookieOf(r1)
  // a pending session is not logged in
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: pending } })).statusCode, 401)
  const bad = await post('/api/v1/auth/login/2fa', { code: '000000' }, { cookie: pending })
  assert.equal(bad.statusCode, 401)
  assert.equal(bad.json().error.code, 'auth.invalid_totp')
  env.clock.advance(30_000)
  const code = env.totpFor(admin)
  const good = await post('/api/v1/auth/login/2fa', { code }, { cookie: pending })
  assert.equal(good.statusCode, 200)
  assert.equal(good.json().me.username, admin.username)
  // the same code again in a new login is a replay
  const r2 = await post('/api/v1/auth/login', { username: admin.username, password: admin.password })
  const replay = await post('/api/v1/auth/login/2fa', { code }, { cookie: cookieOf(r2) })
  assert.equal(replay.statusCode, 401)
})

test('a recovery code works once', async () => {
  const u = await env.createUser(['handler'])
  const uctx = { ...env.ctx(), actor: auth.userActor((await auth.findUserById(env.database.db, u.id))!) }
  const e = await auth.startTotpEnrolment(uctx, u.id)
  const { recoveryCodes } = await auth.confirmTotpEnrolment(uctx, u.id, auth.totpCode(e.secret, env.clock.now()))
  assert.equal(recoveryCodes.length, 10)
  const login = async () => cookieOf(await post('/api/v1/auth/login', { username: u.username, password: u.password }))
  assert.equal((await post('/api/v1/auth/login/2fa', { recoveryCode: recoveryCodes[0] }, { cookie: await login() })).statusCode, 200)
  assert.equal((await post('/api/v1/auth/login/2fa', { recoveryCode: recoveryCodes[0] }, { cookie: await login() })).statusCode, 401)
})

test('enrolment through the API: QR code, confirm with a code, recovery codes; audited', async () => {
  const u = await env.createUser(['supervisor'])
  const h = await env.login(u)
  const e = await post('/api/v1/auth/2fa/enrol', {}, h)
  assert.equal(e.statusCode, 200)
  assert.match(e.json().qrDataUrl, /^data:image\/png;base64,/)
  assert.match(e.json().otpauthUrl, /^otpauth:\/\/totp\//)
  const wrong = await post('/api/v1/auth/2fa/confirm', { code: '123456' }, h)
  assert.equal(wrong.statusCode, 400)
  const ok = await post('/api/v1/auth/2fa/confirm', { code: auth.totpCode(e.json().secret, env.clock.now()) }, h)
  assert.equal(ok.statusCode, 200)
  assert.equal(ok.json().recoveryCodes.length, 10)
  const actions = await env.auditActions(u.id)
  assert.ok(actions.includes('user.totp_enrolment_started') && actions.includes('user.totp_enabled'))
})

test('an admin without 2FA may only enrol; a one-time password must be changed first', async () => {
  const r = await auth.createUser(env.ctx(), { username: 'fresh.admin', displayName: 'Fresh', roles: ['admin'] })
  const res = await post('/api/v1/auth/login', { username: 'fresh.admin', password: r.initialPassword! })
  assert.equal(res.statusCode, 200)
  const body = res.json()
  assert.equal(body.me.mustChangePassword, true)
  assert.equal(body.me.mustEnrolTotp, true)
  const h = { cookie: cookieOf(res), 'x-csrf-token': body.csrfToken }
  const blocked = await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: h })
  assert.equal(blocked.statusCode, 403)
  assert.equal(blocked.json().error.code, 'auth.password_change_required')
  assert.equal((await post('/api/v1/auth/password', { currentPassword: r.initialPassword, newPassword: 'a-new-long-password' }, h)).statusCode, 200)
  const still = await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: h })
  assert.equal(still.json().error.code, 'auth.totp_enrolment_required')
  const e = await post('/api/v1/auth/2fa/enrol', {}, h)
  await post('/api/v1/auth/2fa/confirm', { code: auth.totpCode(e.json().secret, env.clock.now()) }, h)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/users', headers: h })).statusCode, 200)
})

test('password change ends other sessions and checks the current password', async () => {
  const u = await env.createUser(['analyst'])
  const a = await env.login(u)
  const b = await env.login(u)
  const wrong = await post('/api/v1/auth/password', { currentPassword: 'not-it', newPassword: 'another-long-password' }, a)
  assert.equal(wrong.statusCode, 400)
  assert.equal(wrong.json().error.code, 'auth.wrong_password')
  assert.equal((await post('/api/v1/auth/password', { currentPassword: u.password, newPassword: 'another-long-password' }, a)).statusCode, 200)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: a })).statusCode, 200)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: b })).statusCode, 401)
})

test('sessions can be listed and revoked', async () => {
  const u = await env.createUser(['reviewer'])
  const a = await env.login(u)
  const b = await env.login(u)
  const list = await env.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: a })
  assert.equal(list.json().items.length, 2)
  const other = list.json().items.find((s: { current: boolean }) => !s.current)
  assert.equal((await env.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}`, headers: a })).statusCode, 200)
  assert.equal((await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: b })).statusCode, 401)
  const unknown = await env.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}`, headers: a })
  assert.equal(unknown.statusCode, 404)
})
