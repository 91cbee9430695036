import { sql } from 'kysely'
import type { DbOrTx, Tx } from '../../db/database.ts'
import type { AuditRow } from '../../db/schema.ts'

// Any constant: the transaction-scoped advisory lock that serialises appends to the chain.
const AUDIT_CHAIN_LOCK = 727_001

export async function lockChain(tx: Tx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(tx)
}

export async function head(tx: DbOrTx): Promise<{ seq: number; hash: string } | undefined> {
  return tx.selectFrom('auditLog').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst()
}

export type NewAuditRow = Omit<AuditRow, 'at' | 'data'> & { at: string; data: string }

export async function insertMany(tx: Tx, rows: NewAuditRow[]): Promise<void> {
  if (rows.length) await tx.insertInto('auditLog').values(rows).execute()
}

export async function* walk(db: DbOrTx, batch = 2000): AsyncGenerator<AuditRow> {
  let after = 0
  for (;;) {
    const rows = await db.selectFrom('auditLog').selectAll().where('seq', '>', after).orderBy('seq').limit(batch).execute()
    for (const r of rows) yield r
    if (rows.length < batch) return
    after = rows[rows.length - 1]!.seq
  }
}

export interface AuditFilter {
  action?: string | undefined
  actorId?: string | undefined
  targetType?: string | undefined
  targetId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  q?: string | undefined
  beforeSeq?: number | undefined
  limit: number
}

export async function list(db: DbOrTx, f: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('auditLog').selectAll()
  if (f.action) q = f.action.endsWith('.') || f.action.endsWith('*')
    ? q.where('action', 'like', `${f.action.replace(/\*$/, '')}%`)
    : q.where('action', '=', f.action)
  if (f.actorId) q = q.where('actorId', '=', f.actorId)
  if (f.targetType) q = q.where('targetType', '=', f.targetType)
  if (f.targetId) q = q.where('targetId', '=', f.targetId)
  if (f.from) q = q.where('at', '>=', f.from)
  if (f.to) q = q.where('at', '<', f.to)
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`
    q = q.where((eb) => eb.or([eb('action', 'ilike', like), eb('actorName', 'ilike', like), eb('targetId', 'ilike', like)]))
  }
  if (f.beforeSeq) q = q.where('seq', '<', f.beforeSeq)
  return q.orderBy('seq', 'desc').limit(f.limit).execute()
}

export async function forTarget(db: DbOrTx, targetType: string, targetId: string): Promise<AuditRow[]> {
  return db.selectFrom('auditLog').selectAll().where('targetType', '=', targetType).where('targetId', '=', targetId).orderBy('seq').execute()
}
