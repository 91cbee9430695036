// Case grants (外部调阅授权): an administrator lets a regulator or police user read an explicit list of cases,
// for a stated purpose, until a date at most 90 days ahead. Grantees see those cases redacted (scope.ts).
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as audit from '../audit/index.ts'
import { GrantLimits, grantRoles, type CaseGrant, type CaseGrantCreate } from '../../contracts/grants.schema.ts'
import * as caseRepo from './case.repo.ts'
import * as repo from './grant.repo.ts'

const DAY = 86_400_000
const target = (id: string) => ({ type: 'case_grant', id })

function view(g: repo.GrantRow, now: Date): CaseGrant {
  return {
    id: g.id, granteeId: g.granteeId, granteeName: g.granteeName, caseIds: g.caseIds, purpose: g.purpose, expiresAt: g.expiresAt,
    createdBy: g.createdBy, createdAt: g.createdAt, revokedAt: g.revokedAt, revokedBy: g.revokedBy,
    active: g.revokedAt === null && g.expiresAt.getTime() > now.getTime(),
  }
}

export async function createGrant(ctx: Ctx, input: CaseGrantCreate): Promise<CaseGrant> {
  const now = ctx.clock.now()
  const expiresAt = new Date(input.expiresAt)
  if (expiresAt.getTime() <= now.getTime()) {
    throw new ValidationError('cases.grant_expiry_invalid', `expiresAt ${input.expiresAt} is not in the future`, { field: 'expiresAt' })
  }
  if (expiresAt.getTime() > now.getTime() + GrantLimits.daysMax * DAY) {
    throw new ValidationError('cases.grant_expiry_invalid', `expiresAt ${input.expiresAt} is more than ${GrantLimits.daysMax} days ahead`, {
      field: 'expiresAt', daysMax: GrantLimits.daysMax,
    })
  }
  const caseIds = [...new Set(input.caseIds)]
  return withTx(ctx, async (tx) => {
    const grantee = await caseRepo.user(tx, input.granteeId)
    if (!grantee || grantee.disabled) {
      throw new ValidationError('cases.grantee_not_found', `user ${input.granteeId} does not exist or is disabled`, { field: 'granteeId' })
    }
    if (!grantee.roles.some((r) => (grantRoles as readonly string[]).includes(r))) {
      throw new ValidationError('cases.grantee_not_external', `user ${grantee.username} is not a regulator or police user; grants are for external bodies`, {
        field: 'granteeId', roles: grantee.roles,
      })
    }
    const existing = await repo.existingCaseIds(tx, caseIds)
    const missing = caseIds.filter((id) => !existing.has(id))
    if (missing.length) {
      throw new ValidationError('cases.grant_case_not_found', `no case ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`, {
        field: 'caseIds', missing,
      })
    }
    const row = {
      id: newId(), granteeId: grantee.id, caseIds, purpose: input.purpose, expiresAt, createdBy: ctx.actor.id ?? ctx.actor.name, createdAt: now,
      revokedAt: null, revokedBy: null,
    }
    await repo.insert(tx, row)
    await audit.record(tx, ctx, 'case_grant.created', target(row.id), {
      granteeId: grantee.id, grantee: grantee.username, caseIds, purpose: input.purpose, expiresAt: expiresAt.toISOString(),
    })
    return view({ ...row, granteeName: (await caseRepo.displayName(tx, grantee.id)) ?? grantee.username }, now)
  })
}

export async function revokeGrant(ctx: Ctx, id: string): Promise<CaseGrant> {
  return withTx(ctx, async (tx) => {
    const g = await repo.find(tx, id, true)
    if (!g) throw new NotFoundError('cases.grant_not_found', `case grant ${id} does not exist`, { id })
    if (g.revokedAt) throw new ConflictError('cases.grant_revoked', `case grant ${id} was revoked on ${g.revokedAt.toISOString()}`, { revokedAt: g.revokedAt.toISOString() })
    const now = ctx.clock.now()
    const by = ctx.actor.id ?? ctx.actor.name
    await repo.revoke(tx, id, now, by)
    await audit.record(tx, ctx, 'case_grant.revoked', target(id), { granteeId: g.granteeId, cases: g.caseIds.length, expiresAt: g.expiresAt.toISOString() })
    return view({ ...g, revokedAt: now, revokedBy: by }, now)
  })
}

export async function listGrants(ctx: Ctx, q: { granteeId?: string | undefined; includeInactive?: boolean | undefined; cursor?: string | undefined; limit: number }) {
  const now = ctx.clock.now()
  if (q.cursor && !/^[0-9a-f-]{36}$/.test(q.cursor)) throw new ValidationError('cases.invalid_cursor', 'cursor is not one this list returned', { field: 'cursor' })
  const rows = await repo.list(dbOf(ctx), { granteeId: q.granteeId, includeInactive: q.includeInactive ?? false, now, after: q.cursor, limit: q.limit + 1 })
  const items = rows.slice(0, q.limit).map((g) => view(g, now))
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null }
}
