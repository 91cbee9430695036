// Aggregate queries behind the SLA dashboard. Counts come back as strings on both backends: converted here.
import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import { visibleTo } from './case.repo.ts'
import type { CaseScope } from './scope.ts'

/** Statuses where handling has ended: such cases are no longer open. */
const finished = ['resolved', 'closed', 'withdrawn']

export interface OpenCounts {
  open: number
  dueToday: number
  breached: number
  warning: number
  paused: number
}

/** Open cases by clock: breached means past due now, whatever the cached state says (jobs may lag). */
export async function openCounts(db: DbOrTx, scope: CaseScope, now: Date, endOfToday: Date): Promise<OpenCounts> {
  const r = await db
    .selectFrom('case')
    .where('status', 'not in', finished)
    .where(visibleTo(scope))
    .select((eb) => [
      eb.fn.countAll<string>().as('open'),
      sql<string>`count(*) filter (where sla_due_at >= ${now} and sla_due_at <= ${endOfToday} and sla_state <> 'breached')`.as('dueToday'),
      sql<string>`count(*) filter (where sla_state = 'breached' or sla_due_at < ${now})`.as('breached'),
      sql<string>`count(*) filter (where sla_state = 'warning' and (sla_due_at is null or sla_due_at >= ${now}))`.as('warning'),
      sql<string>`count(*) filter (where sla_state = 'paused')`.as('paused'),
    ])
    .executeTakeFirstOrThrow()
  return { open: Number(r.open), dueToday: Number(r.dueToday), breached: Number(r.breached), warning: Number(r.warning), paused: Number(r.paused) }
}

export interface GroupCounts {
  key: string | null
  name: string | null
  open: number
  breached: number
  done: number
  onTime: number
}

/** Per queue or per assignee: open and breached now; resolved since `since`, and of those on time (state met). */
export async function groupCounts(db: DbOrTx, scope: CaseScope, by: 'queue' | 'assignee', now: Date, since: Date): Promise<GroupCounts[]> {
  const col = by === 'queue' ? sql.ref('case.queue_id') : sql.ref('case.assignee_id')
  const name = by === 'queue' ? sql<string | null>`max(queue.name)` : sql<string | null>`max(app_user.display_name)`
  let q = db.selectFrom('case')
  q = by === 'queue' ? q.leftJoin('queue', 'queue.id', 'case.queueId') : q.leftJoin('appUser', 'appUser.id', 'case.assigneeId')
  const rows = await (q as typeof q)
    .select([
      sql<string | null>`${col}::text`.as('key'),
      name.as('name'),
      sql<string>`count(*) filter (where "case".status not in ('resolved', 'closed', 'withdrawn'))`.as('open'),
      sql<string>`count(*) filter (where "case".status not in ('resolved', 'closed', 'withdrawn') and ("case".sla_state = 'breached' or "case".sla_due_at < ${now}))`.as('breached'),
      sql<string>`count(*) filter (where "case".resolved_at >= ${since})`.as('done'),
      sql<string>`count(*) filter (where "case".resolved_at >= ${since} and "case".sla_state = 'met')`.as('onTime'),
    ])
    .where(visibleTo(scope))
    .groupBy(col)
    .execute()
  return rows
    .map((r) => ({ key: r.key, name: r.name, open: Number(r.open), breached: Number(r.breached), done: Number(r.done), onTime: Number(r.onTime) }))
    .filter((r) => r.open > 0 || r.done > 0)
}

export interface DayCount {
  date: string
  n: number
}

// Asia/Shanghai is UTC+8 all year (no daylight saving): shifting the UTC wall time by 8 hours gives the local date
// without relying on the database's time zone data (PGlite ships little of it).
const localDate = (column: string) => sql<string>`to_char((${sql.ref(column)} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`

export async function receivedPerDay(db: DbOrTx, scope: CaseScope, since: Date): Promise<DayCount[]> {
  const day = localDate('case.received_at')
  const rows = await db.selectFrom('case').where('receivedAt', '>=', since).where(visibleTo(scope)).select([day.as('date'), (eb) => eb.fn.countAll<string>().as('n')]).groupBy(day).execute()
  return rows.map((r) => ({ date: r.date, n: Number(r.n) }))
}

export async function resolvedPerDay(db: DbOrTx, scope: CaseScope, since: Date): Promise<DayCount[]> {
  const day = localDate('case.resolved_at')
  const rows = await db.selectFrom('case').where('resolvedAt', '>=', since).where(visibleTo(scope)).select([day.as('date'), (eb) => eb.fn.countAll<string>().as('n')]).groupBy(day).execute()
  return rows.map((r) => ({ date: r.date, n: Number(r.n) }))
}

export async function breachesPerDay(db: DbOrTx, scope: CaseScope, since: Date): Promise<DayCount[]> {
  const day = localDate('case_event.at')
  const rows = await db
    .selectFrom('caseEvent')
    .where('type', '=', 'sla_breached')
    .where('at', '>=', since)
    .where(sql<boolean>`exists (select 1 from "case" where "case".id = case_event.case_id and ${visibleTo(scope)})`)
    // One case breaching two targets (first response, decision) on a day counts once.
    .select([day.as('date'), (eb) => eb.fn.count<string>('caseId').distinct().as('n')])
    .groupBy(day)
    .execute()
  return rows.map((r) => ({ date: r.date, n: Number(r.n) }))
}
