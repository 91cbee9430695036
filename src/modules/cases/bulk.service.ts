// Bulk operations over a list the console filtered: each case in its own transaction, so one refusal
// (an illegal transition, a recusal) does not undo the others; the result says which failed and why.
// A case the actor may not see fails like an unknown id (cases.not_found), checked by each case function.
import type { Ctx } from '../../platform/ctx.ts'
import { withTx } from '../../platform/ctx.ts'
import { ConflictError, DomainError } from '../../platform/errors.ts'
import * as audit from '../audit/index.ts'
import type { ActionBody } from '../../contracts/cases.schema.ts'
import type { CaseAction } from './core/transitions.ts'
import * as repo from './case.repo.ts'
import { act, event, updateCase } from './case.service.ts'
import { lockVisibleCase, visibleCase } from './scope.ts'

export type BulkOp =
  | { type: 'assign'; assigneeId?: string | undefined }
  | { type: 'priority'; priority: string }
  | { type: 'tag'; add: string[]; remove: string[] }
  | { type: 'link'; to: string }
  | { type: 'action'; action: CaseAction; body?: ActionBody | undefined }

async function linkCases(ctx: Ctx, id: string, to: string): Promise<void> {
  if (id === to) throw new ConflictError('cases.link_self', 'a case cannot be linked to itself')
  await withTx(ctx, async (tx) => {
    // lock in id order so two bulk links over the same pair cannot deadlock
    const [a, b] = [id, to].sort()
    await repo.lock(tx, a!)
    await repo.lock(tx, b!)
    const row = await lockVisibleCase(ctx, tx, id)
    const other = await lockVisibleCase(ctx, tx, to)
    const now = ctx.clock.now()
    if (!row.linkedCaseIds.includes(to)) await repo.appendLinked(tx, id, to, now)
    if (!other.linkedCaseIds.includes(id)) await repo.appendLinked(tx, to, id, now)
    await repo.insertEvents(tx, [event(ctx, id, 'linked', { to, number: other.number }), event(ctx, to, 'linked', { to: id, number: row.number })])
    await audit.record(tx, ctx, 'case.linked', { type: 'case', id }, { to })
  })
}

export async function bulk(ctx: Ctx, ids: string[], op: BulkOp) {
  const results: { id: string; ok: boolean; error?: { code: string; message: string } }[] = []
  for (const id of [...new Set(ids)]) {
    try {
      switch (op.type) {
        case 'assign': {
          const row = await visibleCase(ctx, ctx.db, id)
          await act(ctx, id, row.assigneeId ? 'reassign' : 'assign', { assigneeId: op.assigneeId })
          break
        }
        case 'priority':
          await updateCase(ctx, id, { priority: op.priority })
          break
        case 'tag': {
          const row = await visibleCase(ctx, ctx.db, id)
          const tags = [...new Set([...row.tags, ...op.add])].filter((t) => !op.remove.includes(t))
          await updateCase(ctx, id, { tags })
          break
        }
        case 'link':
          await linkCases(ctx, id, op.to)
          break
        case 'action':
          await act(ctx, id, op.action, op.body ?? {})
          break
      }
      results.push({ id, ok: true })
    } catch (e) {
      if (!(e instanceof DomainError)) throw e
      results.push({ id, ok: false, error: { code: e.code, message: e.message } })
    }
  }
  return { ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results }
}
