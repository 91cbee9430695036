// Queries of case grants (外部调阅授权). Which cases a grant opens is in case.repo visibleTo.
import type { Insertable, Selectable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { CaseGrantTable } from '../../db/schema.ts'

export type GrantRow = Selectable<CaseGrantTable> & { granteeName: string | null }

export async function insert(tx: DbOrTx, row: Insertable<CaseGrantTable>): Promise<void> {
  await tx.insertInto('caseGrant').values(row).execute()
}

export async function find(db: DbOrTx, id: string, forUpdate = false): Promise<GrantRow | undefined> {
  let q = db
    .selectFrom('caseGrant as g')
    .leftJoin('appUser as u', 'u.id', 'g.granteeId')
    .selectAll('g')
    .select('u.displayName as granteeName')
    .where('g.id', '=', id)
  if (forUpdate) q = q.forUpdate('g')
  return q.executeTakeFirst()
}

export async function revoke(tx: DbOrTx, id: string, at: Date, by: string): Promise<void> {
  await tx.updateTable('caseGrant').set({ revokedAt: at, revokedBy: by }).where('id', '=', id).execute()
}

/** Newest first (ids are time-ordered); inactive ones (expired or revoked) only when asked. */
export async function list(db: DbOrTx, f: { granteeId?: string | undefined; includeInactive: boolean; now: Date; after?: string | undefined; limit: number }) {
  let q = db.selectFrom('caseGrant as g').leftJoin('appUser as u', 'u.id', 'g.granteeId').selectAll('g').select('u.displayName as granteeName')
  if (f.granteeId) q = q.where('g.granteeId', '=', f.granteeId)
  if (!f.includeInactive) q = q.where('g.revokedAt', 'is', null).where('g.expiresAt', '>', f.now)
  if (f.after) q = q.where('g.id', '<', f.after)
  return q.orderBy('g.id', 'desc').limit(f.limit).execute()
}

/** Which of these ids are cases. */
export async function existingCaseIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const rows = await db.selectFrom('case').select('id').where('id', 'in', ids).execute()
  return new Set(rows.map((r) => r.id))
}
