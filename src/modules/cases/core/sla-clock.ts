/**
 * Statutory and service clocks (时限): a pure function from (policy, receipt, pauses, extensions, now) to due
 * dates and states. Nothing is stored: a policy change mid-case is the same call with the new policy, and
 * the clock is recomputed from the receipt instant. The rules are summarised in docs/cases-clock.md.
 *
 * Units
 * - hours: wall-clock hours from the receipt instant, round the clock; due at that exact millisecond.
 * - calendar_days / working_days: the receipt day is not counted; counting starts the next local day
 *   (民法典 第二百零一条: 开始的当日不计入). The due instant is the end of the last counted day,
 *   23:59:59.999 Asia/Shanghai (第二百零三条: 截止时间为二十四时). working_days skip weekends and statutory
 *   holidays and count 调休 weekend workdays. calendar_days may roll a last day that falls on a rest day
 *   forward to the next working day (第二百零三条: 最后一日是法定休假日的，以休假日结束的次日为最后一日).
 * - absolute: a deadline given with the case (a regulator transfer's 办理时限); never paused or extended.
 *
 * On time means completed at or before `dueAt`; breached means now (or completion) is after it, so the
 * first breached instant of a day-based clock is 00:00:00.000 of the next day.
 *
 * Pauses (waiting on the complainant; 需外部机构鉴定 periods) stop pausable clocks. Hours clocks move by the
 * exact paused duration. Day clocks skip only days the pause covers entirely: a day on which the clock ran
 * at all still counts, so pausing for an hour or overnight cannot buy a day.
 */
import {
  DAY_MS,
  HOUR_MS,
  type LocalDate,
  addDays,
  endOfLocalDay,
  isLocalDate,
  localDateOf,
  startOfLocalDay,
  yearOf,
} from './local-date.ts'
import {
  type WorkCalendar,
  calendarCoverage,
  defaultWorkCalendar,
  isWorkday,
  rollForwardToWorkday,
} from './work-calendar.ts'

export type DurationUnit = 'hours' | 'calendar_days' | 'working_days'
export type SlaState = 'ok' | 'warning' | 'breached' | 'paused' | 'met'

export const DEFAULT_WARN_AT = 0.8

export interface ExtensionRule {
  id: string
  label: string
  /** extend_to: the target becomes `amount` in total (延长至30日); extend_by: `amount` more (再延长30日). */
  mode: 'extend_to' | 'extend_by'
  amount: number
  /** A recorded reason is required. */
  requiresReason: boolean
  /** The complainant must have been told (告知投诉人); the grant carries `noticeSentAt`. */
  requiresNotice: boolean
  /** Roles whose approval the grant must carry; empty when none is needed. */
  approvalRoles: readonly string[]
  /** Another rule of the same target that must already be granted, or null. */
  after: string | null
}

export interface RelativeTarget {
  key: string
  label: string
  basis: 'relative'
  amount: number
  unit: DurationUnit
  /** Fraction of the window after which the state is 'warning' (default 0.8). */
  warnAt?: number
  /** Whether pauses stop this clock (default true). */
  pausable?: boolean
  /** calendar_days only: a last day on a rest day moves to the next working day (default false). */
  rollForwardFromRestDay?: boolean
  extensions?: readonly ExtensionRule[]
}

export interface AbsoluteTarget {
  key: string
  label: string
  /** The due instant comes with the case in `ClockInput.absoluteDeadlines[key]`. */
  basis: 'absolute'
  warnAt?: number
}

export type SlaTarget = RelativeTarget | AbsoluteTarget

export interface SlaPolicy {
  id: string
  name: string
  targets: readonly SlaTarget[]
}

/** A pause; `to: null` while still paused. `to` is exclusive. */
export interface PauseInterval {
  from: number
  to: number | null
}

export interface GrantedExtension {
  targetKey: string
  ruleId: string
  grantedAt: number
  reason?: string | null
  noticeSentAt?: number | null
  approvedBy?: { actorId: string; role: string } | null
}

/** A deadline supplied with the case: an instant, or a local date meaning the end of that day. */
export type AbsoluteDeadline = { at: number } | { date: LocalDate }

export interface ClockInput {
  policy: SlaPolicy
  receivedAt: number
  now: number
  calendar?: WorkCalendar
  pauses?: readonly PauseInterval[]
  extensions?: readonly GrantedExtension[]
  /** Completion instant per target key (first response given, decision made). */
  completedAt?: Readonly<Record<string, number>>
  absoluteDeadlines?: Readonly<Record<string, AbsoluteDeadline>>
}

export interface TargetClock {
  key: string
  label: string
  unit: DurationUnit | 'absolute'
  /** The policy's amount, and the amount after applied extensions (null for absolute targets). */
  baseAmount: number | null
  amount: number | null
  appliedExtensions: GrantedExtension[]
  /** Recorded grants that do not count under this policy, with the reason. */
  unappliedExtensions: { extension: GrantedExtension; problems: ExtensionProblem[] }[]
  /** Last on-time instant. Provisional while paused: it assumes the clock resumes now. */
  dueAt: number
  dueIsProvisional: boolean
  /** When the state turns to 'warning' if nothing changes; null when paused, completed or already past. */
  warningAt: number | null
  /** Share of the window used (counted running time); above 1 once overdue. */
  elapsedFraction: number
  state: SlaState
  paused: boolean
  /** Paused milliseconds since receipt (to now or completion), for pausable targets. */
  pausedMs: number
  /** dueAt - now (negative when overdue); measured from completion for completed targets. */
  msUntilDue: number
  completedAt: number | null
}

export interface SlaReport {
  policyId: string
  /** The most urgent target state: breached > warning > paused > ok > met (met only when all are met). */
  state: SlaState
  targets: TargetClock[]
  /** The next instant a target changes state if nothing else changes (for the reminder job), or null. */
  nextCheckAt: number | null
  /** Years the working-day arithmetic touched with no holiday data (Monday-Friday assumed): warn admins. */
  uncoveredYears: number[]
}

export type ExtensionProblemCode =
  | 'unknown_target'
  | 'not_extendable'
  | 'unknown_rule'
  | 'already_granted'
  | 'prior_extension_required'
  | 'reason_required'
  | 'notice_required'
  | 'approval_required'
  | 'after_due'
  | 'target_completed'

export interface ExtensionProblem {
  code: ExtensionProblemCode
  message: string
}

export interface PolicyProblem {
  path: string
  message: string
}

// ---------------------------------------------------------------------------------------------------------
// Presets

/** How the 2020 rules' "15日" is counted; see docs/cases-clock.md. */
export interface BankingPresetOptions {
  /** Default calendar_days (自然日), the reading of 民法典 201-203 for a period stated in 日. */
  dayCounting?: 'calendar_days' | 'working_days'
  /** calendar_days only; default true (民法典 203: a last day on a rest day moves to the next working day). */
  rollForwardFromRestDay?: boolean
  warnAt?: number
}

/**
 * 银行业保险业消费投诉处理管理办法 (2020, 银保监会令2020年第3号): a decision within 15 days of receipt; complex
 * cases may be extended to 30 days in total with a reason and notice to the complainant; special cases a
 * further 30 days with a senior approval and notice.
 */
export function bankingInsurance2020Preset(options: BankingPresetOptions = {}): SlaPolicy {
  const unit = options.dayCounting ?? 'calendar_days'
  return {
    id: unit === 'calendar_days' ? 'cn-banking-insurance-2020' : 'cn-banking-insurance-2020-working-days',
    name: '银行业保险业消费投诉处理管理办法 (2020)',
    targets: [
      {
        key: 'decision',
        label: '作出处理决定并告知投诉人',
        basis: 'relative',
        amount: 15,
        unit,
        warnAt: options.warnAt ?? DEFAULT_WARN_AT,
        pausable: true,
        rollForwardFromRestDay: unit === 'calendar_days' ? (options.rollForwardFromRestDay ?? true) : false,
        extensions: [
          {
            id: 'complex',
            label: '情况复杂，延长至30日',
            mode: 'extend_to',
            amount: 30,
            requiresReason: true,
            requiresNotice: true,
            approvalRoles: [],
            after: null,
          },
          {
            id: 'special',
            label: '情况特别复杂或有其他特殊原因，经审批再延长30日',
            mode: 'extend_by',
            amount: 30,
            requiresReason: true,
            requiresNotice: true,
            approvalRoles: ['supervisor'],
            after: 'complex',
          },
        ],
      },
    ],
  }
}

/** E-commerce service levels: first response within 24 hours, resolution within 7 calendar days. */
export function ecommercePreset(options: { warnAt?: number } = {}): SlaPolicy {
  const warnAt = options.warnAt ?? DEFAULT_WARN_AT
  return {
    id: 'ecommerce-standard',
    name: '电商投诉服务时限',
    targets: [
      {
        key: 'first_response',
        label: '首次响应',
        basis: 'relative',
        amount: 24,
        unit: 'hours',
        warnAt,
        pausable: false,
      },
      {
        key: 'resolution',
        label: '处理完结',
        basis: 'relative',
        amount: 7,
        unit: 'calendar_days',
        warnAt,
        pausable: true,
        rollForwardFromRestDay: false,
      },
    ],
  }
}

/** A regulator transfer (监管转办, e.g. 12315): reply by the deadline the regulator set, given per case. */
export function regulatorTransferPreset(options: { warnAt?: number } = {}): SlaPolicy {
  return {
    id: 'regulator-transfer',
    name: '监管转办',
    targets: [
      {
        key: 'regulator_reply',
        label: '按监管转办时限回复',
        basis: 'absolute',
        warnAt: options.warnAt ?? DEFAULT_WARN_AT,
      },
    ],
  }
}

// ---------------------------------------------------------------------------------------------------------
// Validation

export function validatePolicy(policy: SlaPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  if (policy.targets.length === 0)
    problems.push({ path: 'targets', message: 'a policy needs at least one target' })
  const keys = new Set<string>()
  policy.targets.forEach((t, i) => {
    const at = `targets[${i}]`
    if (!t.key) problems.push({ path: `${at}.key`, message: 'key is empty' })
    if (keys.has(t.key)) problems.push({ path: `${at}.key`, message: `duplicate target key ${t.key}` })
    keys.add(t.key)
    const warnAt = t.warnAt ?? DEFAULT_WARN_AT
    if (!(warnAt > 0 && warnAt < 1))
      problems.push({ path: `${at}.warnAt`, message: `warnAt must be between 0 and 1 (got ${warnAt})` })
    if (t.basis === 'absolute') return
    problems.push(...amountProblems(t.unit, t.amount, `${at}.amount`))
    if (t.rollForwardFromRestDay && t.unit !== 'calendar_days') {
      problems.push({ path: `${at}.rollForwardFromRestDay`, message: 'only calendar_days can roll forward' })
    }
    const ruleIds = new Set<string>()
    for (const [j, r] of (t.extensions ?? []).entries()) {
      const rp = `${at}.extensions[${j}]`
      if (ruleIds.has(r.id)) problems.push({ path: `${rp}.id`, message: `duplicate extension rule ${r.id}` })
      ruleIds.add(r.id)
      problems.push(...amountProblems(t.unit, r.amount, `${rp}.amount`))
      if (r.mode === 'extend_to' && r.amount <= t.amount) {
        problems.push({
          path: `${rp}.amount`,
          message: `extend_to ${r.amount} does not exceed the target's ${t.amount}`,
        })
      }
    }
    for (const [j, r] of (t.extensions ?? []).entries()) {
      if (r.after !== null && (r.after === r.id || !ruleIds.has(r.after))) {
        problems.push({
          path: `${at}.extensions[${j}].after`,
          message: `after names no other rule of this target: ${r.after}`,
        })
      }
    }
  })
  return problems
}

function amountProblems(unit: DurationUnit, amount: number, path: string): PolicyProblem[] {
  if (unit === 'hours') {
    return Number.isFinite(amount) && amount > 0
      ? []
      : [{ path, message: `hours must be a positive number (got ${amount})` }]
  }
  return Number.isInteger(amount) && amount > 0 && amount <= 3650
    ? []
    : [{ path, message: `${unit} must be a whole number from 1 to 3650 (got ${amount})` }]
}

export interface PauseProblem {
  index: number
  message: string
}

/** Checks recorded pauses; computeSla tolerates overlaps (it merges them) but the service should not store them. */
export function validatePauses(pauses: readonly PauseInterval[], receivedAt: number): PauseProblem[] {
  const problems: PauseProblem[] = []
  const sorted = pauses.map((p, index) => ({ ...p, index })).sort((a, b) => a.from - b.from)
  let prevEnd = -Infinity
  let open = 0
  for (const p of sorted) {
    if (p.from < receivedAt)
      problems.push({ index: p.index, message: `pause ${p.index} starts before receipt` })
    if (p.to !== null && p.to < p.from)
      problems.push({ index: p.index, message: `pause ${p.index} ends before it starts` })
    if (p.from < prevEnd)
      problems.push({ index: p.index, message: `pause ${p.index} overlaps an earlier pause` })
    if (p.to === null) {
      open++
      if (open > 1) problems.push({ index: p.index, message: `pause ${p.index}: only one pause may be open` })
      prevEnd = Infinity
    } else prevEnd = Math.max(prevEnd, p.to)
  }
  return problems
}

// ---------------------------------------------------------------------------------------------------------
// Counting

interface Span {
  from: number
  to: number
}

/** Sorted, merged, clipped to [receivedAt, until]; an open pause ends at `until` (assumed to resume now). */
function normalizePauses(
  pauses: readonly PauseInterval[],
  receivedAt: number,
  until: number,
): { spans: Span[]; openFrom: number | null } {
  let openFrom: number | null = null
  const spans: Span[] = []
  for (const p of pauses) {
    const from = Math.max(p.from, receivedAt)
    if (from > until) continue // not begun yet (or begun after completion)
    if (p.to === null) openFrom = openFrom === null ? from : Math.min(openFrom, from)
    const to = p.to === null ? until : Math.min(p.to, until)
    if (to > from) spans.push({ from, to })
  }
  spans.sort((a, b) => a.from - b.from)
  const merged: Span[] = []
  for (const s of spans) {
    const last = merged.at(-1)
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to)
    else merged.push({ ...s })
  }
  return { spans: merged, openFrom }
}

type CountsDay = (date: LocalDate) => boolean
/** Every day counts (hours and calendar-day clocks): running time is plain arithmetic, no day walk. */
const EVERY_DAY: CountsDay = () => true

function nextLocalMidnight(t: number): number {
  return startOfLocalDay(localDateOf(t)) + DAY_MS
}

/** Running (unpaused) milliseconds in [from, to) that fall on counted days. */
function countedMs(from: number, to: number, pauses: readonly Span[], counts: CountsDay): number {
  if (counts === EVERY_DAY) {
    // pauses are sorted and merged, so their clipped lengths add up to the paused time in [from, to)
    let paused = 0
    for (const p of pauses) paused += Math.max(0, Math.min(p.to, to) - Math.max(p.from, from))
    return Math.max(0, to - from - paused)
  }
  let total = 0
  let t = from
  let i = 0
  while (t < to) {
    while (i < pauses.length && (pauses[i] as Span).to <= t) i++
    const p = pauses[i]
    if (p && p.from <= t) {
      t = p.to
      continue
    }
    const segEnd = Math.min(to, p ? p.from : Infinity, nextLocalMidnight(t))
    if (counts(localDateOf(t))) total += segEnd - t
    t = segEnd
  }
  return total
}

/** The instant at which `amount` counted running milliseconds have passed since `start`. */
function advanceCounted(start: number, amount: number, pauses: readonly Span[], counts: CountsDay): number {
  let remaining = amount
  let t = start
  let i = 0
  for (let guard = 0; guard < 200_000; guard++) {
    if (remaining <= 0) return t
    while (i < pauses.length && (pauses[i] as Span).to <= t) i++
    const p = pauses[i]
    if (p && p.from <= t) {
      t = p.to
      continue
    }
    const segEnd = Math.min(p ? p.from : Infinity, nextLocalMidnight(t))
    if (counts(localDateOf(t))) {
      if (segEnd - t >= remaining) return t + remaining
      remaining -= segEnd - t
    }
    t = segEnd
  }
  throw new RangeError('sla clock: no counted time found (calendar without working days?)')
}

function whollyPaused(date: LocalDate, pauses: readonly Span[]): boolean {
  const start = startOfLocalDay(date)
  const end = start + DAY_MS
  return pauses.some((p) => p.from <= start && p.to >= end)
}

function dayBasedDue(
  target: RelativeTarget,
  amount: number,
  receivedAt: number,
  pauses: readonly Span[],
  calendar: WorkCalendar,
): number {
  let d = localDateOf(receivedAt)
  let counted = 0
  for (let guard = 0; counted < amount; guard++) {
    if (guard > 40_000)
      throw new RangeError('sla clock: day window does not close (calendar without working days?)')
    d = addDays(d, 1)
    if (target.unit === 'working_days' && !isWorkday(calendar, d)) continue
    if (whollyPaused(d, pauses)) continue
    counted++
  }
  if (target.unit === 'calendar_days' && target.rollForwardFromRestDay) d = rollForwardToWorkday(calendar, d)
  return endOfLocalDay(d)
}

function relativeDue(
  target: RelativeTarget,
  amount: number,
  receivedAt: number,
  pauses: readonly Span[],
  calendar: WorkCalendar,
) {
  if (target.unit === 'hours') return advanceCounted(receivedAt, amount * HOUR_MS, pauses, () => true)
  return dayBasedDue(target, amount, receivedAt, pauses, calendar)
}

function absoluteDueAt(deadline: AbsoluteDeadline): number {
  if ('at' in deadline) return deadline.at
  if (!isLocalDate(deadline.date))
    throw new RangeError(`absolute deadline date is not YYYY-MM-DD: ${deadline.date}`)
  return endOfLocalDay(deadline.date)
}

// ---------------------------------------------------------------------------------------------------------
// Extensions

function grantProblems(
  target: SlaTarget,
  grant: GrantedExtension,
  applied: readonly GrantedExtension[],
  dueAt: number,
  completedAt: number | null,
): ExtensionProblem[] {
  if (target.basis === 'absolute') {
    return [
      { code: 'not_extendable', message: `target ${target.key} has a fixed deadline and cannot be extended` },
    ]
  }
  const rule = (target.extensions ?? []).find((r) => r.id === grant.ruleId)
  if (!rule)
    return [{ code: 'unknown_rule', message: `target ${target.key} has no extension rule ${grant.ruleId}` }]
  const problems: ExtensionProblem[] = []
  if (applied.some((a) => a.ruleId === rule.id)) {
    problems.push({ code: 'already_granted', message: `extension ${rule.id} was already granted` })
  }
  if (rule.after !== null && !applied.some((a) => a.ruleId === rule.after)) {
    problems.push({
      code: 'prior_extension_required',
      message: `extension ${rule.id} requires ${rule.after} first`,
    })
  }
  if (rule.requiresReason && !grant.reason?.trim()) {
    problems.push({ code: 'reason_required', message: `extension ${rule.id} needs a recorded reason` })
  }
  if (rule.requiresNotice && (grant.noticeSentAt === null || grant.noticeSentAt === undefined)) {
    problems.push({
      code: 'notice_required',
      message: `extension ${rule.id} needs notice to the complainant`,
    })
  }
  if (
    rule.approvalRoles.length > 0 &&
    !(grant.approvedBy && rule.approvalRoles.includes(grant.approvedBy.role))
  ) {
    problems.push({
      code: 'approval_required',
      message: `extension ${rule.id} needs approval by ${rule.approvalRoles.join(' or ')}`,
    })
  }
  if (completedAt !== null && grant.grantedAt >= completedAt) {
    problems.push({ code: 'target_completed', message: `target ${target.key} was already completed` })
  }
  if (grant.grantedAt > dueAt) {
    problems.push({
      code: 'after_due',
      message: `extension ${rule.id} granted after the deadline had passed`,
    })
  }
  return problems
}

function applyRule(rule: ExtensionRule, amount: number): number {
  return rule.mode === 'extend_to' ? Math.max(amount, rule.amount) : amount + rule.amount
}

// ---------------------------------------------------------------------------------------------------------
// The clock

function computeTarget(target: SlaTarget, input: ClockInput, calendar: WorkCalendar): TargetClock {
  const { receivedAt, now } = input
  const completedAt = input.completedAt?.[target.key] ?? null
  const warnAt = target.warnAt ?? DEFAULT_WARN_AT
  const pausable = target.basis === 'relative' && (target.pausable ?? true)
  const { spans, openFrom } = pausable
    ? normalizePauses(input.pauses ?? [], receivedAt, completedAt ?? now)
    : { spans: [], openFrom: null }
  const paused = openFrom !== null && completedAt === null
  const counts: CountsDay =
    target.basis === 'relative' && target.unit === 'working_days' ? (d) => isWorkday(calendar, d) : EVERY_DAY

  const grants = (input.extensions ?? [])
    .filter((e) => e.targetKey === target.key)
    .sort((a, b) => a.grantedAt - b.grantedAt)
  const applied: GrantedExtension[] = []
  const unapplied: TargetClock['unappliedExtensions'] = []
  let dueAt: number
  // The window is [receivedAt, windowEnd): day deadlines end at dueAt + 1 (local midnight), instants at dueAt.
  let windowEnd: (due: number) => number = (d) => d
  let baseAmount: number | null = null
  let amount: number | null = null
  if (target.basis === 'absolute') {
    const deadline = input.absoluteDeadlines?.[target.key]
    if (!deadline) throw new RangeError(`target ${target.key} needs an absolute deadline with the case`)
    dueAt = absoluteDueAt(deadline)
    if ('date' in deadline) windowEnd = (d) => d + 1
    for (const g of grants)
      unapplied.push({ extension: g, problems: grantProblems(target, g, applied, dueAt, completedAt) })
  } else {
    baseAmount = target.amount
    amount = target.amount
    if (target.unit !== 'hours') windowEnd = (d) => d + 1
    dueAt = relativeDue(target, amount, receivedAt, spans, calendar)
    for (const g of grants) {
      const problems = grantProblems(target, g, applied, dueAt, completedAt)
      const rule = (target.extensions ?? []).find((r) => r.id === g.ruleId)
      if (problems.length > 0 || !rule) {
        unapplied.push({ extension: g, problems })
        continue
      }
      applied.push(g)
      amount = applyRule(rule, amount)
      dueAt = relativeDue(target, amount, receivedAt, spans, calendar)
    }
  }

  const measuredTo = completedAt ?? now
  const total = countedMs(receivedAt, windowEnd(dueAt), spans, counts)
  const elapsed = measuredTo > receivedAt ? countedMs(receivedAt, measuredTo, spans, counts) : 0
  let elapsedFraction = total > 0 ? elapsed / total : measuredTo > dueAt ? 1 : 0
  // While paused the fraction stays where it was when the pause began (the provisional deadline moves in
  // whole days for day clocks, which would otherwise nudge it).
  if (paused && openFrom !== null && openFrom < now) {
    const before = (input.pauses ?? []).filter((p) => p.to !== null && p.to <= openFrom)
    elapsedFraction = computeTarget(
      target,
      { ...input, now: openFrom, pauses: before },
      calendar,
    ).elapsedFraction
  }

  let state: SlaState
  if (completedAt !== null) state = completedAt <= dueAt ? 'met' : 'breached'
  else if (now > dueAt) state = 'breached'
  else if (paused) state = 'paused'
  else if (elapsedFraction >= warnAt) state = 'warning'
  else state = 'ok'

  let warningAt: number | null = null
  if (state === 'ok') warningAt = advanceCounted(receivedAt, Math.ceil(warnAt * total), spans, counts)

  const pausedMs = spans.reduce((sum, s) => sum + Math.max(0, Math.min(s.to, measuredTo) - s.from), 0)
  return {
    key: target.key,
    label: target.label,
    unit: target.basis === 'absolute' ? 'absolute' : target.unit,
    baseAmount,
    amount,
    appliedExtensions: applied,
    unappliedExtensions: unapplied,
    dueAt,
    dueIsProvisional: paused,
    warningAt,
    elapsedFraction,
    state,
    paused,
    pausedMs,
    msUntilDue: dueAt - measuredTo,
    completedAt,
  }
}

const statePrecedence: readonly SlaState[] = ['breached', 'warning', 'paused', 'ok', 'met']

export function computeSla(input: ClockInput): SlaReport {
  const calendar = input.calendar ?? defaultWorkCalendar
  const targets = input.policy.targets.map((t) => computeTarget(t, input, calendar))
  let state: SlaState = 'met'
  for (const s of statePrecedence) {
    if (targets.some((t) => t.state === s)) {
      state = s
      break
    }
  }
  let nextCheckAt: number | null = null
  for (const t of targets) {
    const at = t.state === 'ok' ? t.warningAt : t.state === 'warning' ? t.dueAt + 1 : null
    if (at !== null && (nextCheckAt === null || at < nextCheckAt)) nextCheckAt = at
  }
  const years = new Set<number>()
  input.policy.targets.forEach((t, i) => {
    const usesCalendar =
      t.basis === 'relative' &&
      (t.unit === 'working_days' || (t.unit === 'calendar_days' && t.rollForwardFromRestDay))
    const clock = targets[i]
    if (!usesCalendar || !clock) return
    const last = yearOf(localDateOf(Math.max(clock.dueAt, input.now)))
    for (let y = yearOf(localDateOf(input.receivedAt)); y <= last; y++) {
      if (calendarCoverage(calendar, y) === 'none') years.add(y)
    }
  })
  return {
    policyId: input.policy.id,
    state,
    targets,
    nextCheckAt,
    uncoveredYears: [...years].sort((a, b) => a - b),
  }
}

/**
 * Whether `request` may be granted now, given the extensions already recorded in `input`. Empty when it may;
 * the service turns problems into a validation or conflict error.
 */
export function checkExtension(input: ClockInput, request: GrantedExtension): ExtensionProblem[] {
  const target = input.policy.targets.find((t) => t.key === request.targetKey)
  if (!target)
    return [
      { code: 'unknown_target', message: `policy ${input.policy.id} has no target ${request.targetKey}` },
    ]
  const clock = computeSla({ ...input, now: request.grantedAt }).targets.find(
    (t) => t.key === request.targetKey,
  )
  if (!clock)
    return [
      { code: 'unknown_target', message: `policy ${input.policy.id} has no target ${request.targetKey}` },
    ]
  return grantProblems(target, request, clock.appliedExtensions, clock.dueAt, clock.completedAt)
}
