// Case configuration: queues and declared interests for recusal (回避).
import type { Ctx } from '../../platform/ctx.ts'
import type { DbOrTx } from '../../db/database.ts'
import { dbOf, hasPermission, withTx } from '../../platform/ctx.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { permissionsOf } from '../../contracts/permissions.ts'
import type { casePriorities } from '../../contracts/cases.schema.ts'
import { shadowedBy, type RoutingMatch } from './core/routing.ts'
import { LIBRARY_COVERAGE, validateCalendarEntries, type CalendarEntry } from './core/work-calendar.ts'
import * as jobs from '../../platform/jobs.ts'
import { CALENDAR_SETTING, POLICY_RULES_SETTING, policyRules, type PolicyRule } from './sla.service.ts'

export const RESCHEDULE_JOB = 'cases.reschedule_clocks'
import { newId } from '../../platform/ids.ts'
import * as audit from '../audit/index.ts'
import * as repo from './case.repo.ts'
import { finishedStatuses } from './case.service.ts'

export type AssignmentStrategy = 'least_loaded' | 'round_robin'
export type CasePriority = (typeof casePriorities)[number]
const queueView = (q: repo.QueueRow, memberIds: string[], openCases: number) => ({
  id: q.id, name: q.name, description: q.description, assignment: q.assignment as AssignmentStrategy, minPriority: q.minPriority as CasePriority | null,
  memberIds, createdAt: q.createdAt, openCases,
})
const openCasesOf = async (db: DbOrTx, queueId: string) => (await repo.openCasesByQueue(db, finishedStatuses)).get(queueId) ?? 0

export async function createQueue(ctx: Ctx, input: { name: string; description?: string | undefined; assignment?: AssignmentStrategy | undefined; minPriority?: CasePriority | undefined }) {
  return withTx(ctx, async (tx) => {
    if (await repo.queueByName(tx, input.name)) throw new ConflictError('cases.queue_exists', `queue "${input.name}" already exists`, { name: input.name })
    const q = {
      id: newId(), name: input.name, description: input.description ?? null, slaPreset: null, assignment: input.assignment ?? 'least_loaded',
      lastAssigneeId: null, minPriority: input.minPriority ?? null, createdAt: ctx.clock.now(),
    }
    await repo.insertQueue(tx, q)
    await audit.record(tx, ctx, 'queue.created', { type: 'queue', id: q.id }, { name: q.name, assignment: q.assignment, minPriority: q.minPriority })
    return queueView(q, [], 0)
  })
}

export async function listQueues(ctx: Ctx) {
  const db = dbOf(ctx)
  const open = await repo.openCasesByQueue(db, finishedStatuses)
  const items = []
  for (const q of await repo.queues(db)) items.push(queueView(q, (await repo.queueMembers(db, q.id)).map((m) => m.id), open.get(q.id) ?? 0))
  return { items }
}

export interface QueuePatch {
  name?: string | undefined
  description?: string | null | undefined
  assignment?: AssignmentStrategy | undefined
  minPriority?: CasePriority | null | undefined
}

/** Renames a queue or changes its description or strategy; members and routing rules keep pointing at it. */
export async function updateQueue(ctx: Ctx, queueId: string, patch: QueuePatch) {
  return withTx(ctx, async (tx) => {
    const q = await repo.queue(tx, queueId)
    if (!q) throw new NotFoundError('cases.queue_not_found', `queue ${queueId} does not exist`, { id: queueId })
    if (patch.name !== undefined && patch.name !== q.name) {
      const other = await repo.queueByName(tx, patch.name)
      if (other) throw new ConflictError('cases.queue_exists', `queue "${patch.name}" already exists`, { name: patch.name })
    }
    const next = {
      name: patch.name ?? q.name,
      description: patch.description === undefined ? q.description : patch.description,
      assignment: patch.assignment ?? q.assignment,
      minPriority: patch.minPriority === undefined ? q.minPriority : patch.minPriority,
    }
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== q[k])
    await repo.updateQueue(tx, queueId, next)
    await audit.record(tx, ctx, 'queue.updated', { type: 'queue', id: queueId }, {
      changed, from: Object.fromEntries(changed.map((k) => [k, q[k]])), to: Object.fromEntries(changed.map((k) => [k, next[k]])),
    })
    const members = (await repo.queueMembers(tx, queueId)).map((m) => m.id)
    return queueView({ ...q, ...next }, members, await openCasesOf(tx, queueId))
  })
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
    return queueView(q, unique, await openCasesOf(tx, queueId))
  })
}

const ruleView = (r: repo.RoutingRuleRow, shadows: Map<string, string | null>) => ({
  id: r.id, position: r.position, name: r.name, match: r.match as RoutingMatch, queueId: r.queueId, createdAt: r.createdAt, shadowedBy: shadows.get(r.id) ?? null,
})
const shadowsOf = (rules: repo.RoutingRuleRow[]) => shadowedBy(rules.map((r) => ({ id: r.id, position: r.position, match: r.match as RoutingMatch, queueId: r.queueId })))

export async function createRule(ctx: Ctx, input: { name: string; position: number; match: RoutingMatch; queueId: string }) {
  return withTx(ctx, async (tx) => {
    if (!(await repo.queue(tx, input.queueId))) throw new ValidationError('cases.queue_not_found', `queue ${input.queueId} does not exist`, { field: 'queueId' })
    const row = { id: newId(), position: input.position, name: input.name, match: JSON.stringify(input.match), queueId: input.queueId, active: true, createdAt: ctx.clock.now() }
    await repo.insertRule(tx, row)
    await audit.record(tx, ctx, 'routing_rule.created', { type: 'routing_rule', id: row.id }, { name: row.name, position: row.position, match: input.match, queueId: row.queueId })
    const created = { ...row, match: input.match as Record<string, string> }
    return ruleView(created, shadowsOf(await repo.activeRules(tx)))
  })
}

export async function listRules(ctx: Ctx) {
  const rules = await repo.activeRules(dbOf(ctx))
  const shadows = shadowsOf(rules)
  return { items: rules.map((r) => ruleView(r, shadows)) }
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

// Who may see and manage declared interests: assigners and configurers all of them; a handler only their own
// (利益申报 is first a self-declaration), and never one a supervisor declared about them.
const managesInterests = (ctx: Ctx) => hasPermission(ctx.actor, 'cases:assign') || hasPermission(ctx.actor, 'cases:configure')
const declarer = (ctx: Ctx) => ctx.actor.id ?? ctx.actor.name

/** Records that a handler is related to a subject or a person; assignment refuses them from then on. */
export async function declareInterest(ctx: Ctx, input: InterestInput) {
  if (!managesInterests(ctx) && input.userId !== ctx.actor.userId) {
    throw new ForbiddenError('cases.forbidden', 'declaring an interest for another user needs the permission cases:assign', { permission: 'cases:assign' })
  }
  return withTx(ctx, async (tx) => {
    if (!(await repo.user(tx, input.userId))) throw new ValidationError('cases.user_not_found', `user ${input.userId} does not exist`, { field: 'userId' })
    const partyBidx = input.phone ? ctx.crypto.blindIndex('phone', input.phone) : input.idNumber ? ctx.crypto.blindIndex('idNumber', input.idNumber) : null
    const row = {
      id: newId(), userId: input.userId, subjectRef: input.subjectRef ?? null, partyBidx, reason: input.reason,
      createdBy: declarer(ctx), createdAt: ctx.clock.now(),
    }
    await repo.insertInterest(tx, row)
    await audit.record(tx, ctx, 'handler_interest.declared', { type: 'user', id: input.userId }, {
      interestId: row.id, subjectRef: row.subjectRef, party: partyBidx !== null, reason: input.reason,
    })
    return { id: row.id, userId: row.userId, subjectRef: row.subjectRef, party: partyBidx !== null, reason: row.reason, createdAt: row.createdAt }
  })
}

/** Declared interests, newest first. The party's blind index stays in the database: a list shows only that one exists. */
export async function listInterests(ctx: Ctx, q: { userId?: string | undefined; cursor?: string | undefined; limit: number }) {
  let userId = q.userId
  if (!managesInterests(ctx)) {
    if (!ctx.actor.userId || (userId !== undefined && userId !== ctx.actor.userId)) {
      throw new ForbiddenError('cases.forbidden', 'listing other users’ interests needs the permission cases:assign', { permission: 'cases:assign' })
    }
    userId = ctx.actor.userId
  }
  if (q.cursor !== undefined && !UUID.test(q.cursor)) {
    throw new ValidationError('cases.invalid_cursor', 'cursor is not one this list returned', { field: 'cursor' })
  }
  const rows = await repo.interests(dbOf(ctx), { userId, after: q.cursor, limit: q.limit + 1 })
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.id, userId: r.userId, userName: r.userName, subjectRef: r.subjectRef, party: r.partyBidx !== null, reason: r.reason,
    declaredBy: r.createdBy, declaredByName: r.declaredByName, createdAt: r.createdAt,
  }))
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null }
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Withdraws a declared interest: assignment may pick the user for that subject or person again. */
export async function withdrawInterest(ctx: Ctx, id: string) {
  return withTx(ctx, async (tx) => {
    const row = await repo.interest(tx, id)
    if (!row) throw new NotFoundError('cases.interest_not_found', `declared interest ${id} does not exist`, { id })
    if (!managesInterests(ctx) && (row.userId !== ctx.actor.userId || row.createdBy !== declarer(ctx))) {
      throw new ForbiddenError('cases.forbidden', 'withdrawing an interest you did not declare about yourself needs the permission cases:assign', {
        permission: 'cases:assign',
      })
    }
    await repo.deleteInterest(tx, id)
    await audit.record(tx, ctx, 'handler_interest.withdrawn', { type: 'user', id: row.userId }, {
      interestId: id, subjectRef: row.subjectRef, party: row.partyBidx !== null, reason: row.reason, declaredBy: row.createdBy,
    })
    return { ok: true as const }
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
