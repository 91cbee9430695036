// Clock arithmetic for the console: how long until (or since) a due instant, in days, hours and minutes.
import type { MessageKey } from '../../i18n/zh-CN.ts'
import type { Vars } from '../../i18n/index.tsx'

type T = (key: MessageKey, vars?: Vars) => string

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** 2 days 3 hours → "2 天 3 小时"; under a day, hours (and minutes under three hours); under an hour, minutes. */
export function formatDuration(ms: number, t: T): string {
  const abs = Math.abs(ms)
  if (abs < MINUTE) return t('case.duration.lessThanMinute')
  const days = Math.floor(abs / DAY)
  const hours = Math.floor((abs % DAY) / HOUR)
  const minutes = Math.floor((abs % HOUR) / MINUTE)
  const parts: string[] = []
  if (days > 0) {
    parts.push(t('case.duration.days', { n: days }))
    if (hours > 0) parts.push(t('case.duration.hours', { n: hours }))
  } else if (hours > 0) {
    parts.push(t('case.duration.hours', { n: hours }))
    if (hours < 3 && minutes > 0) parts.push(t('case.duration.minutes', { n: minutes }))
  } else {
    parts.push(t('case.duration.minutes', { n: minutes }))
  }
  return parts.join(' ')
}

export type ClockState = 'ok' | 'warning' | 'breached' | 'paused' | 'met'

/** The badge text: time left, time overdue, paused with time left, or the met state. */
export function clockText(state: ClockState, msUntilDue: number | null, t: T): string {
  if (state === 'met') return t('case.sla.met')
  if (msUntilDue === null) return t('case.sla.none')
  if (state === 'breached' || msUntilDue < 0) return t('case.sla.overdue', { time: formatDuration(msUntilDue, t) })
  if (state === 'paused') return t('case.sla.pausedLeft', { time: formatDuration(msUntilDue, t) })
  return t('case.sla.remaining', { time: formatDuration(msUntilDue, t) })
}

/** antd tag colours: green on track, amber at the warning mark, red breached, grey paused. */
export const clockColor: Record<ClockState, string> = {
  ok: 'green',
  warning: 'orange',
  breached: 'red',
  paused: 'default',
  met: 'blue',
}

/** Yuan (as typed) to integer 分, and back for display. */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100)
export const fenToYuan = (fen: number): string => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
