import { createHash } from 'node:crypto'
import type { Tx, DbOrTx } from '../../db/database.ts'
import type { Ctx } from '../../platform/ctx.ts'
import { newId } from '../../platform/ids.ts'
import * as repo from './audit.repo.ts'
import { GENESIS_HASH, chainPayload, checkLink, type ChainedContent, type VerifyProblem } from './core/chain.ts'
import type { AuditRow } from '../../db/schema.ts'

export interface AuditTarget {
  type: string
  id: string
}

/**
 * Appends one row to the chain inside the caller's transaction. Call it last in the transaction: the
 * advisory lock it takes is held until commit, so appends are serialised and the chain has no forks.
 */
export async function record(
  tx: Tx,
  ctx: Ctx,
  action: string,
  target: AuditTarget | null,
  data: Record<string, unknown> = {},
): Promise<{ seq: number; hash: string }> {
  return recordMany(tx, ctx, [{ action, target, data }])
}

export interface AuditEntry {
  action: string
  target: AuditTarget | null
  data?: Record<string, unknown>
}

/**
 * Appends several rows in order under one lock, chained in memory and inserted in batches: for bulk work
 * (an import) that audits every item without a round trip per row. Returns the last row's seq and hash.
 */
export async function recordMany(tx: Tx, ctx: Ctx, entries: AuditEntry[]): Promise<{ seq: number; hash: string }> {
  await repo.lockChain(tx)
  const prev = await repo.head(tx)
  let seq = prev?.seq ?? 0
  let prevHash = prev?.hash ?? GENESIS_HASH
  const at = ctx.clock.now().toISOString()
  const rows: Parameters<typeof repo.insertMany>[1] = []
  for (const e of entries) {
    const content: ChainedContent = {
      seq: ++seq,
      id: newId(),
      at,
      actorKind: ctx.actor.kind,
      actorId: ctx.actor.id,
      actorName: ctx.actor.name,
      action: e.action,
      targetType: e.target?.type ?? null,
      targetId: e.target?.id ?? null,
      requestId: ctx.requestId,
      data: JSON.parse(JSON.stringify(e.data ?? {})) as Record<string, unknown>,
    }
    const hash = createHash('sha256').update(chainPayload(prevHash, content)).digest('hex')
    rows.push({ ...content, data: JSON.stringify(content.data), prevHash, hash })
    prevHash = hash
  }
  for (let i = 0; i < rows.length; i += 500) await repo.insertMany(tx, rows.slice(i, i + 500))
  return { seq, hash: prevHash }
}

function contentOf(r: AuditRow): ChainedContent {
  return {
    seq: r.seq,
    id: r.id,
    at: r.at.toISOString(),
    actorKind: r.actorKind,
    actorId: r.actorId,
    actorName: r.actorName,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    requestId: r.requestId,
    data: r.data as unknown as Record<string, unknown>,
  }
}

export interface VerifyResult {
  ok: boolean
  rows: number
  headSeq: number
  headHash: string
  problem: VerifyProblem | null
}

/** Walks the whole chain from the genesis hash and stops at the first broken row. */
export async function verify(db: DbOrTx, onProgress?: (rows: number) => void): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH
  let expectedSeq = 1
  let rows = 0
  for await (const r of repo.walk(db)) {
    const content = contentOf(r)
    const computed = createHash('sha256').update(chainPayload(prevHash, content)).digest('hex')
    const problem = checkLink(prevHash, expectedSeq, { ...content, prevHash: r.prevHash, hash: r.hash }, computed)
    if (problem) return { ok: false, rows, headSeq: expectedSeq - 1, headHash: prevHash, problem }
    prevHash = r.hash
    expectedSeq = r.seq + 1
    rows++
    if (onProgress && rows % 5000 === 0) onProgress(rows)
  }
  return { ok: true, rows, headSeq: expectedSeq - 1, headHash: prevHash, problem: null }
}

export function describeProblem(p: VerifyProblem): string {
  switch (p.kind) {
    case 'hash_mismatch':
      return `row seq ${p.seq} (id ${p.id}): content does not match its hash (edited after it was written)`
    case 'prev_mismatch':
      return `row seq ${p.seq} (id ${p.id}): prev_hash does not match the hash of the row before it`
    case 'gap':
      return `row seq ${p.seq} (id ${p.id}): expected seq ${p.expectedSeq} (rows ${p.expectedSeq}..${p.seq - 1} are missing)`
  }
}

export const list = repo.list
export const forTarget = repo.forTarget
export async function head(db: DbOrTx) {
  return (await repo.head(db)) ?? { seq: 0, hash: GENESIS_HASH }
}
