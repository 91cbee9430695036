// CSV export of a filtered case list for reporting: names masked, no other PII, at most 50,000 rows,
// audited with the filters used (who took which data out).
import { stringify } from 'csv-stringify/sync'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ValidationError } from '../../platform/errors.ts'
import * as audit from '../audit/index.ts'
import { ExportLimits } from '../../contracts/cases.schema.ts'
import * as repo from './case.repo.ts'
import { summaryView } from './case.view.ts'
import type { ListInput } from './case.service.ts'
import { caseScope } from './scope.ts'

const columns = [
  'number', 'kind', 'channel', 'status', 'priority', 'category', 'product_line', 'sector', 'subject_type', 'subject_ref', 'subject_name',
  'complainant', 'sla_state', 'sla_due_at', 'risk_level', 'tags', 'duplicate_of', 'received_at', 'updated_at',
]

export async function exportCases(ctx: Ctx, q: Omit<ListInput, 'cursor' | 'limit'>): Promise<{ csv: Buffer; rows: number }> {
  const now = ctx.clock.now()
  const assigneeId = q.assigneeId === 'me' ? (ctx.actor.userId ?? '00000000-0000-0000-0000-000000000000') : q.assigneeId === 'none' ? null : q.assigneeId
  const rows = await repo.list(dbOf(ctx), { ...q, assigneeId, now, scope: caseScope(ctx), limit: ExportLimits.rowsMax + 1 })
  if (rows.length > ExportLimits.rowsMax) {
    throw new ValidationError('cases.export_too_large', `more than ${ExportLimits.rowsMax} cases match; narrow the filters`, { limit: ExportLimits.rowsMax })
  }
  const numbers = new Map(rows.map((r) => [r.id, r.number]))
  const lines = rows.map((r) => {
    const v = summaryView(ctx, r)
    return [
      v.number, v.kind, v.channel, v.status, v.priority, v.category ?? '', v.productLine ?? '', v.sector, v.subject.type, v.subject.ref ?? '', v.subject.name,
      v.complainantName ?? '', v.slaState, v.slaDueAt?.toISOString() ?? '', v.riskLevel ?? '', v.tags.join(';'),
      v.duplicateOf ? (numbers.get(v.duplicateOf) ?? v.duplicateOf) : '', v.receivedAt.toISOString(), v.updatedAt.toISOString(),
    ]
  })
  const csv = Buffer.from('\uFEFF' + stringify([columns, ...lines]), 'utf8')
  await withTx(ctx, (tx) => audit.record(tx, ctx, 'case.exported', null, { filters: q, rows: rows.length }))
  return { csv, rows: rows.length }
}
