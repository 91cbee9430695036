// Rows to API views: parties decrypted and masked (or revealed), playbook progress, the computed clock.
import type { Ctx } from '../../platform/ctx.ts'
import { maskPii, type PiiKind } from '../../platform/crypto.ts'
import type { CaseDetail, CaseSummary, Party } from '../../contracts/cases.schema.ts'
import { allowedActions, type CaseStatus } from './core/transitions.ts'
import { defaultPlaybooks, type Playbook } from './core/playbook.ts'
import type { CaseRow, ListedCase, PartyRow } from './case.repo.ts'
import { extensionsOf, pausesOf, policyOf, report, type Sector } from './sla.service.ts'

export interface CompletedStep {
  stepId: string
  at: string
  by: string | null
}
export const completedStepsOf = (row: CaseRow) => row.completedSteps as CompletedStep[]
export const playbookOf = (row: CaseRow): Playbook => defaultPlaybooks[row.sector as Sector] ?? defaultPlaybooks.ecommerce

const partyFields: [keyof Party & keyof PartyRow | 'name' | 'phone' | 'idNumber' | 'email' | 'address' | 'bankAccount', PiiKind][] = [
  ['name', 'name'], ['phone', 'phone'], ['idNumber', 'idNumber'], ['email', 'email'], ['address', 'address'], ['bankAccount', 'bankAccount'],
]
type PiiField = 'name' | 'phone' | 'idNumber' | 'email' | 'address' | 'bankAccount'

/** Masked unless `reveal`; a sealed party shows nothing unless `reveal` (the caller checked reporter:unseal). */
export function partyView(ctx: Ctx, p: PartyRow, reveal: boolean): Party {
  const out: Party = {
    id: p.id, role: p.role as Party['role'], name: null, phone: null, idNumber: null, email: null, address: null, bankAccount: null,
    agentOrganization: p.agentOrganization, powerOfAttorneyEvidenceId: p.powerOfAttorneyEvidenceId, sealed: p.sealed, masked: !reveal,
  }
  if (p.sealed && !reveal) return out
  for (const [field, kind] of partyFields) {
    const enc = p[`${field as PiiField}Enc`]
    if (!enc) continue
    const plain = ctx.crypto.decrypt(enc)
    out[field as PiiField] = reveal ? plain : maskPii(kind, plain)
  }
  return out
}

export interface StoredHold {
  reason: string
  since: string
  until: string | null
  heldFrom: string
  byName: string
}
function holdOf(row: CaseRow): CaseDetail['hold'] {
  const h = row.status === 'on_hold' ? (row.hold as StoredHold | null) : null
  return h ? { reason: h.reason, since: new Date(h.since), until: h.until ? new Date(h.until) : null, heldFrom: h.heldFrom, byName: h.byName } : null
}

function escalationOf(row: CaseRow): CaseDetail['escalation'] {
  const e = row.escalation as { body: string; reference: string | null; evidenceIds?: string[]; at: string } | null
  return e ? { body: e.body, reference: e.reference, evidenceIds: e.evidenceIds ?? [], at: new Date(e.at) } : null
}

export interface StoredAnalysis {
  dimensions: Record<string, { score: number; note: string }>
  risk: { score: number; level: string; drivers: string[] }
  at: string
  by: string | null
}
function analysisOf(row: CaseRow): CaseDetail['analysis'] {
  const a = (row.analysis ?? null) as StoredAnalysis | null
  return a ? ({ ...a, at: new Date(a.at) } as CaseDetail['analysis']) : null
}

export function summaryView(ctx: Ctx, row: CaseRow | ListedCase, assigneeName?: string | null): CaseSummary {
  const nameEnc = 'complainantNameEnc' in row ? row.complainantNameEnc : null
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as CaseSummary['kind'],
    channel: row.channel as CaseSummary['channel'],
    status: row.status as CaseSummary['status'],
    priority: row.priority as CaseSummary['priority'],
    category: row.category,
    productLine: row.productLine,
    sector: row.sector as Sector,
    queueId: row.queueId,
    assigneeId: row.assigneeId,
    assigneeName: assigneeName ?? ('assigneeName' in row ? row.assigneeName : null),
    subject: { type: row.subjectType, ref: row.subjectRef, name: row.subjectName },
    complainantName: nameEnc ? maskPii('name', ctx.crypto.decrypt(nameEnc)) : null,
    slaState: row.slaState as CaseSummary['slaState'],
    slaDueAt: row.slaDueAt,
    duplicateOf: row.duplicateOf,
    anonymous: row.anonymous,
    riskLevel: (row.riskLevel ?? null) as CaseSummary['riskLevel'],
    tags: row.tags ?? [],
    receivedAt: row.receivedAt,
    updatedAt: row.updatedAt,
  }
}

export function detailView(ctx: Ctx, row: CaseRow, parties: PartyRow[], assigneeName: string | null = null): CaseDetail {
  const now = ctx.clock.now()
  const r = report(row, now)
  const policy = policyOf(row)
  const done = new Map(completedStepsOf(row).map((s) => [s.stepId, s]))
  const playbook = playbookOf(row)
  const unapplied = new Set(r.targets.flatMap((t) => t.unappliedExtensions.map((u) => `${u.extension.targetKey}:${u.extension.ruleId}:${u.extension.grantedAt}`)))
  const complainant = parties.find((p) => p.role === 'complainant')
  return {
    ...summaryView(ctx, row, assigneeName),
    complainantName: complainant?.nameEnc ? maskPii('name', ctx.crypto.decrypt(complainant.nameEnc)) : null,
    source: row.source,
    externalId: row.externalId,
    issueType: row.issueType,
    demandType: row.demandType,
    demandAmountFen: row.demandAmountFen,
    region: row.region,
    text: row.text,
    regulator: row.regulatorRef || row.regulatorDueAt ? { reference: row.regulatorRef, dueAt: row.regulatorDueAt } : null,
    linkedCaseIds: row.linkedCaseIds,
    campaignId: row.campaignId,
    outcome: row.outcome,
    escalation: escalationOf(row),
    hold: holdOf(row),
    analysis: analysisOf(row),
    rootCauses: row.rootCauses ?? [],
    allowedActions: allowedActions(row.status as CaseStatus),
    parties: parties.map((p) => partyView(ctx, p, false)),
    playbook: {
      id: playbook.id,
      steps: playbook.steps.map((s) => ({
        id: s.id, label: s.label, requiredBefore: s.requiredBefore, optional: Boolean(s.optional),
        done: done.has(s.id), doneAt: done.has(s.id) ? new Date(done.get(s.id)!.at) : null,
      })),
    },
    sla: {
      policyId: policy.id,
      policyName: policy.name,
      state: r.state,
      nextCheckAt: r.nextCheckAt === null ? null : new Date(r.nextCheckAt),
      targets: r.targets.map((t) => ({
        key: t.key, label: t.label, unit: t.unit, amount: t.amount, dueAt: new Date(t.dueAt), dueIsProvisional: t.dueIsProvisional,
        warningAt: t.warningAt === null ? null : new Date(t.warningAt), elapsedFraction: t.elapsedFraction, state: t.state, paused: t.paused,
        msUntilDue: t.msUntilDue, completedAt: t.completedAt === null ? null : new Date(t.completedAt),
      })),
      pauses: pausesOf(row).map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null, reason: p.reason })),
      extensions: extensionsOf(row).map((e) => ({
        targetKey: e.targetKey, ruleId: e.ruleId, grantedAt: new Date(e.grantedAt), reason: e.reason,
        applied: !unapplied.has(`${e.targetKey}:${e.ruleId}:${Date.parse(e.grantedAt)}`),
      })),
    },
    createdAt: row.createdAt,
  }
}
