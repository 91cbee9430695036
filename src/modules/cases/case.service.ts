// Case intake and handling: one mutation, one transaction — its rows, timeline events, clock job, audit last.
import type { Tx } from '../../db/database.ts'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, hasPermission, withTx } from '../../platform/ctx.ts'
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as jobs from '../../platform/jobs.ts'
import type { PiiKind } from '../../platform/crypto.ts'
import * as audit from '../audit/index.ts'
import * as campaigns from '../campaigns/index.ts'
import {
  type ActionBody, type CaseDetail, type ComplaintCreate, type Party, CaseLimits,
} from '../../contracts/cases.schema.ts'
import { permissionsOf } from '../../contracts/permissions.ts'
import { transition, type CaseAction, type CaseStatus } from './core/transitions.ts'
import { missingSteps, overallRisk, unknownSteps, type FiveDimensionAnalysis } from './core/playbook.ts'
import { checkExtension } from './core/sla-clock.ts'
import { localDateOf, yearOf } from './core/local-date.ts'
import { nextRoundRobin, route, type RoutingMatch } from './core/routing.ts'
import * as repo from './case.repo.ts'
import { checkTaxonomyCodes } from './taxonomy.service.ts'
import type { CaseRow, NewEvent, NewParty, PartyRow } from './case.repo.ts'
import * as sla from './sla.service.ts'
import * as webhooks from './webhook.service.ts'
import { raisePriority, triageSignals } from './triage.service.ts'
import { completedStepsOf, detailView, partyView, playbookOf, summaryView, type CompletedStep, type StoredHold } from './case.view.ts'
import { caseScope, isRedacted, lockVisibleCase, redactDetail, redactSummary, visibleCase } from './scope.ts'

export const priorityRank: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 }
/** Statuses that no longer count towards a handler's load. */
export const finishedStatuses = ['resolved', 'closed', 'withdrawn'] as const
export const DUPLICATE_WINDOW_SETTING = 'cases.duplicate_window_days'
export const DEFAULT_DUPLICATE_WINDOW_DAYS = 30
/** 复议: how long after resolution the complainant may appeal. */
export const APPEAL_WINDOW_SETTING = 'cases.appeal_window_days'
export const DEFAULT_APPEAL_WINDOW_DAYS = 30

const target = (id: string) => ({ type: 'case', id })

export function formatCaseNumber(receivedAt: Date, n: number): string {
  return `TP-${yearOf(localDateOf(receivedAt.getTime()))}-${String(n).padStart(6, '0')}`
}

export function event(ctx: Ctx, caseId: string, type: string, body: Record<string, unknown>, visibility: 'internal' | 'external' = 'internal'): NewEvent {
  return {
    id: newId(), caseId, at: ctx.clock.now(), actorKind: ctx.actor.kind, actorId: ctx.actor.id, actorName: ctx.actor.name,
    type, visibility, body: JSON.stringify(body),
  }
}

export interface PartyInputLike {
  name?: string | undefined
  phone?: string | undefined
  idNumber?: string | undefined
  email?: string | undefined
  address?: string | undefined
  bankAccount?: string | undefined
}

/** Encrypts each PII field and adds its blind index. */
export function sealParty(ctx: Ctx, caseId: string, role: string, p: PartyInputLike, extra: Partial<NewParty> = {}): NewParty {
  const enc = (kind: PiiKind, v: string | undefined) => (v ? ctx.crypto.encrypt(v) : null)
  const bidx = (kind: PiiKind, v: string | undefined) => (v ? ctx.crypto.blindIndex(kind, v) : null)
  return {
    id: newId(), caseId, role,
    nameEnc: enc('name', p.name), nameBidx: bidx('name', p.name),
    phoneEnc: enc('phone', p.phone), phoneBidx: bidx('phone', p.phone),
    idNumberEnc: enc('idNumber', p.idNumber), idNumberBidx: bidx('idNumber', p.idNumber),
    emailEnc: enc('email', p.email), emailBidx: bidx('email', p.email),
    addressEnc: enc('address', p.address), addressBidx: bidx('address', p.address),
    bankAccountEnc: enc('bankAccount', p.bankAccount), bankAccountBidx: bidx('bankAccount', p.bankAccount),
    agentOrganization: null, powerOfAttorneyEvidenceId: null, sealed: false, createdAt: ctx.clock.now(),
    ...extra,
  }
}

async function appealWindowDays(tx: Tx): Promise<number> {
  const v = await repo.setting(tx, APPEAL_WINDOW_SETTING)
  return typeof v === 'number' && v >= 0 ? v : DEFAULT_APPEAL_WINDOW_DAYS
}

async function duplicateWindowDays(ctx: Ctx): Promise<number> {
  const v = await repo.setting(dbOf(ctx), DUPLICATE_WINDOW_SETTING)
  return typeof v === 'number' && v >= 0 ? v : DEFAULT_DUPLICATE_WINDOW_DAYS
}

export function validateIntake(input: ComplaintCreate, now: Date): void {
  if (input.agent && !input.agent.powerOfAttorneyEvidenceId) {
    throw new ValidationError(
      'cases.power_of_attorney_required',
      'an agent (投诉代理人) must file with a power of attorney (授权委托书): upload it and give agent.powerOfAttorneyEvidenceId',
      { field: 'agent.powerOfAttorneyEvidenceId' },
    )
  }
  if (input.channel === 'agent' && !input.agent) {
    throw new ValidationError('cases.power_of_attorney_required', 'channel agent needs agent with agent.powerOfAttorneyEvidenceId (授权委托书)', {
      field: 'agent.powerOfAttorneyEvidenceId',
    })
  }
  if (input.kind === 'regulator_transfer' && !input.regulator) {
    throw new ValidationError('cases.regulator_required', 'a regulator transfer needs regulator.reference and regulator.dueAt', { field: 'regulator' })
  }
  // A regulator forwarding a complaint keeps the complainant's identity (CFPB, 12315 transfers without PII).
  if ((input.kind === 'complaint' || input.kind === 'appeal') && input.complainants.length === 0 && input.channel !== 'regulator') {
    throw new ValidationError('cases.complainant_required', `a ${input.kind} needs at least one complainant`, { field: 'complainants' })
  }
  if (input.receivedAt && Date.parse(input.receivedAt) > now.getTime() + 60_000) {
    throw new ValidationError('cases.received_in_future', `receivedAt ${input.receivedAt} is in the future`, { field: 'receivedAt' })
  }
}

export interface IntakeOptions {
  /** Public form: the blind-indexed IP (rate limiting) and the hashed receipt code. */
  intakeIpHash?: string | null
  receiptCodeHash?: string | null
  sealedReporter?: PartyInputLike | null
}

/** Receives a complaint, report, appeal or transfer: the case, its parties, duplicate link, clock job, audit. */
export async function receiveComplaint(ctx: Ctx, input: ComplaintCreate, opts: IntakeOptions = {}): Promise<CaseDetail> {
  const now = ctx.clock.now()
  await sla.refreshCalendar(dbOf(ctx))
  validateIntake(input, now)
  const windowDays = await duplicateWindowDays(ctx)
  return withTx(ctx, async (tx) => {
    const source = input.source ?? input.channel
    if (input.externalId) {
      const existing = await repo.byExternalId(tx, source, input.externalId)
      if (existing) {
        throw new ConflictError('cases.external_id_exists', `source ${source} already sent external id ${input.externalId} (case ${existing.number})`, {
          caseId: existing.id, number: existing.number,
        })
      }
    }
    const poa = input.agent?.powerOfAttorneyEvidenceId
    if (poa) {
      const ev = await repo.evidence(tx, poa)
      if (!ev) throw new ValidationError('cases.evidence_not_found', `evidence ${poa} (power of attorney) does not exist`, { field: 'agent.powerOfAttorneyEvidenceId' })
      if (ev.caseId) throw new ValidationError('cases.evidence_in_use', `evidence ${poa} already belongs to another case`, { field: 'agent.powerOfAttorneyEvidenceId' })
    }
    const givenQueue = input.queueId ? await repo.queue(tx, input.queueId) : undefined
    if (input.queueId && !givenQueue) {
      throw new ValidationError('cases.queue_not_found', `queue ${input.queueId} does not exist`, { field: 'queueId' })
    }
    // The product line's sector comes from its taxonomy term (built in or admin-added); none: e-commerce.
    const lineSector = (await checkTaxonomyCodes(tx, { productLine: input.productLine, demandType: input.demandType })).sector
    const id = newId()
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now
    const sector: sla.Sector = lineSector ?? 'ecommerce'
    const policy = sla.choosePolicy(input.kind, sector, factsOf(input), await sla.policyRules(tx))
    const routed = input.queueId ? null : routeCase(await repo.activeRules(tx), input, sector)
    const signals = triageSignals(input.text)
    // The queue's floor (queues with priority) raises the case too, as the text's signals do.
    const queue = givenQueue ?? (routed ? await repo.queue(tx, routed.queueId) : undefined)
    const priority = raisePriority(raisePriority(input.priority, signals.minPriority), queue?.minPriority ?? null)
    const parties: NewParty[] = input.complainants.map((p) => sealParty(ctx, id, 'complainant', p))
    if (input.agent) {
      parties.push(sealParty(ctx, id, 'agent', input.agent, { agentOrganization: input.agent.organization ?? null, powerOfAttorneyEvidenceId: poa ?? null }))
    }
    if (opts.sealedReporter) parties.push(sealParty(ctx, id, 'reporter', opts.sealedReporter, { sealed: true }))

    const bidxs = parties.filter((p) => p.role === 'complainant').flatMap((p) => [p.phoneBidx, p.idNumberBidx]).filter((b): b is string => Boolean(b))
    const original = await repo.findDuplicate(tx, {
      bidxs, subjectRef: input.subject.ref ?? null, subjectName: input.subject.name, since: new Date(receivedAt.getTime() - windowDays * 86_400_000),
    })
    const row: repo.NewCase = {
      id, number: formatCaseNumber(receivedAt, await repo.nextNumber(tx)), kind: input.kind, channel: input.channel, source,
      externalId: input.externalId ?? null, status: 'new', category: input.category ?? null, productLine: input.productLine ?? null, sector,
      issueType: input.issueType ?? null, demandType: input.demandType ?? null, demandAmountFen: input.demandAmountFen ?? null,
      priority, priorityRank: priorityRank[priority] ?? 2, queueId: input.queueId ?? routed?.queueId ?? null, assigneeId: null, tags: [...new Set([...(input.tags ?? []), ...signals.tags])],
      subjectType: input.subject.type, subjectRef: input.subject.ref ?? null, subjectName: input.subject.name, region: input.region ?? null,
      text: input.text, regulatorRef: input.regulator?.reference ?? null, regulatorDueAt: input.regulator ? new Date(input.regulator.dueAt) : null,
      anonymous: input.kind === 'report' && parties.every((p) => p.role !== 'complainant') && !opts.sealedReporter,
      receiptCodeHash: opts.receiptCodeHash ?? null, intakeIpHash: opts.intakeIpHash ?? null,
      slaPolicy: JSON.stringify(policy), slaPauses: '[]', slaExtensions: '[]', slaNotified: '[]', completedSteps: '[]', linkedCaseIds: [],
      escalation: null, firstResponseAt: null, resolvedAt: null, outcome: null, campaignId: null,
      slaState: 'ok', slaDueAt: null, duplicateOf: original?.id ?? null,
      receivedAt, createdBy: ctx.actor.id ?? ctx.actor.name, createdAt: now, updatedAt: now,
    }
    const asRow = sla.merged(row as unknown as CaseRow, row)
    const r = sla.report(asRow, now)
    Object.assign(row, sla.cachedColumns(r))
    await repo.insertCase(tx, row)
    await repo.insertParties(tx, parties)
    if (poa) await repo.attachEvidence(tx, poa, id)
    const events = [event(ctx, id, 'received', { channel: input.channel, kind: input.kind, source }, 'external')]
    if (routed) events.push(event(ctx, id, 'routed', { ruleId: routed.id, queueId: routed.queueId }))
    if (signals.hits.length) {
      events.push(event(ctx, id, 'triage_signals', { hits: signals.hits, tags: signals.tags, priority: { given: input.priority, set: priority } }))
    }
    if (original) {
      events.push(event(ctx, id, 'duplicate_linked', { duplicateOf: original.id, number: original.number }))
      events.push(event(ctx, original.id, 'duplicate_linked', { duplicate: id, number: row.number }))
      await repo.appendLinked(tx, original.id, id, now)
    }
    await repo.insertEvents(tx, events)
    await sla.syncClockJob(tx, ctx, id, r)
    await campaigns.enqueueIngest(tx, ctx, id) // campaign detection flags only; it never changes this case
    const view = detailView(ctx, { ...asRow, ...sla.cachedColumns(r) }, parties as PartyRow[])
    await webhooks.emit(tx, ctx, 'case.created', { caseId: id, number: row.number, kind: input.kind, channel: input.channel, duplicateOf: original?.id ?? null })
    await audit.record(tx, ctx, 'case.received', target(id), {
      number: row.number, kind: input.kind, channel: input.channel, source, duplicateOf: original?.id ?? null, policy: policy.id,
    })
    return view
  })
}

export function factsOf(input: ComplaintCreate) {
  return { channel: input.channel, category: input.category ?? null, subjectType: input.subject.type, subjectRef: input.subject.ref ?? null, region: input.region ?? null }
}

/** The queue the routing rules pick for a new case, or null. */
export function routeCase(rules: repo.RoutingRuleRow[], input: ComplaintCreate, sector: string) {
  return route(
    rules.map((r) => ({ id: r.id, position: r.position, match: r.match as RoutingMatch, queueId: r.queueId })),
    {
      kind: input.kind, channel: input.channel, sector, category: input.category ?? null, subjectType: input.subject.type,
      subjectRef: input.subject.ref ?? null, region: input.region ?? null,
    },
  )
}

export async function getCase(ctx: Ctx, id: string): Promise<CaseDetail> {
  const db = dbOf(ctx)
  await sla.refreshCalendar(db)
  const row = await visibleCase(ctx, db, id)
  const view = detailView(ctx, row, await repo.partiesOf(db, id), await repo.displayName(db, row.assigneeId))
  return isRedacted(ctx) ? redactDetail(view) : view
}

// ---- workflow

/** The reminder on a hold's until-date (case.jobs.ts holdDue). */
export const HOLD_DUE_JOB = 'cases.hold_due'

const auditAction: Record<CaseAction, string> = {
  triage: 'case.triaged', assign: 'case.assigned', reassign: 'case.reassigned', start: 'case.started', wait: 'case.waiting',
  resume: 'case.resumed', propose: 'case.proposed', return: 'case.returned', resolve: 'case.resolved', close: 'case.closed',
  reopen: 'case.reopened', escalate: 'case.escalated', deescalate: 'case.deescalated', withdraw: 'case.withdrawn',
  hold: 'case.held', unhold: 'case.unheld', appeal: 'case.appealed', close_duplicate: 'case.closed_duplicate',
}

// A sealed reporter never takes part in conflict checks: a refusal naming "a party to the case" would
// let whoever declares interests test guesses of the reporter's phone without reporter:unseal.
function partyBidxs(parties: PartyRow[]): string[] {
  return parties.filter((p) => !p.sealed).flatMap((p) => [p.phoneBidx, p.idNumberBidx]).filter((b): b is string => Boolean(b))
}

function describeInterest(i: repo.InterestRow, row: CaseRow): string {
  return i.subjectRef && i.subjectRef === row.subjectRef
    ? `a declared interest in the subject ${row.subjectName} (${i.subjectRef}): ${i.reason}`
    : `a declared interest in a party to the case: ${i.reason}`
}

/** The handler to assign: the one asked for (refused with the reason on a conflict), else the least loaded. */
async function pickAssignee(tx: Tx, row: CaseRow, parties: PartyRow[], wanted: string | undefined): Promise<repo.UserRef> {
  const bidxs = partyBidxs(parties)
  if (wanted) {
    const u = await repo.user(tx, wanted)
    if (!u) throw new ValidationError('cases.assignee_not_found', `user ${wanted} does not exist`, { field: 'assigneeId' })
    if (u.disabled || !permissionsOf(u.roles).has('cases:handle')) {
      throw new ConflictError('cases.assignee_not_eligible', `user ${u.username} cannot handle cases (disabled or no cases:handle)`, { assigneeId: wanted })
    }
    const conflicts = await repo.conflictingInterests(tx, [u.id], row.subjectRef, bidxs)
    if (conflicts.length) {
      throw new ConflictError(
        'cases.recusal_required',
        `${u.username} must recuse (回避) from case ${row.number}: ${conflicts.map((c) => describeInterest(c, row)).join('; ')}`,
        { assigneeId: u.id, reasons: conflicts.map((c) => ({ interestId: c.id, subject: c.subjectRef, party: c.partyBidx !== null, reason: c.reason })) },
      )
    }
    return u
  }
  // A queue with members assigns among them by its strategy; otherwise any handler, least loaded.
  const queue = row.queueId ? await repo.queue(tx, row.queueId) : undefined
  const members = queue ? (await repo.queueMembers(tx, queue.id)).filter((u) => !u.disabled && permissionsOf(u.roles).has('cases:handle')) : []
  const pool = members.length ? members : await repo.usersWithRole(tx, 'handler')
  const candidates = pool.filter((u) => u.id !== row.assigneeId)
  const conflicted = new Set((await repo.conflictingInterests(tx, candidates.map((c) => c.id), row.subjectRef, bidxs)).map((i) => i.userId))
  const eligible = candidates.filter((c) => !conflicted.has(c.id))
  if (!eligible.length) {
    throw new ConflictError('cases.no_eligible_handler', `no handler without a conflict of interest is available for case ${row.number}`, {
      candidates: candidates.length, recused: conflicted.size, queueId: queue?.id ?? null,
    })
  }
  let chosen: repo.UserRef
  if (queue && members.length && queue.assignment === 'round_robin') {
    chosen = nextRoundRobin(members, queue.lastAssigneeId, (m) => eligible.some((e) => e.id === m.id))!
  } else {
    const load = await repo.openLoad(tx, eligible.map((u) => u.id), finishedStatuses)
    eligible.sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.username.localeCompare(b.username))
    chosen = eligible[0]!
  }
  if (queue) await repo.updateQueue(tx, queue.id, { lastAssigneeId: chosen.id })
  return chosen
}

function requirePermission(ctx: Ctx, permission: string, what: string): void {
  if (!hasPermission(ctx.actor, permission)) {
    throw new ForbiddenError('cases.forbidden', `${what} needs the permission ${permission}`, { permission })
  }
}

/** Applies a workflow action; the state machine decides, the playbook and rules gate, the clock follows. */
export async function act(ctx: Ctx, id: string, action: CaseAction, body: ActionBody = {}): Promise<CaseDetail> {
  await sla.refreshCalendar(dbOf(ctx))
  return withTx(ctx, async (tx) => {
    const row = await lockVisibleCase(ctx, tx, id)
    const from = row.status as CaseStatus
    const t = transition(from, action)
    if (!t.ok) throw new ConflictError('cases.invalid_transition', t.message, { status: from, action, allowed: t.allowed })
    const now = ctx.clock.now()
    const iso = now.toISOString()
    const patch: repo.CasePatch = { status: t.to, updatedAt: now }
    const details: Record<string, unknown> = {}
    const parties = await repo.partiesOf(tx, id)

    switch (action) {
      case 'triage': {
        if (body.category) patch.category = body.category
        if (body.priority) Object.assign(patch, { priority: body.priority, priorityRank: priorityRank[body.priority] })
        if (body.issueType) patch.issueType = body.issueType
        if (body.queueId) {
          const q = await repo.queue(tx, body.queueId)
          if (!q) throw new ValidationError('cases.queue_not_found', `queue ${body.queueId} does not exist`, { field: 'queueId' })
          patch.queueId = body.queueId
          const raised = raisePriority(patch.priority ?? row.priority, q.minPriority)
          if (raised !== (patch.priority ?? row.priority)) Object.assign(patch, { priority: raised, priorityRank: priorityRank[raised] })
        }
        if (body.productLine && body.productLine !== row.productLine) {
          // A new product line can change the sector, hence the policy: the clock is recomputed from receipt.
          const sector = (await checkTaxonomyCodes(tx, { productLine: body.productLine })).sector ?? 'ecommerce'
          const facts = { channel: row.channel, category: body.category ?? row.category, subjectType: row.subjectType, subjectRef: row.subjectRef, region: row.region }
          const policy = sla.choosePolicy(row.kind, sector, facts, await sla.policyRules(tx))
          Object.assign(patch, { productLine: body.productLine, sector, slaPolicy: JSON.stringify(policy) })
        }
        Object.assign(details, { category: patch.category, priority: patch.priority, queueId: patch.queueId, productLine: patch.productLine })
        break
      }
      case 'assign':
      case 'reassign': {
        const self = body.assigneeId !== undefined && body.assigneeId === ctx.actor.userId
        if (!self) requirePermission(ctx, 'cases:assign', 'assigning a case to someone else')
        const u = await pickAssignee(tx, row, parties, body.assigneeId)
        patch.assigneeId = u.id
        Object.assign(details, { assigneeId: u.id, assignee: u.username, previousAssigneeId: row.assigneeId, auto: !body.assigneeId })
        break
      }
      case 'wait': {
        const on = body.waitingOn ?? 'complainant'
        patch.slaPauses = JSON.stringify([...sla.pausesOf(row), { from: iso, to: null, reason: on }])
        details.waitingOn = on
        break
      }
      case 'resolve': {
        requirePermission(ctx, 'cases:resolve', 'resolving a case')
        if (!body.outcome) throw new ValidationError('cases.outcome_required', 'resolving needs an outcome (upheld, partially_upheld, not_upheld, settled, withdrawn, referred)', { field: 'outcome' })
        const missing = missingSteps(playbookOf(row), completedStepsOf(row).map((s) => s.stepId), 'resolve')
        if (missing.length) {
          throw new ConflictError('cases.playbook_incomplete', `cannot resolve case ${row.number}: steps not done: ${missing.map((s) => s.id).join(', ')}`, {
            missing: missing.map((s) => s.id),
          })
        }
        Object.assign(patch, { outcome: body.outcome, resolvedAt: now })
        details.outcome = body.outcome
        break
      }
      case 'close_duplicate': {
        // The same complaint again (same complainant, same matter): closed without handling of its own, linked
        // both ways to the original, which carries the handling and the statutory clock.
        requirePermission(ctx, 'cases:resolve', 'closing a case as a duplicate')
        if (!body.duplicateOf) throw new ValidationError('cases.duplicate_of_required', 'closing as a duplicate needs duplicateOf: the case this one repeats', { field: 'duplicateOf' })
        if (body.duplicateOf === id) throw new ValidationError('cases.duplicate_of_self', `case ${row.number} cannot be a duplicate of itself`, { field: 'duplicateOf' })
        const original = await visibleCase(ctx, tx, body.duplicateOf)
        if (original.outcome === 'duplicate') {
          throw new ConflictError('cases.duplicate_of_duplicate', `case ${original.number} is itself closed as a duplicate of another case; close ${row.number} as a duplicate of that one`, {
            duplicateOf: original.duplicateOf,
          })
        }
        Object.assign(patch, { duplicateOf: original.id, outcome: 'duplicate', resolvedAt: now })
        if (!row.linkedCaseIds.includes(original.id)) patch.linkedCaseIds = [...row.linkedCaseIds, original.id]
        if (!original.linkedCaseIds.includes(id)) await repo.appendLinked(tx, original.id, id, now)
        await repo.insertEvents(tx, [event(ctx, original.id, 'duplicate_linked', { duplicate: id, number: row.number, closed: true })])
        Object.assign(details, { duplicateOf: original.id, duplicateOfNumber: original.number })
        break
      }
      case 'close': {
        requirePermission(ctx, 'cases:resolve', 'closing a case')
        const missing = missingSteps(playbookOf(row), completedStepsOf(row).map((s) => s.stepId), 'close')
        if (missing.length) {
          throw new ConflictError('cases.playbook_incomplete', `cannot close case ${row.number}: steps not done: ${missing.map((s) => s.id).join(', ')}`, {
            missing: missing.map((s) => s.id),
          })
        }
        if (!row.resolvedAt) patch.resolvedAt = now
        break
      }
      case 'reopen': {
        if (!body.reason) throw new ValidationError('cases.reason_required', 'reopening needs a reason (复议, new facts)', { field: 'reason' })
        Object.assign(patch, { resolvedAt: null, outcome: null })
        break
      }
      case 'hold': {
        if (!body.reason) throw new ValidationError('cases.reason_required', 'holding a case needs a reason (e.g. awaiting a court ruling)', { field: 'reason' })
        if (body.until && Date.parse(body.until) <= now.getTime()) {
          throw new ValidationError('cases.hold_until_past', `until ${body.until} is not in the future`, { field: 'until' })
        }
        // The clock keeps running (see clockEffect): the hold is recorded, never a pause. A reminder fires on
        // the until-date if the case is still held then (holdDue).
        const until = body.until ? new Date(body.until).toISOString() : null
        const hold: StoredHold = { reason: body.reason, since: iso, until, heldFrom: from, byName: ctx.actor.name }
        patch.hold = JSON.stringify(hold)
        if (until) await jobs.enqueue(tx, ctx.clock, { kind: HOLD_DUE_JOB, payload: { caseId: id, until }, runAt: new Date(until), uniqueKey: `${HOLD_DUE_JOB}:${id}` })
        Object.assign(details, { heldFrom: from, until })
        break
      }
      case 'appeal': {
        if (!body.reason) throw new ValidationError('cases.grounds_required', 'an appeal (复议) needs the complainant\'s grounds in reason', { field: 'reason' })
        const resolvedAt = row.resolvedAt ?? row.updatedAt
        const days = await appealWindowDays(tx)
        const closesAt = new Date(resolvedAt.getTime() + days * 86_400_000)
        if (now.getTime() > closesAt.getTime()) {
          throw new ConflictError('cases.appeal_window_closed', `case ${row.number} was resolved on ${resolvedAt.toISOString()}; appeals closed after ${days} days, on ${closesAt.toISOString()}`, {
            resolvedAt: resolvedAt.toISOString(), windowDays: days, closedAt: closesAt.toISOString(),
          })
        }
        // Like reopen: the decision is set aside and the existing clock logic runs again from the reopened case.
        Object.assign(patch, { resolvedAt: null, outcome: null })
        Object.assign(details, { grounds: body.reason, appealOf: { resolvedAt: resolvedAt.toISOString(), outcome: row.outcome }, windowDays: days })
        break
      }
      case 'escalate': {
        if (!body.body) throw new ValidationError('cases.escalation_body_required', 'escalating needs body: supervisor, mediation, arbitration, regulator or police', { field: 'body' })
        const evidenceIds = [...new Set(body.evidenceIds ?? [])]
        for (const eid of evidenceIds) {
          const ev = await repo.evidence(tx, eid)
          if (!ev || ev.caseId !== id) throw new ValidationError('cases.evidence_not_on_case', `evidence ${eid} is not attached to case ${row.number}`, { field: 'evidenceIds' })
        }
        patch.escalation = JSON.stringify({ body: body.body, reference: body.reference ?? null, evidenceIds, at: iso })
        Object.assign(details, { body: body.body, reference: body.reference ?? null, evidenceIds })
        break
      }
      case 'withdraw':
        patch.resolvedAt = now
        patch.outcome = 'withdrawn'
        break
      case 'start':
      case 'resume':
      case 'propose':
      case 'return':
      case 'deescalate':
      case 'unhold':
        break
    }
    // Leaving on_hold by any action (unhold, escalate, withdraw) ends the hold; its reminder stays harmless.
    if (from === 'on_hold' && t.to !== 'on_hold') patch.hold = null
    if (body.reason && action !== 'appeal') details.reason = body.reason
    if (body.note) details.note = body.note
    // Leaving `waiting` by any action closes the open pause (resume, escalate, withdraw).
    if (from === 'waiting' && t.to !== 'waiting') {
      patch.slaPauses = JSON.stringify(sla.pausesOf(row).map((p) => (p.to === null ? { ...p, to: iso } : p)))
    }
    const current = await sla.saveWithClock(tx, ctx, row, patch)
    const events = [event(ctx, id, 'status_changed', { action, from, to: t.to, ...details })]
    if (action === 'appeal') events.push(event(ctx, id, 'appeal_received', { grounds: body.reason, appealOf: details.appealOf }, 'external'))
    await repo.insertEvents(tx, events)
    const view = detailView(ctx, current, parties, await repo.displayName(tx, current.assigneeId))
    await webhooks.emit(tx, ctx, 'case.status_changed', { caseId: id, number: row.number, action, from, to: t.to })
    if (action === 'assign' || action === 'reassign') await webhooks.emit(tx, ctx, 'case.assigned', { caseId: id, number: row.number, assigneeId: current.assigneeId })
    await audit.record(tx, ctx, auditAction[action], target(id), { from, to: t.to, ...details })
    return view
  })
}

export function completeStep(ctx: Ctx, id: string, stepId: string, note?: string): Promise<CaseDetail> {
  return completeSteps(ctx, id, [stepId], note)
}

/** Marks playbook steps done (already done ones are skipped); one audit row names the new ones. */
export async function completeSteps(ctx: Ctx, id: string, stepIds: string[], note?: string): Promise<CaseDetail> {
  await sla.refreshCalendar(dbOf(ctx))
  return withTx(ctx, async (tx) => {
    const row = await lockVisibleCase(ctx, tx, id)
    const playbook = playbookOf(row)
    const unknown = unknownSteps(playbook, stepIds)
    if (unknown.length) {
      throw new ValidationError('cases.unknown_step', `playbook ${playbook.id} has no step ${unknown.join(', ')}; steps: ${playbook.steps.map((s) => s.id).join(', ')}`, {
        field: 'stepId', steps: playbook.steps.map((s) => s.id),
      })
    }
    if (row.status === 'closed' || row.status === 'withdrawn') {
      throw new ConflictError('cases.case_finished', `case ${row.number} is ${row.status}`, { status: row.status })
    }
    const done = completedStepsOf(row)
    const fresh = [...new Set(stepIds)].filter((s) => !done.some((d) => d.stepId === s))
    if (!fresh.length) return detailView(ctx, row, await repo.partiesOf(tx, id), await repo.displayName(tx, row.assigneeId))
    const now = ctx.clock.now()
    const entries: CompletedStep[] = fresh.map((stepId) => ({ stepId, at: now.toISOString(), by: ctx.actor.id }))
    const patch = { completedSteps: JSON.stringify([...done, ...entries]), updatedAt: now }
    await repo.update(tx, id, patch)
    await repo.insertEvents(tx, fresh.map((stepId) => event(ctx, id, 'step_completed', { stepId, ...(note ? { note } : {}) })))
    const view = detailView(ctx, sla.merged(row, patch), await repo.partiesOf(tx, id), await repo.displayName(tx, row.assigneeId))
    await audit.record(tx, ctx, 'case.step_completed', target(id), { stepIds: fresh })
    return view
  })
}

export interface ExtensionInput {
  ruleId: string
  targetKey?: string | undefined
  reason: string
  noticeSentAt?: string | undefined
}

export async function extend(ctx: Ctx, id: string, input: ExtensionInput): Promise<CaseDetail> {
  await sla.refreshCalendar(dbOf(ctx))
  return withTx(ctx, async (tx) => {
    const row = await lockVisibleCase(ctx, tx, id)
    const now = ctx.clock.now()
    const policy = sla.policyOf(row)
    const targetKey = input.targetKey ?? policy.targets.find((t) => t.basis === 'relative' && t.extensions?.some((e) => e.id === input.ruleId))?.key
    if (!targetKey) {
      throw new ConflictError('cases.extension_refused', `policy ${policy.id} has no extension rule ${input.ruleId}`, {
        problems: [{ code: 'unknown_rule', message: `no rule ${input.ruleId}` }],
      })
    }
    const rule = policy.targets.flatMap((t) => (t.basis === 'relative' ? (t.extensions ?? []) : [])).find((e) => e.id === input.ruleId)
    let approvedBy: sla.StoredExtension['approvedBy'] = null
    if (rule && rule.approvalRoles.length) {
      if (!hasPermission(ctx.actor, 'cases:approve')) {
        throw new ForbiddenError('cases.approval_required', `extension ${input.ruleId} needs approval: only a holder of cases:approve may grant it`, {
          permission: 'cases:approve', ruleId: input.ruleId,
        })
      }
      approvedBy = { actorId: ctx.actor.id ?? ctx.actor.name, role: rule.approvalRoles[0]! }
    }
    const stored: sla.StoredExtension = {
      targetKey, ruleId: input.ruleId, grantedAt: now.toISOString(), reason: input.reason, noticeSentAt: input.noticeSentAt ?? null, approvedBy,
    }
    const problems = checkExtension(sla.clockInput(row, now), sla.toGranted(stored))
    if (problems.length) {
      throw new ConflictError('cases.extension_refused', `extension ${input.ruleId} refused: ${problems.map((p) => p.message).join('; ')}`, { problems })
    }
    const current = await sla.saveWithClock(tx, ctx, row, { slaExtensions: JSON.stringify([...sla.extensionsOf(row), stored]), updatedAt: now })
    await repo.insertEvents(tx, [event(ctx, id, 'extension_granted', { targetKey, ruleId: input.ruleId, reason: input.reason, approved: approvedBy !== null })])
    const view = detailView(ctx, current, await repo.partiesOf(tx, id), await repo.displayName(tx, current.assigneeId))
    await audit.record(tx, ctx, 'case.extended', target(id), { targetKey, ruleId: input.ruleId, approvedBy })
    return view
  })
}

// ---- analysis and edits

/** Records the five-dimension analysis (五维度) and its overall risk; the latest replaces the previous. */
export async function analyse(ctx: Ctx, id: string, dims: FiveDimensionAnalysis): Promise<CaseDetail> {
  await sla.refreshCalendar(dbOf(ctx))
  return withTx(ctx, async (tx) => {
    const row = await lockVisibleCase(ctx, tx, id)
    const now = ctx.clock.now()
    const risk = overallRisk(dims)
    const stored = { dimensions: dims, risk, at: now.toISOString(), by: ctx.actor.id }
    const patch = { analysis: JSON.stringify(stored), riskLevel: risk.level, updatedAt: now }
    await repo.update(tx, id, patch)
    await repo.insertEvents(tx, [event(ctx, id, 'analysis_recorded', { risk })])
    const view = detailView(ctx, { ...sla.merged(row, patch), analysis: stored }, await repo.partiesOf(tx, id), await repo.displayName(tx, row.assigneeId))
    await audit.record(tx, ctx, 'case.analysed', target(id), { risk, previous: (row.analysis as { risk?: unknown } | null)?.risk ?? null })
    return view
  })
}

export interface CaseEdit {
  priority?: string | undefined
  category?: string | undefined
  issueType?: string | undefined
  demandType?: string | undefined
  tags?: string[] | undefined
  rootCauses?: string[] | undefined
}

export async function updateCase(ctx: Ctx, id: string, edit: CaseEdit): Promise<CaseDetail> {
  await sla.refreshCalendar(dbOf(ctx))
  return withTx(ctx, async (tx) => {
    const row = await lockVisibleCase(ctx, tx, id)
    await checkTaxonomyCodes(tx, { demandType: edit.demandType })
    const now = ctx.clock.now()
    const patch: repo.CasePatch = { updatedAt: now }
    const before: Record<string, unknown> = {}
    const after: Record<string, unknown> = {}
    const set = <K extends keyof CaseEdit & keyof CaseRow>(k: K, v: CaseEdit[K]) => {
      if (v === undefined) return
      before[k] = row[k]
      after[k] = v
      ;(patch as Record<string, unknown>)[k] = v
    }
    set('priority', edit.priority)
    if (edit.priority) patch.priorityRank = priorityRank[edit.priority] ?? 2
    set('category', edit.category)
    set('issueType', edit.issueType)
    set('demandType', edit.demandType)
    set('tags', edit.tags && [...new Set(edit.tags)])
    set('rootCauses', edit.rootCauses && [...new Set(edit.rootCauses)])
    await repo.update(tx, id, patch)
    await repo.insertEvents(tx, [event(ctx, id, 'updated', { before, after })])
    const view = detailView(ctx, sla.merged(row, patch), await repo.partiesOf(tx, id), await repo.displayName(tx, row.assigneeId))
    await audit.record(tx, ctx, 'case.updated', target(id), { before, after })
    return view
  })
}

// ---- timeline and notes

export async function addNote(ctx: Ctx, id: string, visibility: 'internal' | 'external', text: string) {
  await sla.refreshCalendar(dbOf(ctx))
  return withTx(ctx, async (tx) => {
    const row = await lockVisibleCase(ctx, tx, id)
    const now = ctx.clock.now()
    const ev = event(ctx, id, visibility === 'external' ? 'message' : 'note', { text }, visibility)
    await repo.insertEvents(tx, [ev])
    const patch: repo.CasePatch = { updatedAt: now }
    if (visibility === 'external' && !row.firstResponseAt) patch.firstResponseAt = now
    if (patch.firstResponseAt) await sla.saveWithClock(tx, ctx, row, patch)
    else await repo.update(tx, id, patch)
    await audit.record(tx, ctx, visibility === 'external' ? 'case.message_sent' : 'case.note_added', target(id), { eventId: ev.id })
    return eventView({ ...ev, actorId: ev.actorId ?? null, actorName: ev.actorName ?? null, at: now, body: { text } })
  })
}

export function eventView(e: Omit<repo.EventRow, 'body' | 'at'> & { at: Date | string; body: unknown }) {
  return {
    id: e.id, at: new Date(e.at), actorKind: e.actorKind, actorId: e.actorId, actorName: e.actorName, type: e.type,
    visibility: e.visibility as 'internal' | 'external', body: (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as Record<string, unknown>,
  }
}

export async function timeline(ctx: Ctx, id: string, q: { cursor?: string | undefined; limit: number; visibility?: 'internal' | 'external' | undefined }) {
  const db = dbOf(ctx)
  await visibleCase(ctx, db, id)
  // A grantee (regulator, police) sees what the complainant could see: no internal notes or events.
  const redacted = isRedacted(ctx)
  const visibility = redacted ? 'external' : q.visibility
  const rows = await repo.events(db, id, { after: q.cursor, limit: q.limit + 1, visibility })
  // ...and, like the complainant, not which member of staff wrote what.
  const items = rows.slice(0, q.limit).map(eventView).map((e) => (redacted ? { ...e, actorId: null, actorName: null } : e))
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null }
}

// ---- PII

export async function revealParty(ctx: Ctx, id: string, partyId: string, reason: string, unseal: boolean): Promise<Party> {
  return withTx(ctx, async (tx) => {
    const row = await visibleCase(ctx, tx, id)
    const p = await repo.party(tx, id, partyId)
    if (p.sealed && !hasPermission(ctx.actor, 'reporter:unseal')) {
      throw new ForbiddenError('cases.reporter_sealed', `the reporter of case ${row.number} is sealed; only a holder of reporter:unseal may reveal it`, {
        permission: 'reporter:unseal',
      })
    }
    const view = partyView(ctx, p, true)
    const fields = (['name', 'phone', 'idNumber', 'email', 'address', 'bankAccount'] as const).filter((f) => view[f] !== null)
    await audit.record(tx, ctx, p.sealed || unseal ? 'case.reporter_unsealed' : 'case.pii_revealed', target(id), { partyId, role: p.role, fields, reason })
    return view
  })
}

// ---- lists

export interface ListInput {
  cursor?: string | undefined
  limit: number
  status?: string | undefined
  kind?: string | undefined
  channel?: string | undefined
  queueId?: string | undefined
  assigneeId?: string | undefined
  priority?: string | undefined
  category?: string | undefined
  sla?: 'breached' | 'due_soon' | undefined
  q?: string | undefined
  sort: repo.SortKey
}

function decodeCursor(c: string | undefined, sort: string): { v: string | number | null; id: string } | undefined {
  if (!c) return undefined
  try {
    const o = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { s: string; v: string | number | null; id: string }
    if (o.s !== sort || typeof o.id !== 'string' || !/^[0-9a-f-]{36}$/.test(o.id)) throw new Error('mismatch')
    return { v: o.v, id: o.id }
  } catch {
    throw new ValidationError('cases.invalid_cursor', 'cursor is not one this list returned (or the sort changed)', { field: 'cursor' })
  }
}

export async function listCases(ctx: Ctx, q: ListInput) {
  const now = ctx.clock.now()
  const assigneeId = q.assigneeId === 'me' ? (ctx.actor.userId ?? '00000000-0000-0000-0000-000000000000') : q.assigneeId === 'none' ? null : q.assigneeId
  const rows = await repo.list(dbOf(ctx), { ...q, assigneeId, now, scope: caseScope(ctx), after: decodeCursor(q.cursor, q.sort), limit: q.limit + 1 })
  const page = rows.slice(0, q.limit)
  const last = page[page.length - 1]
  let nextCursor: string | null = null
  if (rows.length > q.limit && last) {
    const v = q.sort === 'due' ? (last.slaDueAt?.toISOString() ?? null) : q.sort === 'priority' ? last.priorityRank : last.receivedAt.toISOString()
    nextCursor = Buffer.from(JSON.stringify({ s: q.sort, v, id: last.id })).toString('base64url')
  }
  const redact = isRedacted(ctx)
  return { items: page.map((r) => (redact ? redactSummary(summaryView(ctx, r)) : summaryView(ctx, r))), nextCursor }
}

export { CaseLimits }
