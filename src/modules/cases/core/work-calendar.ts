/**
 * Chinese working-day calendar (工作日历): statutory holidays 法定节假日 and adjusted workdays 调休 on top of the
 * Monday-Friday week, in Asia/Shanghai local dates.
 *
 * Data: the `chinese-days` package (1.5.x), which follows the State Council's yearly holiday notices.
 * Coverage: holidays and adjusted workdays for **2004 through 2026** (see `LIBRARY_COVERAGE`, computed from
 * the data itself, so an upgraded package extends it). 2027 onwards is announced by the State Council each
 * November; until the package ships it, admins add entries (`CalendarEntry`) and those win over the library
 * for their dates. A year with neither library data nor admin entries falls back to plain Monday-Friday and
 * `calendarCoverage` reports it as 'none' so the service can warn.
 *
 * We read the package's prebuilt JSON table rather than calling its `isWorkday(date)`: its functions parse
 * `YYYY-MM-DD` as UTC midnight and then read local-time fields, so in a process west of UTC they answer for
 * the previous day (measured: under TZ=America/New_York, `isWorkday('2025-09-29')`, a Monday, is false).
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { type LocalDate, addDays, dayNumber, isLocalDate, isWeekend, yearOf } from './local-date.ts'

export type CalendarEntryKind = 'holiday' | 'workday'

/** An admin's calendar entry: a day off (holiday) or a working day (e.g. a 调休 Saturday). */
export interface CalendarEntry {
  date: LocalDate
  kind: CalendarEntryKind
  name?: string
}

export type DayKind =
  | 'workday' // ordinary Monday-Friday
  | 'weekend' // ordinary Saturday/Sunday
  | 'holiday' // statutory holiday 法定节假日 (or an admin's day off)
  | 'adjusted_workday' // 调休 weekend day worked in exchange for a holiday (or an admin's working day)

export interface DayInfo {
  date: LocalDate
  workday: boolean
  kind: DayKind
  /** Holiday name (Chinese where the source has it), or null for ordinary days. */
  name: string | null
  source: 'override' | 'library' | 'weekday_rule'
}

export interface WorkCalendar {
  readonly overrides: ReadonlyMap<LocalDate, CalendarEntry>
  readonly overrideYears: ReadonlySet<number>
}

interface LibraryTable {
  holidays: Record<string, string>
  workdays: Record<string, string>
}
const library: LibraryTable = chineseDaysData

function libraryYears(): { firstYear: number; lastYear: number } {
  let firstYear = Infinity
  let lastYear = -Infinity
  for (const d of Object.keys(library.holidays)) {
    const y = yearOf(d)
    if (y < firstYear) firstYear = y
    if (y > lastYear) lastYear = y
  }
  return { firstYear, lastYear }
}

/** Years whose holidays and adjusted workdays come from chinese-days (2004-2026 with chinese-days 1.5.7). */
export const LIBRARY_COVERAGE: Readonly<{ firstYear: number; lastYear: number }> =
  Object.freeze(libraryYears())

/** The library names days like "National Day,国庆节,3"; keep the Chinese name. */
function libraryName(raw: string): string {
  const parts = raw.split(',')
  return parts[1] ?? parts[0] ?? raw
}

export interface CalendarProblem {
  index: number
  code: 'invalid_date' | 'invalid_kind' | 'conflicting_duplicate'
  message: string
}

/** Checks admin entries; the service reports these as a validation error. Empty when all is well. */
export function validateCalendarEntries(entries: readonly CalendarEntry[]): CalendarProblem[] {
  const problems: CalendarProblem[] = []
  const seen = new Map<string, CalendarEntryKind>()
  entries.forEach((e, index) => {
    if (!isLocalDate(e.date)) {
      problems.push({
        index,
        code: 'invalid_date',
        message: `entry ${index}: date ${JSON.stringify(e.date)} is not YYYY-MM-DD`,
      })
      return
    }
    if (e.kind !== 'holiday' && e.kind !== 'workday') {
      problems.push({
        index,
        code: 'invalid_kind',
        message: `entry ${index}: kind ${JSON.stringify(e.kind)} is not holiday or workday`,
      })
      return
    }
    const prior = seen.get(e.date)
    if (prior !== undefined && prior !== e.kind) {
      problems.push({
        index,
        code: 'conflicting_duplicate',
        message: `entry ${index}: ${e.date} is both holiday and workday`,
      })
    }
    seen.set(e.date, e.kind)
  })
  return problems
}

/** Builds a calendar from admin entries (validate them first; invalid entries throw RangeError). */
export function createWorkCalendar(entries: readonly CalendarEntry[] = []): WorkCalendar {
  const problems = validateCalendarEntries(entries)
  if (problems.length > 0)
    throw new RangeError(`invalid calendar entries: ${problems.map((p) => p.message).join('; ')}`)
  const overrides = new Map<LocalDate, CalendarEntry>()
  const overrideYears = new Set<number>()
  for (const e of entries) {
    overrides.set(e.date, { ...e })
    overrideYears.add(yearOf(e.date))
  }
  return { overrides, overrideYears }
}

/** The library alone, no admin entries. */
export const defaultWorkCalendar: WorkCalendar = createWorkCalendar()

export function dayInfo(calendar: WorkCalendar, date: LocalDate): DayInfo {
  dayNumber(date) // validates
  const weekend = isWeekend(date)
  const override = calendar.overrides.get(date)
  if (override) {
    const workday = override.kind === 'workday'
    let kind: DayKind
    if (workday) kind = weekend ? 'adjusted_workday' : 'workday'
    else kind = weekend && !override.name ? 'weekend' : 'holiday'
    return { date, workday, kind, name: override.name ?? null, source: 'override' }
  }
  const holiday = library.holidays[date]
  if (holiday !== undefined)
    return { date, workday: false, kind: 'holiday', name: libraryName(holiday), source: 'library' }
  const adjusted = library.workdays[date]
  if (adjusted !== undefined) {
    return { date, workday: true, kind: 'adjusted_workday', name: libraryName(adjusted), source: 'library' }
  }
  const y = yearOf(date)
  const source =
    y >= LIBRARY_COVERAGE.firstYear && y <= LIBRARY_COVERAGE.lastYear ? 'library' : 'weekday_rule'
  return { date, workday: !weekend, kind: weekend ? 'weekend' : 'workday', name: null, source }
}

export function isWorkday(calendar: WorkCalendar, date: LocalDate): boolean {
  return dayInfo(calendar, date).workday
}

/** Where a year's holidays come from: the library, admin entries only, or nothing (Monday-Friday guess). */
export function calendarCoverage(calendar: WorkCalendar, year: number): 'library' | 'override' | 'none' {
  if (year >= LIBRARY_COVERAGE.firstYear && year <= LIBRARY_COVERAGE.lastYear) return 'library'
  return calendar.overrideYears.has(year) ? 'override' : 'none'
}

// No real calendar has a year without a working day; an admin table that does is a data error.
const maxScanDays = 3660

function scanError(date: LocalDate): RangeError {
  return new RangeError(`no working day within ${maxScanDays} days of ${date}: check the calendar entries`)
}

/** The first working day strictly after `date`. */
export function nextWorkday(calendar: WorkCalendar, date: LocalDate): LocalDate {
  let d = date
  for (let i = 0; i < maxScanDays; i++) {
    d = addDays(d, 1)
    if (isWorkday(calendar, d)) return d
  }
  throw scanError(date)
}

/** The last working day strictly before `date`. */
export function previousWorkday(calendar: WorkCalendar, date: LocalDate): LocalDate {
  let d = date
  for (let i = 0; i < maxScanDays; i++) {
    d = addDays(d, -1)
    if (isWorkday(calendar, d)) return d
  }
  throw scanError(date)
}

/** `date` itself when it is a working day, else the next working day (顺延). */
export function rollForwardToWorkday(calendar: WorkCalendar, date: LocalDate): LocalDate {
  return isWorkday(calendar, date) ? date : nextWorkday(calendar, date)
}

/**
 * The `n`-th working day after `date` (n > 0), or before it (n < 0); `date` itself is not counted, whether
 * or not it is a working day. n = 0 returns `date` unchanged.
 */
export function addWorkdays(calendar: WorkCalendar, date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`addWorkdays: n must be an integer (got ${n})`)
  let d = date
  for (let i = 0; i < Math.abs(n); i++) d = n > 0 ? nextWorkday(calendar, d) : previousWorkday(calendar, d)
  return d
}

/**
 * Working days in the half-open span (from, to]: `from` excluded, `to` included, so
 * `workdaysBetween(c, d, addWorkdays(c, d, n)) === n`. Negative when `to` is before `from`.
 */
export function workdaysBetween(calendar: WorkCalendar, from: LocalDate, to: LocalDate): number {
  const a = dayNumber(from)
  const b = dayNumber(to)
  if (b < a) return -workdaysBetween(calendar, to, from)
  let count = 0
  let d = from
  for (let i = a; i < b; i++) {
    d = addDays(d, 1)
    if (isWorkday(calendar, d)) count++
  }
  return count
}

/** Every day of the span [from, to] with its kind, for a calendar view. */
export function daysInRange(calendar: WorkCalendar, from: LocalDate, to: LocalDate): DayInfo[] {
  const out: DayInfo[] = []
  const span = dayNumber(to) - dayNumber(from)
  let d = from
  for (let i = 0; i <= span; i++) {
    out.push(dayInfo(calendar, d))
    d = addDays(d, 1)
  }
  return out
}
