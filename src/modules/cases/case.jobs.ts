// The clock's reminder job: at a case's next check instant it records warnings (80 %) and breaches once
// each per due instant, alerts the supervisors on a breach, and schedules the next check.
import type { JobHandlers } from '../../platform/jobs.ts'
import type { Ctx } from '../../platform/ctx.ts'
import * as audit from '../audit/index.ts'
import * as repo from './case.repo.ts'
import * as sla from './sla.service.ts'
import { event, finishedStatuses, HOLD_DUE_JOB } from './case.service.ts'
import type { StoredHold } from './case.view.ts'
import { RESCHEDULE_JOB } from './admin.service.ts'
import * as webhooks from './webhook.service.ts'

export async function checkClock(ctx: Ctx, caseId: string): Promise<void> {
  const tx = ctx.tx!
  await sla.refreshCalendar(tx)
  const row = await repo.find(tx, caseId)
  if (!row) return // deleted or never committed: nothing to remind
  const locked = await repo.lock(tx, caseId)
  const now = ctx.clock.now()
  const r = sla.report(locked, now)
  const notified = new Set(locked.slaNotified)
  const events: repo.NewEvent[] = []
  const audits: { action: string; data: Record<string, unknown> }[] = []
  for (const t of r.targets) {
    if (t.state !== 'warning' && t.state !== 'breached') continue
    if (t.completedAt !== null) continue
    const key = `${t.key}:${t.state}:${t.dueAt}`
    if (notified.has(key)) continue
    notified.add(key)
    const data = { target: t.key, label: t.label, dueAt: new Date(t.dueAt).toISOString(), elapsedFraction: Number(t.elapsedFraction.toFixed(3)) }
    if (t.state === 'warning') {
      events.push(event(ctx, caseId, 'sla_warning', data))
      audits.push({ action: 'case.sla_warning', data })
    } else {
      events.push(event(ctx, caseId, 'sla_breached', data))
      const supervisors = await repo.usersWithRole(tx, 'supervisor')
      events.push(event(ctx, caseId, 'supervisor_alerted', { target: t.key, supervisorIds: supervisors.map((s) => s.id) }))
      audits.push({ action: 'case.sla_breached', data: { ...data, supervisorIds: supervisors.map((s) => s.id) } })
    }
  }
  await repo.update(tx, caseId, { ...sla.cachedColumns(r), slaNotified: JSON.stringify([...notified]) })
  await repo.insertEvents(tx, events)
  await sla.syncClockJob(tx, ctx, caseId, r)
  for (const a of audits) {
    await webhooks.emit(tx, ctx, a.action === 'case.sla_warning' ? 'case.sla_warning' : 'case.sla_breached', { caseId, number: locked.number, ...a.data })
  }
  for (const a of audits) await audit.record(tx, ctx, a.action, { type: 'case', id: caseId }, a.data)
}

/**
 * A hold's until-date has come: if the case is still held with that until-date, the timeline and the audit
 * say so and the assignee sees it (hold_due). The case stays held: ending a hold is a person's decision.
 */
export async function holdDue(ctx: Ctx, caseId: string, until: string): Promise<void> {
  const tx = ctx.tx!
  const row = await repo.find(tx, caseId)
  if (!row || row.status !== 'on_hold') return
  const hold = row.hold as StoredHold | null
  if (!hold || hold.until !== until) return // unheld and held again with another date: that job will come
  const data = { until, since: hold.since, reason: hold.reason, assigneeId: row.assigneeId }
  await repo.insertEvents(tx, [event(ctx, caseId, 'hold_due', data)])
  await audit.record(tx, ctx, 'case.hold_due', { type: 'case', id: caseId }, data)
}

/** After a calendar change: every open case's cached clock and reminder job, recomputed. */
export async function rescheduleClocks(ctx: Ctx): Promise<void> {
  const tx = ctx.tx!
  await sla.refreshCalendar(tx)
  const now = ctx.clock.now()
  for (const id of await repo.openCaseIds(tx, finishedStatuses)) {
    const row = await repo.find(tx, id)
    if (!row) continue
    const r = sla.report(row, now)
    await repo.update(tx, id, sla.cachedColumns(r))
    await sla.syncClockJob(tx, ctx, id, r)
  }
}

export const caseJobHandlers: JobHandlers = {
  [sla.SLA_CHECK_JOB]: (ctx, payload) => checkClock(ctx, String(payload.caseId)),
  [RESCHEDULE_JOB]: (ctx) => rescheduleClocks(ctx),
  [HOLD_DUE_JOB]: (ctx, payload) => holdDue(ctx, String(payload.caseId), String(payload.until)),
  ...webhooks.webhookJobHandlers,
}
