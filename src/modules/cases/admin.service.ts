// Case configuration: queues and declared interests for recusal (回避).
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { permissionsOf } from '../../contracts/permissions.ts'
import type { RoutingMatch } from './core/routing.ts'
import { LIBRARY_COVERAGE, validateCalendarEntries, type CalendarEntry } from './core/work-calendar.ts'
import * as jobs from '../../platform/jobs.ts'
import { CALENDAR_SETTING, POLICY_RULES_SETTING, policyRules, type PolicyRule } from './sla.service.ts'

export const RESCHEDULE_JOB = 'cases.reschedule_clocks'
import { newId } from '../../platform/ids.ts'
import * as audit from '../audit/index.ts'
import * as repo from './case.repo.ts'

export type AssignmentStrategy = 'least_loaded' | 'round_robin'
const queueView = (q: repo.QueueRow, memberIds: string[]) => ({
  id: q.id, name: q.name, description: q.description, assignment: q.assignment as AssignmentStrategy, memberIds, createdAt: q.createdAt,
})

export async function createQueue(ctx: Ctx, input: { name: string; description?: string | undefined; assignment?: AssignmentStrategy | undefined }) {
  return withTx(ctx, async (tx) => {
    if (await repo.queueByName(tx, input.name)) throw new ConflictError('cases.queue_exists', `queue "${input.name}" already exists`, { name: input.name })
    const q = {
      id: newId(), name: input.name, description: input.description ?? null, slaPreset: null, assignment: input.assignment ?? 'least_loaded',
      lastAssigneeId: null, createdAt: ctx.clock.now(),
    }
    await repo.insertQueue(tx, q)
    await audit.record(tx, ctx, 'queue.created', { type: 'queue', id: q.id }, { name: q.name, assignment: q.assignment })
    return queueView(q, [])
  })
}

export async function listQueues(ctx: Ctx) {
  const db = dbOf(ctx)
  const items = []
  for (const q of await repo.queues(db)) items.push(queueView(q, (await repo.queueMembers(db, q.id)).map((m) => m.id)))
  return { items }
}

/** Replaces a queue's members: the handlers auto-assignment picks from for cases in this queue. */
export async function setQueueMembers(ctx: Ctx, queueId: string, userIds: string[]) {
  return withTx(ctx, async (tx) => {
    const q = await repo.queue(tx, queueId)
    if (!q) throw new NotFoundError('cases.queue_not_found', `queue ${queueId} does not exist`, { id: queueId })
    const unique = [...new Set(userIds)]
    for (const id of unique) {
      const u = await repo.user(tx, id)
      if (!u) throw new ValidationError('cases.user_not_found', `user ${id} does not exist`, { field: 'userIds' })
      if (!permissionsOf(u.roles).has('cases:handle')) {
        throw new ValidationError('cases.member_not_handler', `user ${u.username} cannot handle cases (no cases:handle)`, { field: 'userIds', userId: id })
      }
    }
    await repo.setQueueMembers(tx, queueId, unique)
    await audit.record(tx, ctx, 'queue.members_set', { type: 'queue', id: queueId }, { userIds: unique })
    return queueView(q, unique)
  })
}

const ruleView = (r: repo.RoutingRuleRow) => ({ id: r.id, position: r.position, name: r.name, match: r.match as RoutingMatch, queueId: r.queueId, createdAt: r.createdAt })

export async function createRule(ctx: Ctx, input: { name: string; position: number; match: RoutingMatch; queueId: string }) {
  return withTx(ctx, async (tx) => {
    if (!(await repo.queue(tx, input.queueId))) throw new ValidationError('cases.queue_not_found', `queue ${input.queueId} does not exist`, { field: 'queueId' })
    const row = { id: newId(), position: input.position, name: input.name, match: JSON.stringify(input.match), queueId: input.queueId, active: true, createdAt: ctx.clock.now() }
    await repo.insertRule(tx, row)
    await audit.record(tx, ctx, 'routing_rule.created', { type: 'routing_rule', id: row.id }, { name: row.name, position: row.position, match: input.match, queueId: row.queueId })
    return ruleView({ ...row, match: input.match as Record<string, string> })
  })
}

export async function listRules(ctx: Ctx) {
  return { items: (await repo.activeRules(dbOf(ctx))).map(ruleView) }
}

export async function deleteRule(ctx: Ctx, id: string) {
  return withTx(ctx, async (tx) => {
    const r = await repo.deactivateRule(tx, id)
    if (!r) throw new NotFoundError('cases.rule_not_found', `routing rule ${id} does not exist`, { id })
    await audit.record(tx, ctx, 'routing_rule.deleted', { type: 'routing_rule', id }, { name: r.name })
    return { ok: true as const }
  })
}

export interface InterestInput {
  userId: string
  subjectRef?: string | undefined
  phone?: string | undefined
  idNumber?: string | undefined
  reason: string
}

/** Records that a handler is related to a subject or a person; assignment refuses them from then on. */
export async function declareInterest(ctx: Ctx, input: InterestInput) {
  return withTx(ctx, async (tx) => {
    if (!(await repo.user(tx, input.userId))) throw new ValidationError('cases.user_not_found', `user ${input.userId} does not exist`, { field: 'userId' })
    const partyBidx = input.phone ? ctx.crypto.blindIndex('phone', input.phone) : input.idNumber ? ctx.crypto.blindIndex('idNumber', input.idNumber) : null
    const row = {
      id: newId(), userId: input.userId, subjectRef: input.subjectRef ?? null, partyBidx, reason: input.reason,
      createdBy: ctx.actor.id ?? ctx.actor.name, createdAt: ctx.clock.now(),
    }
    await repo.insertInterest(tx, row)
    await audit.record(tx, ctx, 'handler_interest.declared', { type: 'user', id: input.userId }, {
      interestId: row.id, subjectRef: row.subjectRef, party: partyBidx !== null, reason: input.reason,
    })
    return { id: row.id, userId: row.userId, subjectRef: row.subjectRef, party: partyBidx !== null, reason: row.reason, createdAt: row.createdAt }
  })
}

// ---- work calendar: admins add holidays and adjusted workdays the library does not know (next year's
// arrangement, local exceptions); every open case's clock is recomputed by a job after a change.

export async function getWorkCalendar(ctx: Ctx) {
  const row = await repo.settingRow(dbOf(ctx), CALENDAR_SETTING)
  return { entries: (row?.value ?? []) as CalendarEntry[], library: LIBRARY_COVERAGE, updatedAt: row?.updatedAt ?? null }
}

export async function setWorkCalendar(ctx: Ctx, entries: CalendarEntry[]) {
  const problems = validateCalendarEntries(entries)
  if (problems.length) {
    throw new ValidationError('cases.calendar_invalid', problems.map((p) => p.message).join('; '), { problems })
  }
  const sorted = [...entries].sort((a, b) => a.date.localeCompare(b.date))
  return withTx(ctx, async (tx) => {
    const now = ctx.clock.now()
    await repo.putSetting(tx, CALENDAR_SETTING, sorted, now, ctx.actor.id ?? ctx.actor.name)
    await jobs.enqueue(tx, ctx.clock, { kind: RESCHEDULE_JOB, payload: {}, runAt: now, uniqueKey: RESCHEDULE_JOB })
    await audit.record(tx, ctx, 'work_calendar.updated', null, { entries: sorted.length, years: [...new Set(sorted.map((e) => e.date.slice(0, 4)))] })
    return { entries: sorted, library: LIBRARY_COVERAGE, updatedAt: now }
  })
}

// ---- clock policy rules: which preset a new case runs under (existing cases keep theirs)

export async function getPolicyRules(ctx: Ctx) {
  return { items: await policyRules(dbOf(ctx)) }
}

export async function setPolicyRules(ctx: Ctx, items: PolicyRule[]) {
  return withTx(ctx, async (tx) => {
    await repo.putSetting(tx, POLICY_RULES_SETTING, items, ctx.clock.now(), ctx.actor.id ?? ctx.actor.name)
    await audit.record(tx, ctx, 'sla_policy_rules.updated', null, { items })
    return { items }
  })
}
