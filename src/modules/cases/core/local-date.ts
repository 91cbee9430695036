// Asia/Shanghai local dates and instants as plain numbers. China has used UTC+8 with no daylight saving
// since 1991, so a local date is a fixed 24-hour span of epoch milliseconds. Calendar arithmetic uses the
// days-from-civil algorithm (proleptic Gregorian) on integers: no Date object, no clock read, and the
// result does not depend on the process time zone.

/** A local calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
/** UTC+8, all year round. */
export const SHANGHAI_OFFSET_MS = 8 * HOUR_MS

const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const monthFromMarch = (month + 9) % 12
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const dayOfEra = z - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  return { year, month, day }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** Day number (days since 1970-01-01) of a local date, or null when the string is not a real date. */
export function tryDayNumber(date: string): number | null {
  const m = localDatePattern.exec(date)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  const n = daysFromCivil(year, month, day)
  const back = civilFromDays(n)
  // 2025-02-30 maps to a different date on the way back: reject it.
  if (back.year !== year || back.month !== month || back.day !== day) return null
  return n
}

export function isLocalDate(value: unknown): value is LocalDate {
  return typeof value === 'string' && tryDayNumber(value) !== null
}

/** Day number of a local date; throws RangeError on a malformed or impossible date (a programming error). */
export function dayNumber(date: LocalDate): number {
  const n = tryDayNumber(date)
  if (n === null) throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`)
  return n
}

export function fromDayNumber(n: number): LocalDate {
  const { year, month, day } = civilFromDays(n)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4))
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days)
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber(date) + 4) % 7) + 7) % 7
}

export function isWeekend(date: LocalDate): boolean {
  const w = weekdayOf(date)
  return w === 0 || w === 6
}

/** The Asia/Shanghai date containing an instant. */
export function localDateOf(epochMs: number): LocalDate {
  return fromDayNumber(Math.floor((epochMs + SHANGHAI_OFFSET_MS) / DAY_MS))
}

/** 00:00:00.000 Asia/Shanghai of the date, in epoch ms. */
export function startOfLocalDay(date: LocalDate): number {
  return dayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS
}

/** 23:59:59.999 Asia/Shanghai of the date: the last millisecond that still belongs to it. */
export function endOfLocalDay(date: LocalDate): number {
  return startOfLocalDay(date) + DAY_MS - 1
}

/** An instant given as Asia/Shanghai wall time (hours may exceed 23 to roll into later days). */
export function shanghaiInstant(date: LocalDate, hours = 0, minutes = 0, seconds = 0, ms = 0): number {
  return startOfLocalDay(date) + hours * HOUR_MS + minutes * 60_000 + seconds * 1000 + ms
}

/** `YYYY-MM-DDTHH:mm:ss.sss+08:00` for messages and logs. */
export function formatShanghai(epochMs: number): string {
  const date = localDateOf(epochMs)
  let rest = epochMs - startOfLocalDay(date)
  const h = Math.floor(rest / HOUR_MS)
  rest -= h * HOUR_MS
  const mi = Math.floor(rest / 60_000)
  rest -= mi * 60_000
  const s = Math.floor(rest / 1000)
  const ms = rest - s * 1000
  return `${date}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}+08:00`
}
