 
 
import { test } from 'node:test'
 
import assert from 'node:assert/strict'
import {
  addDays,
  dayNumber,
  endOfLocalDay,
  formatShanghai,
  fromDayNumber,
  isLocalDate,
  localDateOf,
  shanghaiInstant,
  startOfLocalDay,
  weekdayOf,
} from './local-date.ts'

// Reference values from the platform's Date, used only here as an independent oracle.
function utcMs(y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
   
  return Date.UTC(y, m - 1, d, h, mi, s, ms)
}

test('day numbers agree with Date.UTC across centuries and leap days', () => {
  for (const [y, m, d] of [
    [1970, 1, 1],
    [1900, 3, 1],
    [2000, 2, 29],
    [2024, 2, 29],
    [2025, 10, 1],
    [2026, 12, 31],
    [2100, 3, 1],
  ] as const) {
    const date = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    assert.equal(dayNumber(date) * 86_400_000, utcMs(y, m, d), date)
    assert.equal(fromDayNumber(dayNumber(date)), date)
  }
})

test('every day from 2003 to 2028 round-trips and matches the oracle', () => {
  let n = dayNumber('2003-01-01')
  for (let t = utcMs(2003, 1, 1); t < utcMs(2028, 1, 1); t += 86_400_000, n++) {
     
    const iso = new Date(t).toISOString().slice(0, 10)
    assert.equal(fromDayNumber(n), iso)
  }
})

test('impossible or malformed dates are rejected', () => {
  for (const bad of [
    '2025-02-29',
    '1900-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-1-5',
    '2025/01/05',
    '',
  ]) {
    assert.equal(isLocalDate(bad), false, bad)
  }
  assert.equal(isLocalDate('2024-02-29'), true)
  assert.throws(() => dayNumber('2025-02-30'), RangeError)
})

test('weekdays of known dates', () => {
  assert.equal(weekdayOf('2025-10-01'), 3) // Wednesday
  assert.equal(weekdayOf('2025-09-28'), 0) // Sunday
  assert.equal(weekdayOf('2025-10-11'), 6) // Saturday
  assert.equal(weekdayOf('2026-02-17'), 2) // Tuesday, 春节 2026
  assert.equal(weekdayOf('1970-01-01'), 4)
  assert.equal(weekdayOf('1969-12-31'), 3)
})

test('Shanghai day boundaries are fixed at UTC+8 (no DST)', () => {
  // 2025-10-01 00:00 +08:00 is 2025-09-30 16:00 UTC.
  assert.equal(startOfLocalDay('2025-10-01'), utcMs(2025, 9, 30, 16))
  assert.equal(endOfLocalDay('2025-10-01'), utcMs(2025, 10, 1, 15, 59, 59, 999))
  assert.equal(localDateOf(utcMs(2025, 9, 30, 16)), '2025-10-01')
  assert.equal(localDateOf(utcMs(2025, 9, 30, 16) - 1), '2025-09-30')
  // Dates where Europe/America switch clocks change nothing here: every local day is 24 h long.
  for (const d of ['2025-03-09', '2025-03-30', '2025-10-26', '2025-11-02']) {
    assert.equal(endOfLocalDay(d) - startOfLocalDay(d) + 1, 86_400_000, d)
  }
  assert.equal(shanghaiInstant('2025-10-01', 23, 59, 59, 999), endOfLocalDay('2025-10-01'))
  assert.equal(formatShanghai(utcMs(2025, 9, 30, 16, 0, 0, 5)), '2025-10-01T00:00:00.005+08:00')
  assert.equal(addDays('2024-02-28', 1), '2024-02-29')
  assert.equal(addDays('2025-12-31', 1), '2026-01-01')
})
