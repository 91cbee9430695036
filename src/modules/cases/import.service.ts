// Bulk import: every row validated first (a file with bad rows is rejected whole, or its bad rows reported
// and skipped), then one transaction: idempotent by (source, externalId), so a re-run creates nothing new.
// Batches of 500 rows share their queries (numbers, existing ids, duplicate candidates, inserts, jobs). Each
// created case gets its own `case.received` audit row (as at single intake, marked with the import row),
// appended in one chained batch, and each batch one `case.imported` summary row listing the cases.
import type { Ctx } from '../../platform/ctx.ts'
import { withTx } from '../../platform/ctx.ts'
import { DomainError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as jobs from '../../platform/jobs.ts'
import * as audit from '../audit/index.ts'
import * as campaigns from '../campaigns/index.ts'
import { ComplaintCreate } from '../../contracts/cases.schema.ts'
import { taxonomyLookup, type TaxonomyLookup } from './taxonomy.service.ts'
import * as repo from './case.repo.ts'
import type { CaseRow, NewCase, NewParty } from './case.repo.ts'
import * as sla from './sla.service.ts'
import * as webhooks from './webhook.service.ts'
import { raisePriority, triageSignals } from './triage.service.ts'
import { DEFAULT_DUPLICATE_WINDOW_DAYS, DUPLICATE_WINDOW_SETTING, event, factsOf, formatCaseNumber, priorityRank, routeCase, sealParty, validateIntake } from './case.service.ts'

export interface ImportRowInput {
  row: number
  record: Record<string, unknown>
}
export interface ImportInvalid {
  row: number
  errors: string[]
}
export interface ImportOutcome {
  row: number
  status: 'created' | 'existing'
  caseId: string
  number: string
}

const BATCH = 500

/** Validates every row against ComplaintCreate and the intake rules; import needs an externalId per row. */
export function validateRows(rows: ImportRowInput[], now: Date): { valid: { row: number; input: ComplaintCreate }[]; invalid: ImportInvalid[] } {
  const valid: { row: number; input: ComplaintCreate }[] = []
  const invalid: ImportInvalid[] = []
  const seen = new Map<string, number>()
  for (const r of rows) {
    const parsed = ComplaintCreate.safeParse(r.record)
    if (!parsed.success) {
      invalid.push({ row: r.row, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`) })
      continue
    }
    const input = parsed.data
    const errors: string[] = []
    if (!input.externalId) errors.push('externalId: required for import (re-runs are matched by it)')
    try {
      validateIntake(input, now)
    } catch (e) {
      if (e instanceof DomainError) errors.push(`${String(e.details?.field ?? 'row')}: ${e.message}`)
      else throw e
    }
    if (input.agent) errors.push('agent: agent complaints need their power of attorney uploaded; file them through POST /api/v1/complaints')
    const key = `${input.source ?? input.channel}\u0000${input.externalId ?? ''}`
    if (input.externalId && seen.has(key)) errors.push(`externalId: ${input.externalId} repeats row ${seen.get(key)}`)
    else if (input.externalId) seen.set(key, r.row)
    if (errors.length) invalid.push({ row: r.row, errors })
    else valid.push({ row: r.row, input })
  }
  return { valid, invalid }
}

/**
 * validateRows, then the taxonomy (one query for the whole file): rows naming a product line that is not an
 * active term, or a demand type that is neither built in nor an active admin-added term, become invalid.
 */
export async function validateImport(ctx: Ctx, rows: ImportRowInput[], now: Date = ctx.clock.now()) {
  const checked = validateRows(rows, now)
  const lookup = await taxonomyLookup(ctx.tx ?? ctx.db)
  const valid: typeof checked.valid = []
  const moreInvalid: ImportInvalid[] = []
  for (const v of checked.valid) {
    try {
      lookup.check({ productLine: v.input.productLine, demandType: v.input.demandType })
      valid.push(v)
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e
      moreInvalid.push({ row: v.row, errors: [e.message] })
    }
  }
  return { valid, invalid: [...checked.invalid, ...moreInvalid].sort((a, b) => a.row - b.row), lookup }
}

/** The sector of an imported row's product line (its term was checked by validateImport); none: e-commerce. */
const sectorOf = (lookup: TaxonomyLookup, input: ComplaintCreate): sla.Sector => lookup.check({ productLine: input.productLine }).sector ?? 'ecommerce'

export async function importComplaints(
  ctx: Ctx,
  rows: ImportRowInput[],
  opts: { skipInvalid?: boolean; onProgress?: (done: number) => void } = {},
): Promise<{ created: number; existing: number; invalid: ImportInvalid[]; rows: ImportOutcome[] }> {
  const now = ctx.clock.now()
  const { valid, invalid, lookup } = await validateImport(ctx, rows, now)
  if (invalid.length && !opts.skipInvalid) {
    const shown = invalid.slice(0, 20).map((i) => `row ${i.row}: ${i.errors.join('; ')}`)
    throw new ValidationError('cases.import_invalid', `${invalid.length} of ${rows.length} rows are invalid; nothing was imported. ${shown.join(' | ')}`, {
      invalid: invalid.slice(0, 1000),
    })
  }
  await sla.refreshCalendar(ctx.tx ?? ctx.db)
  const windowSetting = await repo.setting(ctx.tx ?? ctx.db, DUPLICATE_WINDOW_SETTING)
  const windowMs = (typeof windowSetting === 'number' ? windowSetting : DEFAULT_DUPLICATE_WINDOW_DAYS) * 86_400_000
  const outcomes: ImportOutcome[] = []
  let created = 0
  await withTx(ctx, async (tx) => {
    const rules = await repo.activeRules(tx)
    const floors = new Map((await repo.queues(tx)).map((q) => [q.id, q.minPriority])) // queues with priority
    const policyRules = await sla.policyRules(tx)
    for (let start = 0; start < valid.length; start += BATCH) {
      const batch = valid.slice(start, start + BATCH)
      // 1. rows already imported (by source and external id)
      const existing = new Map<string, { id: string; number: string }>()
      const bySource = new Map<string, string[]>()
      for (const { input } of batch) {
        const source = input.source ?? input.channel
        bySource.set(source, [...(bySource.get(source) ?? []), input.externalId!])
      }
      for (const [source, ids] of bySource) {
        for (const e of await repo.existingExternal(tx, source, ids)) existing.set(`${source}\u0000${e.externalId}`, e)
      }
      const fresh = batch.filter(({ input }) => !existing.has(`${input.source ?? input.channel}\u0000${input.externalId}`))
      for (const b of batch) {
        const e = existing.get(`${b.input.source ?? b.input.channel}\u0000${b.input.externalId}`)
        if (e) outcomes.push({ row: b.row, status: 'existing', caseId: e.id, number: e.number })
      }
      if (!fresh.length) continue
      // 2. numbers, parties, duplicate candidates
      const numbers = await repo.nextNumbers(tx, fresh.length)
      const items = fresh.map(({ row, input }, i) => {
        const id = newId()
        const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now
        const parties: NewParty[] = input.complainants.map((p) => sealParty(ctx, id, 'complainant', p))
        const bidxs = parties.flatMap((p) => [p.phoneBidx, p.idNumberBidx]).filter((b): b is string => Boolean(b))
        return { row, input, id, receivedAt, parties, bidxs, number: formatCaseNumber(receivedAt, numbers[i]!) }
      })
      const allBidx = [...new Set(items.flatMap((i) => i.bidxs))]
      const minReceived = Math.min(...items.map((i) => i.receivedAt.getTime()))
      const candidates: repo.DuplicateCandidate[] = await repo.duplicateCandidates(tx, allBidx, new Date(minReceived - windowMs))
      const linksToExisting: { originalId: string; duplicateId: string }[] = []
      const cases: NewCase[] = []
      const events: repo.NewEvent[] = []
      const jobSpecs: jobs.JobSpec[] = []
      const linkedInBatch = new Map<string, string[]>()
      for (const it of items) {
        const { input } = it
        const ref = input.subject.ref ?? null
        const original = it.bidxs.length
          ? candidates.find(
              (c) =>
                (ref ? c.subjectRef === ref : c.subjectName === input.subject.name) &&
                (it.bidxs.includes(c.phoneBidx ?? '') || it.bidxs.includes(c.idNumberBidx ?? '')) &&
                c.receivedAt.getTime() <= it.receivedAt.getTime() &&
                c.receivedAt.getTime() >= it.receivedAt.getTime() - windowMs,
            )
          : undefined
        const sector = sectorOf(lookup, input)
        const policy = sla.choosePolicy(input.kind, sector, factsOf(input), policyRules)
        const source = input.source ?? input.channel
        const signals = triageSignals(input.text)
        const queueId = input.queueId ?? routeCase(rules, input, sector)?.queueId ?? null
        const priority = raisePriority(raisePriority(input.priority, signals.minPriority), (queueId && floors.get(queueId)) || null)
        const row: NewCase = {
          id: it.id, number: it.number, kind: input.kind, channel: input.channel, source, externalId: input.externalId ?? null, status: 'new',
          category: input.category ?? null, productLine: input.productLine ?? null, sector, issueType: input.issueType ?? null,
          demandType: input.demandType ?? null, demandAmountFen: input.demandAmountFen ?? null, priority, tags: [...new Set([...(input.tags ?? []), ...signals.tags])],
          priorityRank: priorityRank[priority] ?? 2, queueId, assigneeId: null,
          subjectType: input.subject.type,
          subjectRef: ref, subjectName: input.subject.name, region: input.region ?? null, text: input.text,
          regulatorRef: input.regulator?.reference ?? null, regulatorDueAt: input.regulator ? new Date(input.regulator.dueAt) : null, anonymous: false,
          receiptCodeHash: null, intakeIpHash: null, slaPolicy: JSON.stringify(policy), slaPauses: '[]', slaExtensions: '[]', slaNotified: '[]',
          completedSteps: '[]', linkedCaseIds: [], escalation: null, firstResponseAt: null, resolvedAt: null, outcome: null, campaignId: null,
          slaState: 'ok', slaDueAt: null, duplicateOf: original?.id ?? null, receivedAt: it.receivedAt,
          createdBy: ctx.actor.id ?? ctx.actor.name, createdAt: now, updatedAt: now,
        }
        const r = sla.report(sla.merged(row as unknown as CaseRow, row), now)
        Object.assign(row, sla.cachedColumns(r))
        cases.push(row)
        events.push(event(ctx, it.id, 'received', { channel: input.channel, kind: input.kind, source, imported: true }, 'external'))
        if (original) {
          events.push(event(ctx, it.id, 'duplicate_linked', { duplicateOf: original.id, number: original.number }))
          events.push(event(ctx, original.id, 'duplicate_linked', { duplicate: it.id, number: it.number }))
          if (linkedInBatch.has(original.id)) linkedInBatch.get(original.id)!.push(it.id)
          else linksToExisting.push({ originalId: original.id, duplicateId: it.id })
        } else if (it.bidxs.length) {
          // later rows of this import may be duplicates of this one
          for (const b of it.bidxs) {
            candidates.push({ id: it.id, number: it.number, subjectRef: ref, subjectName: input.subject.name, receivedAt: it.receivedAt, phoneBidx: b, idNumberBidx: null })
          }
          linkedInBatch.set(it.id, [])
        }
        if (r.nextCheckAt !== null) {
          jobSpecs.push({ kind: sla.SLA_CHECK_JOB, payload: { caseId: it.id }, runAt: new Date(r.nextCheckAt), uniqueKey: sla.slaJobKey(it.id) })
        }
        outcomes.push({ row: it.row, status: 'created', caseId: it.id, number: it.number })
      }
      for (const c of cases) c.linkedCaseIds = linkedInBatch.get(c.id) ?? []
      for (let i = 0; i < cases.length; i += 250) await repo.insertCases(tx, cases.slice(i, i + 250))
      const parties = items.flatMap((i) => i.parties)
      for (let i = 0; i < parties.length; i += 500) await repo.insertParties(tx, parties.slice(i, i + 500))
      for (let i = 0; i < events.length; i += 1000) await repo.insertEvents(tx, events.slice(i, i + 1000))
      for (const l of linksToExisting) await repo.appendLinked(tx, l.originalId, l.duplicateId, now)
      await jobs.enqueueMany(tx, ctx.clock, jobSpecs)
      if (cases.length) await campaigns.enqueueReclusterSoon(tx, ctx) // imported complaints join campaign detection
      await webhooks.emitMany(tx, ctx, 'case.created', cases.map((c) => ({ caseId: c.id, number: c.number, kind: c.kind, channel: c.channel, duplicateOf: c.duplicateOf })))
      created += cases.length
      const rowOf = new Map(items.map((it) => [it.id, it.row]))
      await audit.recordMany(tx, ctx, [
        ...cases.map((c) => ({
          action: 'case.received', target: { type: 'case', id: c.id },
          data: { number: c.number, kind: c.kind, channel: c.channel, source: c.source, duplicateOf: c.duplicateOf, policy: (JSON.parse(c.slaPolicy as string) as { id: string }).id, importRow: rowOf.get(c.id) },
        })),
        {
          action: 'case.imported', target: null,
          data: { count: cases.length, caseIds: cases.map((c) => c.id), sources: [...bySource.keys()], rows: [fresh[0]!.row, fresh[fresh.length - 1]!.row] },
        },
      ])
      opts.onProgress?.(Math.min(start + BATCH, valid.length))
    }
  })
  outcomes.sort((a, b) => a.row - b.row)
  return { created, existing: outcomes.length - created, invalid, rows: outcomes }
}
