// Attacks found in review, each kept as a test: key minting beyond the minter, admin takeover through
// user management, concurrent guessing past the lockout, one TOTP or recovery code opening many sessions.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, cookieOf, type TestEnv, type LoginHeaders } from '../support/env.ts'
import * as auth from '../../src/modules/auth/index.ts'

let env: TestEnv
let admin: LoginHeaders
before(async () => {
  env = await testEnv()
  admin = await env.login('admin')
})
after(() => env.close())

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url, payload: payload as object, headers })

test('an API key cannot mint a key with scopes it does not hold, nor keys for other users', async () => {
  const me = await env.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin })
  const adminId = me.json().id
  const narrow = (await post('/api/v1/api-keys', { name: 'narrow', scopes: ['apikeys:manage'] }, admin)).json().token
  const bearer = { authorization: `Bearer ${narrow}` }
  const wider = await post('/api/v1/api-keys', { name: 'wider', scopes: ['audit:read', 'apikeys:manage'] }, bearer)
  assert.equal(wider.statusCode, 403)
  assert.equal(wider.json().error.code, 'auth.scope_exceeds_actor')
  const other = await env.createUser(['handler'])
  const forOther = await post('/api/v1/api-keys', { name: 'theirs', userId: other.id, scopes: ['apikeys:manage'] }, bearer)
  assert.equal(forOther.statusCode, 403)
  assert.ok(adminId)
})

test('user management without admin rights cannot take over an administrator', async () => {
  const target = await env.createUser(['admin'])
  const key = (await post('/api/v1/api-keys', { name: 'hr sync', scopes: ['users:manage', 'users:read'] }, admin)).json().token
  const bearer = { authorization: `Bearer ${key}` }
  const viaKey = await post(`/api/v1/users/${target.id}/reset-password`, {}, bearer)
  assert.equal(viaKey.statusCode, 403)
  assert.equal(viaKey.json().error.code, 'auth.session_required')
  assert.equal((await post(`/api/v1/users/${target.id}/reset-2fa`, {}, bearer)).statusCode, 403)
  const disable = await env.app.inject({ method: 'PATCH', url: `/api/v1/users/${target.id}`, headers: bearer, payload: { disabled: true } })
  assert.equal(disable.statusCode, 403)
  assert.equal(disable.json().error.code, 'auth.cannot_manage_admin')
  // the target can still log in with its own password
  assert.equal((await post('/api/v1/auth/login', { username: target.username, password: target.password })).statusCode, 200)
})

test('concurrent wrong guesses cannot outrun the lockout', async () => {
  const u = await env.createUser(['handler'])
  const tries = await Promise.all(Array.from({ length: 20 }, () => post('/api/v1/auth/login', { username: u.username, password: 'guess-guess' })))
  const wrongAnswers = tries.filter((r) => r.statusCode === 401).length
  assert.ok(wrongAnswers <= 5, `${wrongAnswers} guesses were checked; the policy allows 5`)
  assert.equal((await post('/api/v1/auth/login', { username: u.username, password: u.password })).statusCode, 429)
})

test('an unknown username locks like a known one, with the same message', async () => {
  const u = await env.createUser(['handler'])
  const known: number[] = []
  const unknown: number[] = []
  for (let i = 0; i < 6; i++) {
    known.push((await post('/api/v1/auth/login', { username: u.username, password: 'nope-nope' })).statusCode)
    unknown.push((await post('/api/v1/auth/login', { username: 'nobody.here', password: 'nope-nope' })).statusCode)
  }
  assert.deepEqual(unknown, known)
  const a = await post('/api/v1/auth/login', { username: u.username, password: 'nope-nope' })
  const b = await post('/api/v1/auth/login', { username: 'nobody.here', password: 'nope-nope' })
  assert.equal(a.json().error.code, b.json().error.code)
  assert.ok(!a.json().error.message.includes(u.username))
})

test('one TOTP code or recovery code sent to many pending logins at once opens one session', async () => {
  const u = await env.createUser(['supervisor'], { totp: true })
  const pending = await Promise.all(Array.from({ length: 4 }, async () => cookieOf(await post('/api/v1/auth/login', { username: u.username, password: u.password }))))
  env.clock.advance(30_000)
  const code = env.totpFor(u)
  const results = await Promise.all(pending.map((cookie) => post('/api/v1/auth/login/2fa', { code }, { cookie })))
  assert.equal(results.filter((r) => r.statusCode === 200).length, 1, results.map((r) => r.statusCode).join())

  const v = await env.createUser(['handler'])
  const vctx = { ...env.ctx(), actor: auth.userActor((await auth.findUserById(env.database.db, v.id))!) }
  const e = await auth.startTotpEnrolment(vctx, v.id)
  const { recoveryCodes } = await auth.confirmTotpEnrolment(vctx, v.id, auth.totpCode(e.secret, env.clock.now()))
  const pending2 = await Promise.all(Array.from({ length: 4 }, async () => cookieOf(await post('/api/v1/auth/login', { username: v.username, password: v.password }))))
  const r2 = await Promise.all(pending2.map((cookie) => post('/api/v1/auth/login/2fa', { recoveryCode: recoveryCodes[0] }, { cookie })))
  assert.equal(r2.filter((r) => r.statusCode === 200).length, 1, r2.map((r) => r.statusCode).join())
})

test('wrong current passwords count toward the lockout', async () => {
  const u = await env.createUser(['analyst'])
  const h = await env.login(u)
  const codes: number[] = []
  for (let i = 0; i < 6; i++) codes.push((await post('/api/v1/auth/password', { currentPassword: 'not-it', newPassword: 'another-long-password' }, h)).statusCode)
  assert.ok(codes.includes(429), codes.join())
  const right = await post('/api/v1/auth/password', { currentPassword: u.password, newPassword: 'another-long-password' }, h)
  assert.equal(right.statusCode, 429)
})
