// Stored, incremental campaign detection. A complaint's intake enqueues `campaigns.ingest`; the job places the
// complaint into an in-memory detector (loaded lazily from the database on first use) and, when its group
// reaches the campaign minimum, stores the campaign with members, reasons and history. A scheduled full
// re-cluster rebuilds from all cases with the batch detector (corpus-wide boilerplate and hub statistics).
// Detection only flags: it never changes a case's status or priority.
import type { Db, Tx } from '../../db/database.ts'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as jobs from '../../platform/jobs.ts'
import { moduleLogger } from '../../platform/logger.ts'
import * as audit from '../audit/index.ts'
import { CampaignDetector, detect, identityValues, type Campaign, type ComplaintInput, type RecordResult } from './core/detector.ts'
import { BurstDetector } from './core/burst.ts'
import { DAY_MS, dayOf } from './core/days.ts'
import { maskValue } from './core/identity.ts'
import { shingles } from './core/text.ts'
import * as repo from './campaign.repo.ts'

const log = moduleLogger('campaigns')

export const INGEST_JOB = 'campaigns.ingest'
export const RECLUSTER_JOB = 'campaigns.recluster'
export const THRESHOLD_SETTING = 'campaigns.min_score'
const RECLUSTER_EVERY_MS = DAY_MS
const SHANGHAI = 480
const BURST_HISTORY_DAYS = 60

type AuditEntry = { action: string; target: { type: string; id: string }; data: Record<string, unknown> }
const campaignTarget = (id: string) => ({ type: 'campaign', id })

/** Called by intake inside its transaction: the complaint is placed once the case has committed. */
export function enqueueIngest(tx: Tx, ctx: Ctx, caseId: string): Promise<string> {
  return jobs.enqueue(tx, ctx.clock, { kind: INGEST_JOB, payload: { caseId }, runAt: ctx.clock.now(), uniqueKey: `${INGEST_JOB}:${caseId}` })
}

// ---- detector input from stored cases

function decryptOr(ctx: Ctx, v: string | null): string | undefined {
  if (!v) return undefined
  try {
    return ctx.crypto.decrypt(v)
  } catch {
    return undefined // a value under a retired key: it simply does not link
  }
}

/**
 * The detector's view of a case. The person key is the ID number's blind index (the ID number itself is never
 * decrypted); phone, address, e-mail and bank account are decrypted in memory only, because phone blocks and
 * buildings need the digits and the street: reasons and stored attributes carry masked values only.
 */
export function toInput(ctx: Ctx, c: repo.CaseForDetection, parties: repo.PartyForDetection[]): ComplaintInput {
  const comp = parties.find((p) => p.role === 'complainant')
  const agent = parties.find((p) => p.role === 'agent')
  return {
    id: c.id,
    text: c.text,
    submittedAt: new Date(c.receivedAt).getTime(),
    channel: c.channel,
    subject: c.subjectName,
    complainant: comp
      ? {
          id: comp.idNumberBidx ?? undefined,
          phone: decryptOr(ctx, comp.phoneEnc),
          email: decryptOr(ctx, comp.emailEnc),
          address: decryptOr(ctx, comp.addressEnc),
          bankAccount: decryptOr(ctx, comp.bankAccountEnc),
        }
      : undefined,
    agent: agent ? { name: decryptOr(ctx, agent.nameEnc), phone: decryptOr(ctx, agent.phoneEnc), org: agent.agentOrganization ?? undefined } : undefined,
    demand: c.demandType || c.demandAmountFen ? { type: c.demandType ?? undefined, amount: c.demandAmountFen ? c.demandAmountFen / 100 : undefined } : undefined,
  }
}

async function inputsFor(ctx: Ctx, cases: repo.CaseForDetection[], all = false): Promise<ComplaintInput[]> {
  const db = dbOf(ctx)
  const parties = all ? await repo.allPartiesForDetection(db) : await repo.partiesForDetection(db, cases.map((c) => c.id))
  const byCase = new Map<string, repo.PartyForDetection[]>()
  for (const p of parties) {
    let l = byCase.get(p.caseId)
    if (!l) byCase.set(p.caseId, (l = []))
    l.push(p)
  }
  return cases.map((c) => toInput(ctx, c, byCase.get(c.id) ?? []))
}

// ---- the in-memory incremental state, one per database handle

interface State {
  detector: CampaignDetector
  docs: Map<string, number>
  watermark: Date
}
const states = new WeakMap<Db, Promise<State>>()

function addAll(state: State, inputs: ComplaintInput[], cases: repo.CaseForDetection[]): void {
  inputs.forEach((input, i) => {
    if (state.docs.has(input.id)) return
    const r = state.detector.add(input)
    state.docs.set(input.id, r.doc)
    const created = new Date(cases[i]!.createdAt)
    if (created > state.watermark) state.watermark = created
  })
}

async function stateFor(ctx: Ctx): Promise<State> {
  let p = states.get(ctx.db)
  if (!p) {
    p = (async () => {
      const t0 = performance.now()
      const cases = await repo.casesForDetection(dbOf(ctx))
      const state: State = { detector: new CampaignDetector({ expectedDocuments: Math.max(1024, cases.length * 2) }), docs: new Map(), watermark: new Date(0) }
      addAll(state, await inputsFor(ctx, cases, true), cases)
      log.info({ complaints: cases.length, ms: Math.round(performance.now() - t0) }, 'campaign detector loaded')
      return state
    })()
    states.set(ctx.db, p)
    p.catch(() => states.delete(ctx.db))
  }
  const state = await p
  // Complaints placed by other processes since: add them too (cheap, and keeps several workers in step).
  const fresh = await repo.casesForDetection(dbOf(ctx), { createdAfter: new Date(state.watermark.getTime() - 1) })
  const missing = fresh.filter((c) => !state.docs.has(c.id))
  if (missing.length) addAll(state, await inputsFor(ctx, missing), missing)
  return state
}

/** Forgets the in-memory detector (after a re-cluster, or in tests). */
export function resetState(db: Db): void {
  states.delete(db)
}

// ---- ingest

export interface IngestOutcome {
  campaignId: string | null
  groupSize: number
  ms: number
}

/** Places one complaint; opens or grows its campaign; raises burst alerts for its subject and category. */
export async function ingest(ctx: Ctx, caseId: string): Promise<IngestOutcome> {
  const t0 = performance.now()
  return withTx(ctx, async (tx, tctx) => {
    await ensureRecluster(tx, tctx)
    const state = await stateFor(tctx)
    const doc = state.docs.get(caseId)
    const audits: AuditEntry[] = []
    let campaignId: string | null = null
    let groupSize = 0
    if (doc !== undefined) {
      groupSize = state.detector.groupSizeOf(doc)
      if (groupSize >= state.detector.opts.minComplainants) {
        // Only this complaint's group is described: one pass over the state, not a full result().
        const found = state.detector.campaignOf(doc)
        if (found) campaignId = await syncCampaign(tx, tctx, found.campaign, new Map(found.records.map((r) => [r.id, r])), audits)
      }
    }
    const refs = await repo.casesForDetection(tx, { ids: [caseId] })
    if (refs[0]) await checkBursts(tx, tctx, refs[0], audits)
    const ms = Math.round((performance.now() - t0) * 10) / 10
    log.info({ caseId, campaignId, groupSize, ms }, 'complaint placed')
    for (const a of audits) await audit.record(tx, tctx, a.action, a.target, a.data)
    return { campaignId, groupSize, ms }
  })
}

/**
 * A bulk import re-clusters everything once, soon, instead of one ingest job per row; the re-cluster
 * then schedules the next nightly run itself.
 */
export function enqueueReclusterSoon(tx: Tx, ctx: Ctx): Promise<string> {
  return jobs.enqueue(tx, ctx.clock, { kind: RECLUSTER_JOB, payload: {}, runAt: ctx.clock.now(), uniqueKey: RECLUSTER_JOB })
}

async function ensureRecluster(tx: Tx, ctx: Ctx): Promise<void> {
  if (await jobs.findJobByUniqueKey(tx, RECLUSTER_JOB)) return
  await jobs.enqueue(tx, ctx.clock, { kind: RECLUSTER_JOB, payload: {}, runAt: new Date(ctx.clock.now().getTime() + RECLUSTER_EVERY_MS), uniqueKey: RECLUSTER_JOB })
}

// ---- storing a detected campaign

function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (!a.length && !b.length) return 1
  const sa = new Set(a)
  let inter = 0
  for (const x of new Set(b)) if (sa.has(x)) inter++
  return inter / (sa.size + new Set(b).size - inter)
}

const attributeKey = (kind: string, masked: string) => `${kind}|${masked}`

/** Stores a detected campaign: matches it to the stored one with most members in common, or opens one. */
async function syncCampaign(tx: Tx, ctx: Ctx, det: Campaign, records: Map<string, RecordResult>, audits: AuditEntry[]): Promise<string> {
  const now = ctx.clock.now()
  const memberIds = det.members
  const current = await repo.membershipsOf(tx, memberIds)
  const overlap = new Map<string, number>()
  for (const m of current) overlap.set(m.campaignId, (overlap.get(m.campaignId) ?? 0) + 1)
  const target = [...overlap.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null

  const cases = await repo.casesForDetection(tx, { ids: memberIds })
  const inputs = new Map((await inputsFor(ctx, cases)).map((i) => [i.id, i]))
  const templateId = det.templateMember ?? memberIds[0]!
  const templateText = inputs.get(templateId)?.text ?? ''
  const templateShingles = shingles(templateText)
  const shared = new Set(det.sharedAttributes.map((a) => attributeKey(a.kind, a.value)))
  const memberData = (id: string) => {
    const input = inputs.get(id)
    const attributes = input
      ? [...new Set(identityValues(input).map((v) => attributeKey(v.kind, maskValue(v.kind, v.value))))].filter((k) => shared.has(k))
      : []
    const similarity = input ? Math.round(jaccard(shingles(input.text), templateShingles) * 1000) / 1000 : null
    return { similarity, reasons: JSON.stringify(records.get(id)?.reasons ?? []), attributes: JSON.stringify(attributes) }
  }
  const fields = {
    score: det.score,
    signals: JSON.stringify(det.signals),
    reasons: JSON.stringify(det.reasons),
    templateCaseId: templateId,
    templateExcerpt: templateText.slice(0, 500),
    sharedAttributes: JSON.stringify(det.sharedAttributes),
    firstFiledAt: new Date(det.firstAt),
    lastFiledAt: new Date(det.lastAt),
    memberCount: det.complaints,
    complainantCount: det.complainants,
    updatedAt: now,
  }

  if (!target) {
    const id = newId()
    await repo.insert(tx, { id, status: 'open', ...fields, reviewedBy: null, reviewedAt: null, reviewNote: null, createdAt: now })
    await repo.insertMembers(tx, memberIds.map((caseId) => ({ campaignId: id, caseId, joinedAt: now, ...memberData(caseId) })))
    await repo.setCaseCampaign(tx, memberIds, id)
    await repo.insertHistory(tx, [{ id: newId(), campaignId: id, at: now, event: 'opened', data: JSON.stringify({ members: memberIds.length, score: det.score }) }])
    audits.push({ action: 'campaign.opened', target: campaignTarget(id), data: { caseIds: memberIds, score: det.score, complainants: det.complainants } })
    log.info({ campaignId: id, complaints: memberIds.length }, 'campaign opened')
    return id
  }

  const row = await repo.lock(tx, target)
  const before = new Set((await repo.membersOf(tx, target)).map((m) => m.caseId))
  // Members stored under another campaign move here (the two groups merged).
  const moved = new Map<string, string[]>()
  for (const m of current) {
    if (m.campaignId === target) continue
    let l = moved.get(m.campaignId)
    if (!l) moved.set(m.campaignId, (l = []))
    l.push(m.caseId)
  }
  for (const [from, ids] of moved) {
    await repo.deleteMembers(tx, from, ids)
    const left = (await repo.membersOf(tx, from)).length
    await repo.update(tx, from, { memberCount: left, updatedAt: now })
    await repo.insertHistory(tx, [{ id: newId(), campaignId: from, at: now, event: 'member_removed', data: JSON.stringify({ caseIds: ids, mergedInto: target }) }])
  }
  const added = memberIds.filter((id) => !before.has(id))
  if (added.length) {
    await repo.insertMembers(tx, added.map((caseId) => ({ campaignId: target, caseId, joinedAt: now, ...memberData(caseId) })))
    await repo.setCaseCampaign(tx, added, target)
  }
  for (const id of memberIds.filter((x) => before.has(x))) await repo.updateMember(tx, target, id, memberData(id))
  await repo.update(tx, target, fields)
  if (added.length) {
    await repo.insertHistory(tx, [
      { id: newId(), campaignId: target, at: now, event: 'member_added', data: JSON.stringify({ caseIds: added, members: memberIds.length, score: det.score, previousScore: row.score }) },
    ])
    audits.push({ action: 'campaign.member_added', target: campaignTarget(target), data: { caseIds: added, members: memberIds.length, score: det.score } })
  }
  return target
}

// ---- bursts

function dayNumber(ymd: string): number {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number]
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS)
}

async function checkBursts(tx: Tx, ctx: Ctx, c: repo.CaseForDetection, audits: AuditEntry[]): Promise<void> {
  const at = new Date(c.receivedAt)
  const today = dayOf(at.getTime(), SHANGHAI)
  // Up to the end of the complaint's business day, so the day's full count is seen.
  const to = new Date((today + 1) * DAY_MS - SHANGHAI * 60_000 - 1)
  const from = new Date(to.getTime() - BURST_HISTORY_DAYS * DAY_MS)
  const keys: { key: string; filter: { subjectName?: string; category?: string } }[] = [{ key: `subject:${c.subjectName}`, filter: { subjectName: c.subjectName } }]
  if (c.category) keys.push({ key: `category:${c.category}`, filter: { category: c.category } })
  for (const k of keys) {
    const counts = await repo.dailyCounts(tx, k.filter, from, to)
    const detector = new BurstDetector()
    for (const { day, n } of counts) {
      const dn = dayNumber(day)
      for (let i = 0; i < n; i++) detector.add(k.key, dn)
    }
    const alert = detector.alerts().find((a) => a.day === today)
    if (!alert) continue
    const windowDay = counts.find((x) => dayNumber(x.day) === today)!.day
    await storeBurst(tx, ctx, { key: k.key, windowDay, expected: alert.expected, observed: alert.observed, pValue: alert.pValue }, audits)
  }
}

/** Stores a burst alert once per key and day (a growing day updates its count); audited when first raised. */
async function storeBurst(
  tx: Tx, ctx: Ctx, a: { key: string; windowDay: string; expected: number; observed: number; pValue: number }, audits: AuditEntry[],
): Promise<void> {
  const now = ctx.clock.now()
  const existing = await repo.burst(tx, a.key, a.windowDay)
  const expected = Math.round(a.expected * 100) / 100
  if (existing) {
    if (existing.observed < a.observed) await repo.updateBurst(tx, existing.id, { observed: a.observed, pValue: a.pValue, updatedAt: now })
    return
  }
  const id = newId()
  await repo.insertBurst(tx, { id, key: a.key, windowDay: a.windowDay, expected, observed: a.observed, pValue: a.pValue, status: 'open', acknowledgedBy: null, acknowledgedAt: null, createdAt: now, updatedAt: now })
  audits.push({ action: 'burst.alerted', target: { type: 'burst_alert', id }, data: { key: a.key, window: a.windowDay, expected, observed: a.observed } })
  log.info({ burstId: id, observed: a.observed, expected }, 'burst alerted')
}

// ---- full re-cluster

export interface ReclusterOutcome {
  complaints: number
  campaigns: number
  ms: number
}

/** Rebuilds every campaign from all cases with the batch detector; stored campaigns keep their ids and reviews. */
export async function recluster(ctx: Ctx): Promise<ReclusterOutcome> {
  const t0 = performance.now()
  const out = await withTx(ctx, async (tx, tctx) => {
    const cases = await repo.casesForDetection(tx)
    const inputs = await inputsFor(tctx, cases, true)
    const result = detect(inputs)
    const records = new Map(result.records.map((r) => [r.id, r]))
    const audits: AuditEntry[] = []
    const kept = new Set<string>()
    for (const c of result.campaigns) {
      await syncCampaign(tx, tctx, c, records, audits)
      for (const id of c.members) kept.add(id)
    }
    // Members no campaign claims any more leave their campaign.
    const stale = new Map<string, string[]>()
    for (const m of await repo.allMemberships(tx)) {
      if (kept.has(m.caseId)) continue
      let l = stale.get(m.campaignId)
      if (!l) stale.set(m.campaignId, (l = []))
      l.push(m.caseId)
    }
    const now = tctx.clock.now()
    for (const [campaignId, ids] of stale) {
      await repo.deleteMembers(tx, campaignId, ids)
      await repo.setCaseCampaign(tx, ids, null)
      const left = (await repo.membersOf(tx, campaignId)).length
      await repo.update(tx, campaignId, { memberCount: left, updatedAt: now })
      await repo.insertHistory(tx, [{ id: newId(), campaignId, at: now, event: 'member_removed', data: JSON.stringify({ caseIds: ids, by: 'recluster' }) }])
    }
    for (const b of result.bursts) {
      await storeBurst(tx, tctx, { key: b.key, windowDay: b.date, expected: b.expected, observed: b.observed, pValue: b.pValue }, audits)
    }
    await jobs.enqueue(tx, tctx.clock, { kind: RECLUSTER_JOB, payload: {}, runAt: new Date(now.getTime() + RECLUSTER_EVERY_MS), uniqueKey: RECLUSTER_JOB })
    const ms = Math.round(performance.now() - t0)
    for (const a of audits) await audit.record(tx, tctx, a.action, a.target, a.data)
    await audit.record(tx, tctx, 'campaign.reclustered', null, { complaints: cases.length, campaigns: result.campaigns.length, bursts: result.bursts.length, ms })
    return { complaints: cases.length, campaigns: result.campaigns.length, ms }
  })
  resetState(ctx.db)
  log.info(out, 'campaigns re-clustered')
  return out
}

/** Admin trigger: runs the re-cluster job now. */
export function requestRecluster(ctx: Ctx): Promise<{ jobId: string }> {
  return withTx(ctx, async (tx) => {
    const jobId = await jobs.enqueue(tx, ctx.clock, { kind: RECLUSTER_JOB, payload: { requestedBy: ctx.actor.id }, runAt: ctx.clock.now(), uniqueKey: RECLUSTER_JOB })
    await audit.record(tx, ctx, 'campaign.recluster_requested', null, { jobId })
    return { jobId }
  })
}

// ---- review: confirm / dismiss, feedback and the threshold it tunes

/**
 * The score below which campaigns are marked low-confidence, learned from reviews: the cut that agrees with
 * most verdicts (confirmed at or above, dismissed below), the lowest on ties (recall first), never above 0.6
 * so feedback cannot silence detection. Null until there are 4 verdicts including a dismissal.
 */
export function tuneThreshold(feedback: { verdict: string; score: number }[]): number | null {
  const dismissed = feedback.filter((f) => f.verdict === 'dismissed').map((f) => f.score)
  const confirmed = feedback.filter((f) => f.verdict === 'confirmed').map((f) => f.score)
  if (feedback.length < 4 || !dismissed.length) return null
  const scores = [...new Set(feedback.map((f) => f.score))].sort((a, b) => a - b)
  const cuts = [0, ...scores.slice(1).map((s, i) => (s + scores[i]!) / 2), scores[scores.length - 1]! + 0.001]
  let best = 0
  let bestAgree = -1
  for (const t of cuts) {
    const agree = confirmed.filter((s) => s >= t).length + dismissed.filter((s) => s < t).length
    if (agree > bestAgree) [best, bestAgree] = [t, agree]
  }
  return Math.round(Math.min(0.6, best) * 1000) / 1000
}

export async function threshold(ctx: Ctx): Promise<number> {
  const v = await repo.setting(dbOf(ctx), THRESHOLD_SETTING)
  return typeof v === 'number' ? v : 0
}

export type Verdict = 'confirmed' | 'dismissed'

export async function review(ctx: Ctx, id: string, verdict: Verdict, reason: string) {
  if (!reason.trim()) throw new ValidationError('campaigns.reason_required', 'a review needs a reason', { field: 'reason' })
  return withTx(ctx, async (tx) => {
    const row = await repo.lock(tx, id)
    if (row.status === verdict) throw new ConflictError('campaigns.already_reviewed', `campaign ${id} is already ${verdict}`, { status: row.status })
    const now = ctx.clock.now()
    const by = ctx.actor.userId ?? ctx.actor.name
    await repo.update(tx, id, { status: verdict, reviewedBy: by, reviewedAt: now, reviewNote: reason, updatedAt: now })
    await repo.insertFeedback(tx, {
      id: newId(), campaignId: id, verdict, reason, score: row.score, signals: JSON.stringify(row.signals), memberCount: row.memberCount, createdBy: by, createdAt: now,
    })
    await repo.insertHistory(tx, [{ id: newId(), campaignId: id, at: now, event: verdict, data: JSON.stringify({ reason, by, previous: row.status }) }])
    const previous = await repo.setting(tx, THRESHOLD_SETTING)
    const tuned = tuneThreshold(await repo.feedback(tx))
    if (tuned !== null && tuned !== previous) await repo.putSetting(tx, THRESHOLD_SETTING, tuned, now, by)
    await audit.record(tx, ctx, verdict === 'confirmed' ? 'campaign.confirmed' : 'campaign.dismissed', campaignTarget(id), {
      reason, score: row.score, previous: row.status, threshold: tuned ?? previous ?? 0,
    })
    return repo.mustFind(tx, id)
  })
}

// ---- bulk playbook: the cases module applies each step (injected, since cases imports campaigns)

export interface PlaybookInput {
  tag?: string | undefined
  note?: string | undefined
}
export interface PlaybookSteps {
  tag(ids: string[], tag: string): Promise<{ ok: number; failed: number }>
  note(id: string, text: string): Promise<void>
}

export async function applyPlaybook(ctx: Ctx, id: string, input: PlaybookInput, steps: PlaybookSteps) {
  if (!input.tag && !input.note) throw new ValidationError('campaigns.playbook_empty', 'a playbook needs a tag or a note', { field: 'tag' })
  const db = dbOf(ctx)
  const row = await repo.mustFind(db, id)
  const members = (await repo.membersOf(db, id)).map((m) => m.caseId)
  let tagged = { ok: 0, failed: 0 }
  if (input.tag) tagged = await steps.tag(members, input.tag)
  let noted = 0
  if (input.note) {
    for (const caseId of members) {
      await steps.note(caseId, input.note)
      noted++
    }
  }
  return withTx(ctx, async (tx) => {
    const now = ctx.clock.now()
    const data = { tag: input.tag ?? null, note: input.note ? true : false, members: members.length, tagged: tagged.ok, tagFailures: tagged.failed, noted }
    await repo.insertHistory(tx, [{ id: newId(), campaignId: row.id, at: now, event: 'playbook_applied', data: JSON.stringify(data) }])
    await audit.record(tx, ctx, 'campaign.playbook_applied', campaignTarget(id), data)
    return data
  })
}
