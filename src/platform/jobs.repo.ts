// The job table's queries (see jobs.ts for the semantics).
import { sql } from 'kysely'
import type { DbOrTx, Tx } from '../db/database.ts'
import type { JobTable } from '../db/schema.ts'
import type { Selectable } from 'kysely'

export type JobRow = Selectable<JobTable>

export interface NewJob {
  id: string
  kind: string
  payload: Record<string, unknown>
  uniqueKey: string | null
  runAt: Date
  maxAttempts: number
  now: Date
}

/** Inserts, or with a unique key replaces the existing job of that key (rescheduled, attempts reset). */
export async function upsert(tx: DbOrTx, j: NewJob): Promise<string> {
  const row = await tx
    .insertInto('job')
    .values({
      id: j.id, kind: j.kind, payload: JSON.stringify(j.payload), uniqueKey: j.uniqueKey, status: 'pending',
      runAt: j.runAt, maxAttempts: j.maxAttempts, lockedAt: null, lastError: null, createdAt: j.now, updatedAt: j.now,
    })
    .onConflict((oc) =>
      oc.column('uniqueKey').doUpdateSet({
        kind: j.kind, payload: JSON.stringify(j.payload), status: 'pending', runAt: j.runAt, attempts: 0,
        maxAttempts: j.maxAttempts, lockedAt: null, lastError: null, updatedAt: j.now,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function upsertMany(tx: DbOrTx, jobs: NewJob[]): Promise<void> {
  if (!jobs.length) return
  await tx
    .insertInto('job')
    .values(
      jobs.map((j) => ({
        id: j.id, kind: j.kind, payload: JSON.stringify(j.payload), uniqueKey: j.uniqueKey, status: 'pending', runAt: j.runAt,
        maxAttempts: j.maxAttempts, lockedAt: null, lastError: null, createdAt: j.now, updatedAt: j.now,
      })),
    )
    .onConflict((oc) =>
      oc.column('uniqueKey').doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'), payload: eb.ref('excluded.payload'), status: 'pending', runAt: eb.ref('excluded.runAt'), attempts: 0,
        lockedAt: null, lastError: null, updatedAt: eb.ref('excluded.updatedAt'),
      })),
    )
    .execute()
}

export async function cancel(tx: DbOrTx, uniqueKey: string, now: Date): Promise<number> {
  const r = await tx
    .updateTable('job')
    .set({ status: 'cancelled', updatedAt: now })
    .where('uniqueKey', '=', uniqueKey)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/**
 * Locks one due job of the given kinds, skipping rows another worker holds (the lock lasts until commit), and
 * marks it running inside this transaction: a handler that re-enqueues its own key sets it back to pending,
 * which markDone then leaves alone.
 */
export async function claimOne(tx: Tx, kinds: readonly string[], now: Date): Promise<JobRow | undefined> {
  if (kinds.length === 0) return undefined
  const job = await tx
    .selectFrom('job')
    .selectAll()
    .where('status', '=', 'pending')
    .where('runAt', '<=', now)
    .where('kind', 'in', kinds)
    .orderBy('runAt')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst()
  if (job) await tx.updateTable('job').set({ status: 'running', lockedAt: now }).where('id', '=', job.id).execute()
  return job
}

export async function markDone(tx: DbOrTx, id: string, now: Date): Promise<void> {
  await tx
    .updateTable('job')
    .set({ status: 'done', attempts: sql<number>`attempts + 1`, lockedAt: null, lastError: null, updatedAt: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute()
}

export async function byId(db: DbOrTx, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Records a failed attempt unless the job was rescheduled meanwhile (its updatedAt moved on). */
export async function recordFailure(
  tx: DbOrTx,
  id: string,
  seenUpdatedAt: Date,
  patch: { attempts: number; status: string; runAt: Date; lastError: string; now: Date },
): Promise<void> {
  await tx
    .updateTable('job')
    .set({ attempts: patch.attempts, status: patch.status, runAt: patch.runAt, lastError: patch.lastError, lockedAt: null, updatedAt: patch.now })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'running']) // running: a handler that ran outside the claim's transaction
    .where('updatedAt', '=', seenUpdatedAt)
    .execute()
}

/** Running jobs whose worker went away (lock older than the lease) become pending again. */
export async function releaseExpired(tx: DbOrTx, kinds: readonly string[], lockedBefore: Date): Promise<number> {
  if (!kinds.length) return 0
  const r = await tx
    .updateTable('job')
    .set({ status: 'pending', lockedAt: null })
    .where('status', '=', 'running')
    .where('kind', 'in', kinds)
    .where('lockedAt', '<', lockedBefore)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function byUniqueKey(db: DbOrTx, uniqueKey: string): Promise<JobRow | undefined> {
  return db.selectFrom('job').selectAll().where('uniqueKey', '=', uniqueKey).executeTakeFirst()
}
