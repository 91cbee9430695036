// A test environment: fresh database, the real Fastify app (inject), a FakeClock, and login helpers
// that go through the real login endpoints (2FA included).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { randomBytes } from 'node:crypto'
import { freshDatabase, type FreshDb } from './db.ts'
import { buildApp } from '../../src/http/app.ts'
import { FakeClock } from '../../src/platform/clock.ts'
import { PiiCrypto } from '../../src/platform/crypto.ts'
import { loadConfig, type Config } from '../../src/platform/config.ts'
import type { Ctx, Services } from '../../src/platform/ctx.ts'
import { systemActor } from '../../src/platform/ctx.ts'
import * as auth from '../../src/modules/auth/index.ts'
import type { Role } from '../../src/contracts/permissions.ts'

export interface TestUser {
  id: string
  username: string
  password: string
  roles: Role[]
  totpSecret: string | null
}

export interface LoginHeaders {
  cookie: string
  'x-csrf-token': string
  [k: string]: string
}

export interface TestEnv {
  database: FreshDb
  services: Services
  clock: FakeClock
  app: FastifyInstance
  ctx(): Ctx
  createUser(roles: Role[], opts?: { username?: string; totp?: boolean }): Promise<TestUser>
  /** Logs in through the API (password, then TOTP when enrolled); returns cookie + CSRF headers. */
  login(userOrRole: TestUser | Role): Promise<LoginHeaders>
  totpFor(user: TestUser): string
  auditActions(targetId?: string): Promise<string[]>
  count(table: 'appUser' | 'session' | 'apiKey' | 'auditLog' | 'idempotencyKey'): Promise<number>
  close(): Promise<void>
}

export async function testEnv(overrides: Partial<Config> = {}): Promise<TestEnv> {
  const database = await freshDatabase()
  const clock = new FakeClock('2026-03-02T02:00:00.000Z')
  const config = loadConfig({ TIANPING_ENV: 'test', TIANPING_DATA_DIR: '/nonexistent-test-dir' }, overrides)
  const services: Services = { db: database.db, clock, crypto: new PiiCrypto(randomBytes(32)), config }
  const app = await buildApp({ services, serveConsole: false, logger: false })
  await app.ready()
  const ctx = (): Ctx => ({ ...services, actor: systemActor, requestId: null })
  let n = 0
  const env: TestEnv = {
    database, services, clock, app, ctx,
    async createUser(roles, opts = {}) {
      const username = opts.username ?? `${roles[0] ?? 'user'}${++n}`
      const password = `pw-${randomBytes(8).toString('hex')}`
      const { user } = await auth.createUser(ctx(), { username, displayName: username, roles, password })
      let totpSecret: string | null = null
      if (opts.totp ?? auth.requires2fa(ctx(), roles)) {
        const uctx = { ...ctx(), actor: { ...systemActor, id: user.id, userId: user.id } }
        const e = await auth.startTotpEnrolment(uctx, user.id)
        await auth.confirmTotpEnrolment(uctx, user.id, auth.totpCode(e.secret, clock.now()))
        totpSecret = e.secret
      }
      return { id: user.id, username, password, roles, totpSecret }
    },
    totpFor(user) {
      if (!user.totpSecret) throw new Error(`${user.username} has no TOTP`)
      return auth.totpCode(user.totpSecret, clock.now())
    },
    async login(userOrRole) {
      const user = typeof userOrRole === 'string' ? await env.createUser([userOrRole]) : userOrRole
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password } })
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
      let cookie = cookieOf(res)
      let body = res.json<{ mfaRequired: boolean; csrfToken: string }>()
      if (body.mfaRequired) {
        clock.advance(30_000) // a fresh TOTP step: the enrolment's step may not be reused
        const r2 = await app.inject({ method: 'POST', url: '/api/v1/auth/login/2fa', headers: { cookie }, payload: { code: env.totpFor(user) } })
        if (r2.statusCode !== 200) throw new Error(`2fa failed: ${r2.statusCode} ${r2.body}`)
        cookie = cookieOf(r2)
        body = r2.json()
      }
      return { cookie, 'x-csrf-token': body.csrfToken }
    },
    async auditActions(targetId) {
      let q = database.db.selectFrom('auditLog').select('action').orderBy('seq')
      if (targetId) q = q.where('targetId', '=', targetId)
      return (await q.execute()).map((r) => r.action)
    },
    async count(table) {
      const r = await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
      return Number(r.n)
    },
    async close() {
      await app.close()
      await database.close()
    },
  }
  return env
}

export function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'tp_session')
  if (!c) throw new Error(`no tp_session cookie in response ${res.statusCode}`)
  return `tp_session=${c.value}`
}
