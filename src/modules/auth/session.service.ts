// Login (password, then TOTP when enrolled), throttling and lockout, cookie sessions, TOTP enrolment.
import { TOTP, Secret } from 'otpauth'
import QRCode from 'qrcode'
import type { Ctx, Actor } from '../../platform/ctx.ts'
import { withTx, dbOf } from '../../platform/ctx.ts'
import { newId } from '../../platform/ids.ts'
import { sha256Hex, randomToken } from '../../platform/crypto.ts'
import { ConflictError, RateLimitedError, UnauthenticatedError, ValidationError, ForbiddenError } from '../../platform/errors.ts'
import * as audit from '../audit/index.ts'
import * as users from './user.repo.ts'
import { verifyPassword, generateRecoveryCode, hashPassword } from './password.ts'
import { permissionsOf } from '../../contracts/permissions.ts'
import type { AppUser, Session, RecoveryCode } from '../../db/schema.ts'
import { requires2fa, ensureCanManage } from './user.service.ts'

export const LoginPolicy = {
  maxFailuresBeforeLock: 5,
  lockMinutes: 15,
  ipWindowMinutes: 15,
  ipMaxFailures: 30,
  totpWindow: 1,
  recoveryCodes: 10,
} as const

const ISSUER = 'tianping 天平'

export function userActor(u: AppUser): Actor {
  return { kind: 'user', id: u.id, name: u.username, userId: u.id, roles: u.roles, permissions: permissionsOf(u.roles) }
}

export interface LoginOutcome {
  token: string
  session: Session
  user: AppUser
  mfaRequired: boolean
}

/**
 * Counts an attempt against the account *before* checking it, in one atomic statement, so concurrent
 * guesses cannot outrun the lockout: at most maxFailuresBeforeLock checks run per lock window.
 */
async function reserveAttempt(ctx: Ctx, u: AppUser): Promise<number> {
  const now = ctx.clock.now()
  const r = await dbOf(ctx)
    .updateTable('appUser')
    .set((eb) => ({ failedLogins: eb('failedLogins', '+', 1) }))
    .where('id', '=', u.id)
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<=', now)]))
    .returning(['failedLogins'])
    .executeTakeFirst()
  if (!r) throw lockedError((await users.byId(dbOf(ctx), u.id)) ?? u, now)
  if (r.failedLogins > LoginPolicy.maxFailuresBeforeLock) {
    const until = new Date(now.getTime() + LoginPolicy.lockMinutes * 60_000)
    await dbOf(ctx).updateTable('appUser').set({ lockedUntil: until, failedLogins: 0 }).where('id', '=', u.id).execute()
    throw lockedError({ ...u, lockedUntil: until }, now)
  }
  return r.failedLogins
}

/** Records a failed attempt (reserved as number `attempt`); the last allowed failure locks the account. */
async function recordFailure(ctx: Ctx, username: string, user: AppUser | undefined, reason: string, attempt = 0): Promise<boolean> {
  return withTx(ctx, async (tx) => {
    const now = ctx.clock.now()
    await tx.insertInto('loginAttempt').values({ id: newId(), at: now, username: username.toLowerCase(), ip: ctx.ip ?? null, success: false }).execute()
    let locked = false
    if (user) {
      locked = attempt >= LoginPolicy.maxFailuresBeforeLock
      if (locked) {
        await users.update(tx, user.id, { failedLogins: 0, lockedUntil: new Date(now.getTime() + LoginPolicy.lockMinutes * 60_000) })
      }
      const actx = { ...ctx, tx, actor: userActor(user) }
      await audit.record(tx, actx, locked ? 'user.locked' : 'user.login_failed', { type: 'user', id: user.id }, { reason, failures: attempt })
    }
    return locked
  })
}

/**
 * An unknown username behaves like a known one: after the same number of failures in the window it is
 * "locked" too, so the lockout does not reveal which accounts exist.
 */
async function unknownUserLocked(ctx: Ctx, username: string): Promise<Date | null> {
  const since = new Date(ctx.clock.now().getTime() - LoginPolicy.lockMinutes * 60_000)
  const rows = await dbOf(ctx)
    .selectFrom('loginAttempt').select('at')
    .where('username', '=', username.toLowerCase()).where('success', '=', false).where('at', '>=', since)
    .orderBy('at', 'desc').limit(LoginPolicy.maxFailuresBeforeLock).execute()
  if (rows.length < LoginPolicy.maxFailuresBeforeLock) return null
  return new Date(rows[0]!.at.getTime() + LoginPolicy.lockMinutes * 60_000)
}

async function checkIpThrottle(ctx: Ctx): Promise<void> {
  if (!ctx.ip) return
  const since = new Date(ctx.clock.now().getTime() - LoginPolicy.ipWindowMinutes * 60_000)
  const r = await dbOf(ctx)
    .selectFrom('loginAttempt')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('ip', '=', ctx.ip)
    .where('success', '=', false)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow()
  if (Number(r.n) >= LoginPolicy.ipMaxFailures) {
    throw new RateLimitedError('auth.too_many_attempts', `too many failed logins from this address; try again in ${LoginPolicy.ipWindowMinutes} minutes`, LoginPolicy.ipWindowMinutes * 60)
  }
}

function lockedError(u: { lockedUntil: Date | null }, now: Date): RateLimitedError {
  const until = u.lockedUntil ?? new Date(now.getTime() + LoginPolicy.lockMinutes * 60_000)
  const secs = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000))
  return new RateLimitedError('auth.account_locked', `too many failed attempts; this account is locked until ${until.toISOString()}`, secs, { lockedUntil: until.toISOString() })
}

async function openSession(ctx: Ctx, u: AppUser, mfaPending: boolean, userAgent: string | null): Promise<{ token: string; session: Session }> {
  const token = randomToken(32)
  const now = ctx.clock.now()
  const session: Session = {
    id: newId(),
    tokenHash: sha256Hex(token),
    userId: u.id,
    csrfToken: randomToken(24),
    mfaPending,
    createdAt: now,
    expiresAt: new Date(now.getTime() + (mfaPending ? 10 * 60_000 : ctx.config.sessionHours * 3_600_000)),
    lastSeenAt: now,
    revokedAt: null,
    ip: ctx.ip ?? null,
    userAgent: userAgent?.slice(0, 300) ?? null,
  }
  await withTx(ctx, async (tx) => {
    await tx.insertInto('session').values(session).execute()
    if (!mfaPending) {
      await users.update(tx, u.id, { lastLoginAt: now, failedLogins: 0 })
      await tx.insertInto('loginAttempt').values({ id: newId(), at: now, username: u.username.toLowerCase(), ip: ctx.ip ?? null, success: true }).execute()
      await audit.record(tx, { ...ctx, tx, actor: userActor(u) }, 'session.created', { type: 'user', id: u.id }, { sessionId: session.id, ip: ctx.ip ?? null })
    }
  })
  return { token, session }
}

const badCredentials = () => new UnauthenticatedError('auth.invalid_credentials', 'wrong username or password')

export async function login(ctx: Ctx, username: string, password: string, userAgent: string | null): Promise<LoginOutcome> {
  await checkIpThrottle(ctx)
  const u = await users.byUsername(dbOf(ctx), username)
  const now = ctx.clock.now()
  if (!u) {
    const until = await unknownUserLocked(ctx, username)
    if (until) throw lockedError({ lockedUntil: until }, now)
    await verifyPassword(await dummy(), password)
    await recordFailure(ctx, username, undefined, 'password')
    const lockedNow = await unknownUserLocked(ctx, username)
    if (lockedNow) throw lockedError({ lockedUntil: lockedNow }, now)
    throw badCredentials()
  }
  const attempt = await reserveAttempt(ctx, u)
  if (!(await verifyPassword(u.passwordHash, password))) {
    const locked = await recordFailure(ctx, username, u, 'password', attempt)
    if (locked) throw lockedError((await users.byId(dbOf(ctx), u.id))!, now)
    throw badCredentials()
  }
  if (u.disabledAt) {
    await recordFailure(ctx, username, undefined, 'disabled')
    throw new ForbiddenError('auth.account_disabled', `account ${u.username} is disabled`)
  }
  const mfaRequired = u.totpEnabledAt !== null
  const { token, session } = await openSession(ctx, u, mfaRequired, userAgent)
  return { token, session, user: u, mfaRequired }
}

// A throwaway hash so that an unknown username costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(randomToken(12))
  return dummyHash
}

function totpFor(secretBase32: string, username: string): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) })
}

/** Second step: a TOTP code (each time step used once) or a one-time recovery code. */
export async function completeMfa(ctx: Ctx, sessionToken: string, input: { code?: string | undefined; recoveryCode?: string | undefined }): Promise<LoginOutcome> {
  const s = await findSession(ctx, sessionToken)
  if (!s || !s.mfaPending) throw new UnauthenticatedError('auth.no_pending_login', 'log in with your password first')
  const u = await users.mustGet(dbOf(ctx), s.userId)
  const now = ctx.clock.now()
  if (!u.totpSecretEnc) throw new ConflictError('auth.totp_not_enrolled', '2FA is not enrolled for this account')
  const attempt = await reserveAttempt(ctx, u)
  const secret = ctx.crypto.decrypt(u.totpSecretEnc)
  // Checked against the row locked inside the transaction, so one code (or one recovery code) opens at
  // most one session even when sent many times at once.
  const check = (fresh: AppUser): { step: number | null; usedRecovery: RecoveryCode[] | null } => {
    if (input.code) {
      const delta = totpFor(secret, fresh.username).validate({ token: input.code, timestamp: now.getTime(), window: LoginPolicy.totpWindow })
      if (delta === null) return { step: null, usedRecovery: null }
      const step = Math.floor(now.getTime() / 30_000) + delta
      return { step: fresh.totpLastStep !== null && step <= fresh.totpLastStep ? null : step, usedRecovery: null }
    }
    const h = sha256Hex((input.recoveryCode ?? '').trim().toLowerCase())
    const codes = fresh.recoveryCodes as unknown as RecoveryCode[]
    const hit = codes.find((c) => c.hash === h && c.usedAt === null)
    return { step: null, usedRecovery: hit ? codes.map((c) => (c === hit ? { ...c, usedAt: now.toISOString() } : c)) : null }
  }
  const token = randomToken(32)
  const session = await withTx(ctx, async (tx) => {
    const fresh = await users.mustGet(tx, u.id, true)
    const { step, usedRecovery } = check(fresh)
    if (step === null && usedRecovery === null) return null
    // Rotate the token on privilege change: the pending token stops working.
    const revoked = await tx.updateTable('session').set({ revokedAt: now }).where('id', '=', s.id).where('revokedAt', 'is', null).executeTakeFirst()
    if (Number(revoked.numUpdatedRows) !== 1) return null // this pending login was completed or ended meanwhile
    const next: Session = {
      ...s, id: newId(), tokenHash: sha256Hex(token), mfaPending: false, csrfToken: randomToken(24), createdAt: now, lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.sessionHours * 3_600_000), revokedAt: null,
    }
    await tx.insertInto('session').values(next).execute()
    await users.update(tx, u.id, {
      lastLoginAt: now, failedLogins: 0,
      ...(step !== null ? { totpLastStep: step } : {}),
      ...(usedRecovery ? { recoveryCodes: JSON.stringify(usedRecovery) } : {}),
    })
    await tx.insertInto('loginAttempt').values({ id: newId(), at: now, username: u.username.toLowerCase(), ip: ctx.ip ?? null, success: true }).execute()
    await audit.record(tx, { ...ctx, tx, actor: userActor(u) }, 'session.created', { type: 'user', id: u.id }, {
      sessionId: next.id, secondFactor: usedRecovery ? 'recovery_code' : 'totp', ip: ctx.ip ?? null,
    })
    return next
  })
  if (!session) {
    const locked = await recordFailure(ctx, u.username, u, input.code ? 'totp' : 'recovery_code', attempt)
    if (locked) {
      await withTx(ctx, (tx) => tx.updateTable('session').set({ revokedAt: now }).where('id', '=', s.id).execute())
      throw lockedError((await users.byId(dbOf(ctx), u.id))!, now)
    }
    throw new UnauthenticatedError('auth.invalid_totp', input.code ? 'the 2FA code is wrong or already used' : 'the recovery code is wrong or already used')
  }
  return { token, session, user: u, mfaRequired: false }
}

export async function findSession(ctx: Ctx, token: string): Promise<Session | undefined> {
  const s = await dbOf(ctx).selectFrom('session').selectAll().where('tokenHash', '=', sha256Hex(token)).executeTakeFirst()
  if (!s || s.revokedAt || s.expiresAt <= ctx.clock.now()) return undefined
  return s
}

export interface Authenticated {
  session: Session
  user: AppUser
  actor: Actor
}

/** Resolves a session cookie; touches last-seen at most once a minute. */
export async function authenticateSession(ctx: Ctx, token: string): Promise<Authenticated | { expired: true } | undefined> {
  const s = await dbOf(ctx).selectFrom('session').selectAll().where('tokenHash', '=', sha256Hex(token)).executeTakeFirst()
  if (!s) return undefined
  const now = ctx.clock.now()
  if (s.revokedAt || s.expiresAt <= now) return { expired: true }
  const u = await users.byId(dbOf(ctx), s.userId)
  if (!u || u.disabledAt) return { expired: true }
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    await ctx.db.updateTable('session').set({ lastSeenAt: now }).where('id', '=', s.id).execute()
  }
  return { session: s, user: u, actor: userActor(u) }
}

export async function logout(ctx: Ctx, token: string): Promise<void> {
  const s = await findSession(ctx, token)
  if (!s) return
  await withTx(ctx, async (tx) => {
    await tx.updateTable('session').set({ revokedAt: ctx.clock.now() }).where('id', '=', s.id).execute()
    if (!s.mfaPending) await audit.record(tx, ctx, 'session.revoked', { type: 'user', id: s.userId }, { sessionId: s.id, reason: 'logout' })
  })
}

export async function listSessions(ctx: Ctx, userId: string): Promise<Session[]> {
  return dbOf(ctx)
    .selectFrom('session').selectAll()
    .where('userId', '=', userId).where('revokedAt', 'is', null).where('mfaPending', '=', false).where('expiresAt', '>', ctx.clock.now())
    .orderBy('lastSeenAt', 'desc').execute()
}

export async function revokeSession(ctx: Ctx, userId: string, sessionId: string): Promise<void> {
  await withTx(ctx, async (tx) => {
    const r = await tx.updateTable('session').set({ revokedAt: ctx.clock.now() })
      .where('id', '=', sessionId).where('userId', '=', userId).where('revokedAt', 'is', null).executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) {
      const { NotFoundError } = await import('../../platform/errors.ts')
      throw new NotFoundError('auth.session_not_found', `session ${sessionId} does not exist or is already ended`, { id: sessionId })
    }
    await audit.record(tx, ctx, 'session.revoked', { type: 'user', id: userId }, { sessionId, reason: 'revoked' })
  })
}

// ---- TOTP enrolment

export async function startTotpEnrolment(ctx: Ctx, userId: string): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
  const u = await users.mustGet(dbOf(ctx), userId)
  if (u.totpEnabledAt) throw new ConflictError('auth.totp_already_enrolled', '2FA is already enrolled; disable it first')
  const secret = new Secret({ size: 20 })
  const totp = new TOTP({ issuer: ISSUER, label: u.username, algorithm: 'SHA1', digits: 6, period: 30, secret })
  const otpauthUrl = totp.toString()
  await withTx(ctx, async (tx) => {
    await users.update(tx, userId, { totpPendingSecretEnc: ctx.crypto.encrypt(secret.base32), updatedAt: ctx.clock.now() })
    await audit.record(tx, ctx, 'user.totp_enrolment_started', { type: 'user', id: userId }, {})
  })
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 })
  return { secret: secret.base32, otpauthUrl, qrDataUrl }
}

export async function confirmTotpEnrolment(ctx: Ctx, userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  return withTx(ctx, async (tx) => {
    const u = await users.mustGet(tx, userId, true)
    if (u.totpEnabledAt) throw new ConflictError('auth.totp_already_enrolled', '2FA is already enrolled')
    if (!u.totpPendingSecretEnc) throw new ConflictError('auth.totp_not_started', 'start enrolment first (POST /api/v1/auth/2fa/enrol)')
    const secret = ctx.crypto.decrypt(u.totpPendingSecretEnc)
    const now = ctx.clock.now()
    const delta = totpFor(secret, u.username).validate({ token: code, timestamp: now.getTime(), window: LoginPolicy.totpWindow })
    if (delta === null) throw new ValidationError('auth.invalid_totp', 'the 2FA code does not match; check the device clock and try the next code', { field: 'code' })
    const codes = Array.from({ length: LoginPolicy.recoveryCodes }, generateRecoveryCode)
    await users.update(tx, userId, {
      totpSecretEnc: u.totpPendingSecretEnc, totpPendingSecretEnc: null, totpEnabledAt: now,
      totpLastStep: Math.floor(now.getTime() / 30_000) + delta,
      recoveryCodes: JSON.stringify(codes.map((c) => ({ hash: sha256Hex(c), usedAt: null }))), updatedAt: now,
    })
    await audit.record(tx, ctx, 'user.totp_enabled', { type: 'user', id: userId }, { recoveryCodes: codes.length })
    return { recoveryCodes: codes }
  })
}

export async function disableTotp(ctx: Ctx, userId: string, password: string, code: string): Promise<void> {
  const u = await users.mustGet(dbOf(ctx), userId)
  if (!u.totpSecretEnc) throw new ConflictError('auth.totp_not_enrolled', '2FA is not enrolled')
  if (requires2fa(ctx, u.roles)) throw new ForbiddenError('auth.totp_required', `2FA is required for the roles ${u.roles.join(', ')} and cannot be turned off`)
  const attempt = await reserveAttempt(ctx, u)
  if (!(await verifyPassword(u.passwordHash, password))) {
    await recordFailure(ctx, u.username, u, 'password_check', attempt)
    throw new ValidationError('auth.wrong_password', 'the password is wrong', { field: 'password' })
  }
  const now = ctx.clock.now()
  const delta = totpFor(ctx.crypto.decrypt(u.totpSecretEnc), u.username).validate({ token: code, timestamp: now.getTime(), window: 1 })
  const step = delta === null ? null : Math.floor(now.getTime() / 30_000) + delta
  if (step === null || (u.totpLastStep !== null && step <= u.totpLastStep)) {
    await recordFailure(ctx, u.username, u, 'totp_check', attempt)
    throw new ValidationError('auth.invalid_totp', 'the 2FA code is wrong or already used', { field: 'code' })
  }
  await withTx(ctx, async (tx) => {
    await users.update(tx, userId, { totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: '[]', failedLogins: 0, updatedAt: ctx.clock.now() })
    await audit.record(tx, ctx, 'user.totp_disabled', { type: 'user', id: userId }, {})
  })
}

export async function adminResetTotp(ctx: Ctx, userId: string): Promise<void> {
  await withTx(ctx, async (tx) => {
    ensureCanManage(ctx, await users.mustGet(tx, userId, true))
    const now = ctx.clock.now()
    await users.update(tx, userId, { totpSecretEnc: null, totpPendingSecretEnc: null, totpEnabledAt: null, totpLastStep: null, recoveryCodes: '[]', updatedAt: now })
    await tx.updateTable('session').set({ revokedAt: now }).where('userId', '=', userId).where('revokedAt', 'is', null).execute()
    await audit.record(tx, ctx, 'user.totp_reset', { type: 'user', id: userId }, {})
  })
}

/** Current TOTP code for a base32 secret (tests, the CLI's demo helper). */
/** Password re-checks by a logged-in user (password change) count against the same lockout. */
export async function checkOwnPassword(ctx: Ctx, u: AppUser, password: string): Promise<boolean> {
  const attempt = await reserveAttempt(ctx, u)
  if (await verifyPassword(u.passwordHash, password)) return true
  await recordFailure(ctx, u.username, u, 'password_check', attempt)
  return false
}

export function totpCode(secretBase32: string, at: Date): string {
  return totpFor(secretBase32, 'x').generate({ timestamp: at.getTime() })
}
