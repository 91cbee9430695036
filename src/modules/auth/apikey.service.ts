// API keys `tp_<keyId>_<secret>`: the secret is stored as SHA-256, scopes are bounded by the owner's permissions.
import type { Ctx, Actor } from '../../platform/ctx.ts'
import { withTx, dbOf } from '../../platform/ctx.ts'
import { newId } from '../../platform/ids.ts'
import { randomToken, sha256Hex, safeEqualHex } from '../../platform/crypto.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import * as audit from '../audit/index.ts'
import * as users from './user.repo.ts'
import { permissionsOf, type Permission } from '../../contracts/permissions.ts'
import type { ApiKey } from '../../db/schema.ts'
import { randomBytes } from 'node:crypto'

export interface ApiKeyView {
  id: string
  keyId: string
  name: string
  userId: string
  username: string
  scopes: Permission[]
  createdAt: Date
  expiresAt: Date | null
  revokedAt: Date | null
  lastUsedAt: Date | null
}

async function view(ctx: Ctx, k: ApiKey): Promise<ApiKeyView> {
  const u = await users.byId(dbOf(ctx), k.userId)
  return { ...k, username: u?.username ?? '?', scopes: k.scopes as Permission[] }
}

export async function createApiKey(
  ctx: Ctx,
  input: { name: string; userId?: string | undefined; scopes: Permission[]; expiresInDays?: number | undefined },
): Promise<{ apiKey: ApiKeyView; token: string }> {
  const ownerId = input.userId ?? ctx.actor.userId
  if (!ownerId) throw new ValidationError('auth.apikey_owner_required', 'an API key needs an owner user (userId)', { field: 'userId' })
  const actorIsAll = ctx.actor.permissions.has('*')
  // A key is never stronger than whoever mints it, and only an administrator mints keys for others.
  const beyondActor = actorIsAll ? [] : input.scopes.filter((sc) => !ctx.actor.permissions.has(sc))
  if (beyondActor.length) {
    throw new ForbiddenError('auth.scope_exceeds_actor', `you cannot grant scopes you do not hold: ${beyondActor.join(', ')}`, { scopes: beyondActor })
  }
  if (ownerId !== ctx.actor.userId && !actorIsAll && !ctx.actor.permissions.has('settings:manage')) {
    throw new ForbiddenError('auth.apikey_for_other_user', 'only an administrator can create API keys for another user', { userId: ownerId })
  }
  return withTx(ctx, async (tx) => {
    const owner = await users.mustGet(tx, ownerId)
    if (owner.disabledAt) throw new ValidationError('auth.apikey_owner_disabled', `user ${owner.username} is disabled`, { userId: ownerId })
    const allowed = permissionsOf(owner.roles)
    const outside = input.scopes.filter((s) => !allowed.has(s))
    if (outside.length) {
      throw new ForbiddenError('auth.scope_exceeds_owner', `user ${owner.username} lacks the permissions ${outside.join(', ')}, so the key cannot have them`, { scopes: outside })
    }
    const keyId = randomBytes(6).toString('hex')
    const secret = randomToken(24)
    const now = ctx.clock.now()
    const row: ApiKey = {
      id: newId(), keyId, name: input.name, userId: ownerId, secretHash: sha256Hex(secret), scopes: [...new Set(input.scopes)],
      createdBy: ctx.actor.userId ?? ownerId, createdAt: now,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      revokedAt: null, lastUsedAt: null,
    }
    await tx.insertInto('apiKey').values(row).execute()
    await audit.record(tx, ctx, 'apikey.created', { type: 'apikey', id: row.id }, { after: { name: row.name, keyId, userId: ownerId, scopes: row.scopes, expiresAt: row.expiresAt } })
    return { apiKey: await view({ ...ctx, tx }, row), token: `tp_${keyId}_${secret}` }
  })
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<ApiKeyView> {
  return withTx(ctx, async (tx) => {
    const k = await tx.selectFrom('apiKey').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!k) throw new NotFoundError('auth.apikey_not_found', `API key ${id} does not exist`, { id })
    if (!k.revokedAt) {
      k.revokedAt = ctx.clock.now()
      await tx.updateTable('apiKey').set({ revokedAt: k.revokedAt }).where('id', '=', id).execute()
      await audit.record(tx, ctx, 'apikey.revoked', { type: 'apikey', id }, { name: k.name, keyId: k.keyId })
    }
    return view({ ...ctx, tx }, k)
  })
}

export async function listApiKeys(ctx: Ctx, f: { includeRevoked?: boolean | undefined; cursor?: string | undefined; limit: number }) {
  let q = dbOf(ctx).selectFrom('apiKey').selectAll()
  if (!f.includeRevoked) q = q.where('revokedAt', 'is', null)
  if (f.cursor) q = q.where('id', '<', f.cursor)
  const rows = await q.orderBy('id', 'desc').limit(f.limit + 1).execute()
  const items = await Promise.all(rows.slice(0, f.limit).map((k) => view(ctx, k)))
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1]!.id : null }
}

const TOKEN_RE = /^tp_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$/

/** Resolves a Bearer token; its permissions are its scopes, cut to what the owner may still do. */
export async function authenticateApiKey(ctx: Ctx, token: string): Promise<Actor | undefined> {
  const m = TOKEN_RE.exec(token)
  if (!m) return undefined
  const k = await dbOf(ctx).selectFrom('apiKey').selectAll().where('keyId', '=', m[1]!).executeTakeFirst()
  const now = ctx.clock.now()
  if (!k || k.revokedAt || (k.expiresAt && k.expiresAt <= now) || !safeEqualHex(k.secretHash, sha256Hex(m[2]!))) return undefined
  const owner = await users.byId(dbOf(ctx), k.userId)
  if (!owner || owner.disabledAt) return undefined
  const ownerPerms = permissionsOf(owner.roles)
  if (!k.lastUsedAt || now.getTime() - k.lastUsedAt.getTime() > 60_000) {
    await ctx.db.updateTable('apiKey').set({ lastUsedAt: now }).where('id', '=', k.id).execute()
  }
  return {
    kind: 'apikey', id: k.id, name: `apikey:${k.name}`, userId: owner.id, roles: owner.roles,
    permissions: new Set(k.scopes.filter((s) => ownerPerms.has(s as Permission))),
  }
}
