// The clock of a case: which policy it runs under, its computed state (core/sla-clock) and the reminder job
// that fires at the next instant the state changes. Recomputed after every mutation, in its transaction.
import type { Tx } from '../../db/database.ts'
import type { Ctx } from '../../platform/ctx.ts'
import * as jobs from '../../platform/jobs.ts'
import {
  bankingInsurance2020Preset, computeSla, ecommercePreset, regulatorTransferPreset,
  type ClockInput, type GrantedExtension, type SlaPolicy, type SlaReport,
} from './core/sla-clock.ts'
import * as repo from './case.repo.ts'
import { ruleMatches, type CaseFacts, type RoutingMatch } from './core/routing.ts'
import type { DbOrTx } from '../../db/database.ts'
import { createWorkCalendar, daysInRange, defaultWorkCalendar, type CalendarEntry, type WorkCalendar } from './core/work-calendar.ts'
import { dayNumber, isLocalDate } from './core/local-date.ts'
import { dbOf } from '../../platform/ctx.ts'
import { ValidationError } from '../../platform/errors.ts'
import type { CaseRow, CasePatch } from './case.repo.ts'

export const SLA_CHECK_JOB = 'cases.sla_check'
export const slaJobKey = (caseId: string) => `cases.sla:${caseId}`

export type Sector = 'bank' | 'insurance' | 'ecommerce'

export const policyPresets = ['banking_insurance_2020', 'banking_insurance_2020_working_days', 'ecommerce'] as const
export type PolicyPreset = (typeof policyPresets)[number]
export interface PolicyRule {
  match: RoutingMatch
  preset: PolicyPreset
}
export const POLICY_RULES_SETTING = 'cases.sla_policy_rules'

function presetPolicy(p: PolicyPreset): SlaPolicy {
  switch (p) {
    case 'banking_insurance_2020':
      return bankingInsurance2020Preset()
    case 'banking_insurance_2020_working_days':
      return bankingInsurance2020Preset({ dayCounting: 'working_days' })
    case 'ecommerce':
      return ecommercePreset()
  }
}

/** What each preset a policy rule can name runs, read from the preset itself, for the console's rule editor. */
export function presetCatalog() {
  return {
    items: policyPresets.map((preset) => {
      const p = presetPolicy(preset)
      return {
        preset,
        name: p.name,
        targets: p.targets.map((t) =>
          t.basis === 'absolute'
            ? { key: t.key, label: t.label, basis: t.basis, amount: null, unit: null, pausable: false, rollForwardFromRestDay: false, extensions: [] }
            : {
                key: t.key, label: t.label, basis: t.basis, amount: t.amount, unit: t.unit, pausable: t.pausable ?? true,
                rollForwardFromRestDay: t.rollForwardFromRestDay ?? false,
                extensions: (t.extensions ?? []).map((e) => ({ id: e.id, label: e.label, mode: e.mode, amount: e.amount, approvalRoles: [...e.approvalRoles] })),
              },
        ),
      }
    }),
  }
}

/**
 * Regulator transfers run on the regulator's deadline. Otherwise the first admin rule matching the case
 * (kind, channel, sector, category prefix, ...) names a preset; by default banking/insurance complaints and
 * appeals run under the 2020 rules and everything else under the e-commerce service levels.
 */
export function choosePolicy(kind: string, sector: Sector, facts: CaseFacts = {}, rules: readonly PolicyRule[] = []): SlaPolicy {
  if (kind === 'regulator_transfer') return regulatorTransferPreset()
  const rule = rules.find((r) => ruleMatches(r.match, { ...facts, kind, sector }))
  if (rule) return presetPolicy(rule.preset)
  if ((kind === 'complaint' || kind === 'appeal') && (sector === 'bank' || sector === 'insurance')) return bankingInsurance2020Preset()
  return ecommercePreset()
}

export async function policyRules(db: DbOrTx): Promise<PolicyRule[]> {
  const v = await repo.setting(db, POLICY_RULES_SETTING)
  return Array.isArray(v) ? (v as PolicyRule[]) : []
}

export interface StoredPause {
  from: string
  to: string | null
  reason: string | null
}
export interface StoredExtension {
  targetKey: string
  ruleId: string
  grantedAt: string
  reason: string | null
  noticeSentAt: string | null
  approvedBy: { actorId: string; role: string } | null
}

export const pausesOf = (row: CaseRow) => row.slaPauses as StoredPause[]
export const extensionsOf = (row: CaseRow) => row.slaExtensions as StoredExtension[]
export const policyOf = (row: CaseRow) => row.slaPolicy as SlaPolicy

export function toGranted(e: StoredExtension): GrantedExtension {
  return {
    targetKey: e.targetKey,
    ruleId: e.ruleId,
    grantedAt: Date.parse(e.grantedAt),
    reason: e.reason,
    noticeSentAt: e.noticeSentAt ? Date.parse(e.noticeSentAt) : null,
    approvedBy: e.approvedBy,
  }
}

/** The pure clock's input for a case row as it stands (or as it will after `patch`). */
export function clockInput(row: CaseRow, now: Date): ClockInput {
  const policy = policyOf(row)
  const completedAt: Record<string, number> = {}
  const resolved = row.resolvedAt ? row.resolvedAt.getTime() : null
  for (const t of policy.targets) {
    if (t.key === 'first_response') {
      const first = row.firstResponseAt ? row.firstResponseAt.getTime() : resolved
      if (first !== null) completedAt[t.key] = first
    } else if (resolved !== null) completedAt[t.key] = resolved
  }
  return {
    policy,
    calendar,
    receivedAt: row.receivedAt.getTime(),
    now: now.getTime(),
    pauses: pausesOf(row).map((p) => ({ from: Date.parse(p.from), to: p.to ? Date.parse(p.to) : null })),
    extensions: extensionsOf(row).map(toGranted),
    completedAt,
    absoluteDeadlines: row.regulatorDueAt ? { regulator_reply: { at: row.regulatorDueAt.getTime() } } : {},
  }
}

// The admins' calendar entries (setting cases.work_calendar) over the library's holidays. Every service call
// that computes a clock refreshes it first (one small query), so all nodes see a change at once.
export const CALENDAR_SETTING = 'cases.work_calendar'
let calendar: WorkCalendar = defaultWorkCalendar
let calendarStamp = ''

export async function refreshCalendar(db: DbOrTx): Promise<WorkCalendar> {
  const row = await repo.settingRow(db, CALENDAR_SETTING)
  const stamp = row ? row.updatedAt.toISOString() : ''
  if (stamp !== calendarStamp) {
    calendar = row ? createWorkCalendar(row.value as CalendarEntry[]) : defaultWorkCalendar
    calendarStamp = stamp
  }
  return calendar
}
export const currentCalendar = () => calendar

export const CALENDAR_DAYS_MAX = 366

/** The calendar in force (library plus admin entries), day by day over [from, to], for the console's month view. */
export async function calendarDays(ctx: Ctx, from: string, to: string) {
  for (const [field, v] of [['from', from], ['to', to]] as const) {
    if (!isLocalDate(v)) throw new ValidationError('cases.calendar_range_invalid', `${field} ${JSON.stringify(v)} is not a date (YYYY-MM-DD)`, { field })
  }
  const span = dayNumber(to) - dayNumber(from) + 1
  if (span < 1 || span > CALENDAR_DAYS_MAX) {
    throw new ValidationError('cases.calendar_range_invalid', `from ${from} to ${to} must be 1 to ${CALENDAR_DAYS_MAX} days, in order`, { field: 'to' })
  }
  return { items: daysInRange(await refreshCalendar(dbOf(ctx)), from, to) }
}

export function report(row: CaseRow, now: Date): SlaReport {
  return computeSla(clockInput(row, now))
}

/** Cached columns for lists: the overall state and the earliest open due instant (null when none runs). */
export function cachedColumns(r: SlaReport): { slaState: string; slaDueAt: Date | null } {
  const open = r.targets.filter((t) => !t.paused && t.completedAt === null)
  const due = open.length ? Math.min(...open.map((t) => t.dueAt)) : null
  return { slaState: r.state, slaDueAt: due === null ? null : new Date(due) }
}

/** Writes the cached columns and (re)schedules or cancels the reminder job, in the caller's transaction. */
export async function syncClockJob(tx: Tx, ctx: Ctx, caseId: string, r: SlaReport): Promise<void> {
  if (r.nextCheckAt === null) await jobs.cancel(tx, ctx.clock, slaJobKey(caseId))
  else await jobs.enqueue(tx, ctx.clock, { kind: SLA_CHECK_JOB, payload: { caseId }, runAt: new Date(r.nextCheckAt), uniqueKey: slaJobKey(caseId) })
}

const jsonColumns = ['slaPolicy', 'slaPauses', 'slaExtensions', 'slaNotified', 'escalation', 'hold', 'completedSteps'] as const

/** The row as it will be after `patch` (JSON columns are written as strings and read back parsed). */
export function merged(row: CaseRow, patch: CasePatch): CaseRow {
  const out: Record<string, unknown> = { ...row, ...patch }
  for (const k of jsonColumns) {
    const v = (patch as Record<string, unknown>)[k]
    if (typeof v === 'string') out[k] = JSON.parse(v)
  }
  return out as CaseRow
}

/** One update: the patch plus the clock's cached columns; then the reminder job. Returns the new row. */
export async function saveWithClock(tx: Tx, ctx: Ctx, row: CaseRow, patch: CasePatch): Promise<CaseRow> {
  const next = merged(row, patch)
  const r = report(next, ctx.clock.now())
  const cached = cachedColumns(r)
  await repo.update(tx, row.id, { ...patch, ...cached })
  await syncClockJob(tx, ctx, row.id, r)
  return { ...next, ...cached }
}
