// The SLA dashboard (时限看板): where the open cases stand against their clocks, and how often clocks were met.
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf } from '../../platform/ctx.ts'
import type { SlaDashboard } from '../../contracts/cases-dashboard.schema.ts'
import * as repo from './dashboard.repo.ts'
import { caseScope, refuseGrantee } from './scope.ts'

const DAY = 86_400_000
const SHANGHAI_OFFSET = 8 * 3_600_000 // UTC+8 all year

/** Start of the Asia/Shanghai day containing `t`, as an instant. */
function startOfLocalDay(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET
}
const localDateOf = (t: number): string => new Date(t + SHANGHAI_OFFSET).toISOString().slice(0, 10)
const rate = (onTime: number, done: number): number | null => (done === 0 ? null : Math.round((onTime / done) * 10_000) / 10_000)

export async function slaDashboard(ctx: Ctx, q: { days: number }): Promise<SlaDashboard> {
  const db = dbOf(ctx)
  const now = ctx.clock.now()
  const today = startOfLocalDay(now.getTime())
  const endOfToday = new Date(today + DAY - 1)
  const since = new Date(today - (q.days - 1) * DAY)
  // Counts cover the cases the caller may see: a handler's dashboard is their own workload.
  refuseGrantee(ctx, 'the SLA dashboard')
  const scope = caseScope(ctx)

  const [open, byQueue, byAssignee, received, resolved, breaches] = await Promise.all([
    repo.openCounts(db, scope, now, endOfToday),
    repo.groupCounts(db, scope, 'queue', now, since),
    repo.groupCounts(db, scope, 'assignee', now, since),
    repo.receivedPerDay(db, scope, since),
    repo.resolvedPerDay(db, scope, since),
    repo.breachesPerDay(db, scope, since),
  ])
  const total = byQueue.reduce((a, g) => ({ done: a.done + g.done, onTime: a.onTime + g.onTime }), { done: 0, onTime: 0 })
  const lookup = (rows: repo.DayCount[]) => new Map(rows.map((r) => [r.date, r.n]))
  const [rec, res, br] = [lookup(received), lookup(resolved), lookup(breaches)]
  const trend = Array.from({ length: q.days }, (_, i) => {
    const date = localDateOf(since.getTime() + i * DAY)
    return { date, received: rec.get(date) ?? 0, resolved: res.get(date) ?? 0, breached: br.get(date) ?? 0 }
  })
  const byRate = <T extends { done: number; onTime: number; breached: number }>(a: T, b: T) =>
    (rate(a.onTime, a.done) ?? 2) - (rate(b.onTime, b.done) ?? 2) || b.breached - a.breached

  return {
    asOf: now,
    days: q.days,
    ...open,
    compliance: { open: open.open, breached: open.breached, done: total.done, onTime: total.onTime, rate: rate(total.onTime, total.done) },
    byQueue: byQueue
      .map((g) => ({ queueId: g.key, queueName: g.name, open: g.open, breached: g.breached, done: g.done, onTime: g.onTime, rate: rate(g.onTime, g.done) }))
      .sort(byRate),
    byAssignee: byAssignee
      .map((g) => ({ assigneeId: g.key, assigneeName: g.name, open: g.open, breached: g.breached, done: g.done, onTime: g.onTime, rate: rate(g.onTime, g.done) }))
      .sort(byRate),
    trend,
  }
}
