// Object scope for cases (need to know): who may see which case. Lists filter with `repo.visibleTo(scope)`;
// every per-case function loads its case through `visibleCase` / `lockVisibleCase`. An invisible case
// answers exactly like an unknown id (404 cases.not_found), so its existence does not leak.
//
//   cases:read_all      every case (admin, supervisor, analyst, auditor; the system actor through '*')
//   cases:read_granted  only the cases of the holder's live grants, redacted (regulator, police)
//   otherwise           cases assigned to the user, in a queue they are a member of, or taken in by them
//
// An API key acts for its owner (`actor.userId`) with the key's own permissions: a key without
// cases:read_all sees the owner's own cases even when the owner holds cases:read_all.
import type { Tx } from '../../db/database.ts'
import type { DbOrTx } from '../../db/database.ts'
import type { Ctx } from '../../platform/ctx.ts'
import { hasPermission } from '../../platform/ctx.ts'
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts'
import type { CaseDetail, CaseSummary } from '../../contracts/cases.schema.ts'
import * as repo from './case.repo.ts'
import type { CaseRow } from './case.repo.ts'

export type CaseScope =
  | { kind: 'all' }
  | { kind: 'own'; userId: string | null }
  | { kind: 'granted'; userId: string | null; now: Date }

export function caseScope(ctx: Ctx): CaseScope {
  if (hasPermission(ctx.actor, 'cases:read_all')) return { kind: 'all' }
  // External bodies see granted cases only, whatever else they hold: their view is always the redacted one.
  if (hasPermission(ctx.actor, 'cases:read_granted')) return { kind: 'granted', userId: ctx.actor.userId, now: ctx.clock.now() }
  return { kind: 'own', userId: ctx.actor.userId }
}

/** A grantee's view: PII masked without reveal, internal events hidden, internal assessments left out. */
export const isRedacted = (ctx: Ctx): boolean => caseScope(ctx).kind === 'granted'

const notFound = (id: string) => new NotFoundError('cases.not_found', `case ${id} does not exist`, { id })

async function check(ctx: Ctx, db: DbOrTx, id: string): Promise<void> {
  const scope = caseScope(ctx)
  if (scope.kind !== 'all' && !(await repo.isVisible(db, id, scope))) throw notFound(id)
}

/** The case if the actor may see it; otherwise NotFoundError, as for an unknown id. */
export async function visibleCase(ctx: Ctx, db: DbOrTx, id: string): Promise<CaseRow> {
  const row = await repo.find(db, id)
  if (!row) throw notFound(id)
  await check(ctx, db, id)
  return row
}

/** `visibleCase`, locked for this transaction (the lock comes first, as in `repo.lock`). */
export async function lockVisibleCase(ctx: Ctx, tx: Tx, id: string): Promise<CaseRow> {
  const row = await repo.lock(tx, id)
  await check(ctx, tx, id)
  return row
}

export async function assertVisible(ctx: Ctx, db: DbOrTx, id: string): Promise<void> {
  await visibleCase(ctx, db, id)
}

/** Per-case reads beyond the case and its external timeline are closed to grantees (offers, evidence, profile). */
export function refuseGrantee(ctx: Ctx, what: string): void {
  if (isRedacted(ctx)) {
    throw new ForbiddenError('cases.grantee_forbidden', `${what} is not part of what a case grant exposes`, { scope: 'granted' })
  }
}

/**
 * A grantee's list row: who handles the case and the pointers to other cases stay inside. Parties are
 * masked for everyone without a reveal, and a sealed reporter shows nothing, so those need no change.
 */
export function redactSummary<T extends CaseSummary>(v: T): T {
  return { ...v, assigneeId: null, assigneeName: null, duplicateOf: null }
}

/** A grantee's case: as the list row, without internal assessments (五维度, campaign flags) or actions. */
export function redactDetail(v: CaseDetail): CaseDetail {
  return { ...redactSummary(v), analysis: null, campaignId: null, linkedCaseIds: [], allowedActions: [] }
}
