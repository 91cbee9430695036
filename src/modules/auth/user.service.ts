import type { Ctx } from '../../platform/ctx.ts'
import { withTx, dbOf, hasPermission } from '../../platform/ctx.ts'
import { newId } from '../../platform/ids.ts'
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.ts'
import * as audit from '../audit/index.ts'
import * as users from './user.repo.ts'
import { hashPassword, generatePassword } from './password.ts'
import type { AppUser } from '../../db/schema.ts'
import { permissionsOf, roles as allRoles, type Role } from '../../contracts/permissions.ts'
import { UnauthenticatedError } from '../../platform/errors.ts'

export interface PublicUser {
  id: string
  username: string
  displayName: string
  email: string | null
  roles: Role[]
  disabled: boolean
  locked: boolean
  totpEnabled: boolean
  lastLoginAt: Date | null
  createdAt: Date
}

export function toPublicUser(u: AppUser, now: Date): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles.filter((r): r is Role => (allRoles as readonly string[]).includes(r)),
    disabled: u.disabledAt !== null,
    locked: u.lockedUntil !== null && u.lockedUntil > now,
    totpEnabled: u.totpEnabledAt !== null,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
  }
}

export function requires2fa(ctx: Ctx, roles: readonly string[]): boolean {
  return roles.some((r) => ctx.config.require2faRoles.includes(r))
}

export interface CreateUserInput {
  username: string
  displayName: string
  email?: string | undefined
  roles: Role[]
  password?: string | undefined
}

/** Creates a user; without a password a one-time password is generated and must be changed at first login. */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<{ user: PublicUser; initialPassword: string | null }> {
  const initialPassword = input.password ? null : generatePassword()
  const passwordHash = await hashPassword(input.password ?? initialPassword!)
  return withTx(ctx, async (tx) => {
    if (await users.byUsername(tx, input.username)) {
      throw new ConflictError('auth.username_taken', `username "${input.username}" is already taken`, { username: input.username })
    }
    const now = ctx.clock.now()
    const id = newId()
    await users.insert(tx, {
      id,
      username: input.username,
      displayName: input.displayName,
      email: input.email ?? null,
      passwordHash,
      roles: [...new Set(input.roles)],
      mustChangePassword: initialPassword !== null,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
      lockedUntil: null,
      disabledAt: null,
      totpSecretEnc: null,
      totpPendingSecretEnc: null,
      totpEnabledAt: null,
      totpLastStep: null,
      lastLoginAt: null,
    })
    const u = await users.mustGet(tx, id)
    await audit.record(tx, ctx, 'user.created', { type: 'user', id }, {
      after: { username: u.username, displayName: u.displayName, roles: u.roles, email: u.email ? '[redacted]' : null },
    })
    return { user: toPublicUser(u, now), initialPassword }
  })
}

export interface UpdateUserInput {
  displayName?: string | undefined
  email?: string | null | undefined
  roles?: Role[] | undefined
  disabled?: boolean | undefined
  unlock?: true | undefined
}

export async function updateUser(ctx: Ctx, id: string, input: UpdateUserInput): Promise<PublicUser> {
  return withTx(ctx, async (tx) => {
    const before = await users.mustGet(tx, id, true)
    ensureCanManage(ctx, before)
    const now = ctx.clock.now()
    if (id === ctx.actor.userId && (input.disabled === true || (input.roles && !input.roles.includes('admin') && before.roles.includes('admin')))) {
      throw new ConflictError('auth.cannot_demote_self', 'you cannot disable yourself or remove your own admin role', { id })
    }
    const patch = {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.roles ? { roles: [...new Set(input.roles)] } : {}),
      ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (before.disabledAt ?? now) : null } : {}),
      ...(input.unlock ? { lockedUntil: null, failedLogins: 0 } : {}),
      updatedAt: now,
    }
    await users.update(tx, id, patch)
    if (input.disabled === true) await tx.updateTable('session').set({ revokedAt: now }).where('userId', '=', id).where('revokedAt', 'is', null).execute()
    const after = await users.mustGet(tx, id)
    const diff = audit.redactedDiff(
      { displayName: before.displayName, email: before.email, roles: before.roles, disabled: before.disabledAt !== null, locked: before.lockedUntil !== null },
      { displayName: after.displayName, email: after.email, roles: after.roles, disabled: after.disabledAt !== null, locked: after.lockedUntil !== null },
    )
    const action = input.disabled === true ? 'user.disabled' : input.disabled === false && before.disabledAt ? 'user.enabled' : 'user.updated'
    await audit.record(tx, ctx, action, { type: 'user', id }, diff)
    return toPublicUser(after, now)
  })
}

export async function resetPassword(ctx: Ctx, id: string): Promise<{ initialPassword: string }> {
  const initialPassword = generatePassword()
  const passwordHash = await hashPassword(initialPassword)
  await withTx(ctx, async (tx) => {
    ensureCanManage(ctx, await users.mustGet(tx, id, true))
    const now = ctx.clock.now()
    await users.update(tx, id, { passwordHash, mustChangePassword: true, passwordChangedAt: now, failedLogins: 0, lockedUntil: null, updatedAt: now })
    await tx.updateTable('session').set({ revokedAt: now }).where('userId', '=', id).where('revokedAt', 'is', null).execute()
    await audit.record(tx, ctx, 'user.password_reset', { type: 'user', id }, {})
  })
  return { initialPassword }
}

export async function changeOwnPassword(ctx: Ctx, currentSessionId: string | null, currentPassword: string, newPassword: string): Promise<void> {
  const userId = ctx.actor.userId
  if (!userId || ctx.actor.kind !== 'user') throw new UnauthenticatedError('auth.unauthenticated', 'log in to change your password')
  const u = await users.mustGet(dbOf(ctx), userId)
  const { checkOwnPassword } = await import('./session.service.ts')
  if (!(await checkOwnPassword(ctx, u, currentPassword))) {
    throw new ValidationError('auth.wrong_password', 'the current password is wrong', { field: 'currentPassword' })
  }
  if (currentPassword === newPassword) {
    throw new ValidationError('auth.password_unchanged', 'the new password must differ from the current one', { field: 'newPassword' })
  }
  const passwordHash = await hashPassword(newPassword)
  await withTx(ctx, async (tx) => {
    const now = ctx.clock.now()
    await users.update(tx, userId, { passwordHash, mustChangePassword: false, passwordChangedAt: now, failedLogins: 0, updatedAt: now })
    let q = tx.updateTable('session').set({ revokedAt: now }).where('userId', '=', userId).where('revokedAt', 'is', null)
    if (currentSessionId) q = q.where('id', '!=', currentSessionId)
    await q.execute()
    await audit.record(tx, ctx, 'user.password_changed', { type: 'user', id: userId }, {})
  })
}

export async function getUser(ctx: Ctx, id: string): Promise<PublicUser> {
  return toPublicUser(await users.mustGet(dbOf(ctx), id), ctx.clock.now())
}

export async function listUsers(
  ctx: Ctx,
  f: { q?: string | undefined; role?: string | undefined; status?: 'active' | 'disabled' | 'locked' | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: PublicUser[]; nextCursor: string | null }> {
  const now = ctx.clock.now()
  const rows = await users.list(dbOf(ctx), { ...f, after: f.cursor, now, limit: f.limit + 1 })
  const more = rows.length > f.limit
  const items = rows.slice(0, f.limit).map((u) => toPublicUser(u, now))
  return { items, nextCursor: more ? items[items.length - 1]!.id : null }
}

/** Taking over an administrator (reset password or 2FA, change roles, disable) needs administrator rights. */
export function ensureCanManage(ctx: Ctx, target: AppUser): void {
  if (target.roles.includes('admin') && !hasPermission(ctx.actor, 'settings:manage')) {
    throw new ForbiddenError('auth.cannot_manage_admin', `only an administrator can change the administrator ${target.username}`, { id: target.id })
  }
}

export function ensureCanGrantRoles(ctx: Ctx, roles: readonly string[]): void {
  if (roles.includes('admin') && !hasPermission(ctx.actor, 'settings:manage')) {
    throw new ForbiddenError('auth.cannot_grant_admin', 'only an administrator can grant the admin role')
  }
}

export { permissionsOf }
