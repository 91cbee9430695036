import { afterEach, describe, expect, test, vi } from 'vitest'
import { cleanup, screen } from '@testing-library/react'
import { ClockBadge } from './ClockBadge.tsx'
import { clockText, formatDuration } from './clock.ts'
import { translate } from '../../i18n/index.tsx'
import type { MessageKey } from '../../i18n/zh-CN.ts'
import { renderWithProviders } from '../../test-utils.tsx'

const zh = (k: MessageKey, v?: Record<string, string | number>) => translate('zh-CN', k, v)
const en = (k: MessageKey, v?: Record<string, string | number>) => translate('en-US', k, v)
const H = 3_600_000
const D = 24 * H
const now = Date.parse('2026-03-02T02:00:00.000Z')
const due = (ms: number) => new Date(now + ms).toISOString()

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('remaining-time formatting', () => {
  test('days and hours, hours (with minutes under three hours), minutes, under a minute', () => {
    expect(formatDuration(2 * D + 3 * H + 59 * 60_000, zh)).toBe('2 天 3 小时')
    expect(formatDuration(2 * D, zh)).toBe('2 天')
    expect(formatDuration(5 * H + 20 * 60_000, zh)).toBe('5 小时')
    expect(formatDuration(1 * H + 21 * 60_000, zh)).toBe('1 小时 21 分钟')
    expect(formatDuration(42 * 60_000, zh)).toBe('42 分钟')
    expect(formatDuration(30_000, zh)).toBe('不足 1 分钟')
    expect(formatDuration(-5 * H, zh)).toBe('5 小时')
    expect(formatDuration(2 * D + 3 * H, en)).toBe('2 d 3 h')
  })

  test('badge text by state: remaining, overdue, paused, met, no clock', () => {
    expect(clockText('ok', 2 * D + 3 * H, zh)).toBe('剩余 2 天 3 小时')
    expect(clockText('warning', 20 * H, zh)).toBe('剩余 20 小时')
    expect(clockText('breached', -5 * H, zh)).toBe('已超时 5 小时')
    expect(clockText('paused', 4 * D, zh)).toBe('已暂停 · 剩余 4 天')
    expect(clockText('met', 4 * D, zh)).toBe('已达标')
    expect(clockText('ok', null, zh)).toBe('无时限')
    expect(clockText('breached', -26 * H, en)).toBe('Overdue by 1 d 2 h')
  })
})

describe('clock badge', () => {
  test.each([
    ['ok', 2 * D + 3 * H, 'ok', 'green', '剩余 2 天 3 小时'],
    ['warning', 6 * H, 'warning', 'orange', '剩余 6 小时'],
    ['breached', -5 * H, 'breached', 'red', '已超时 5 小时'],
    ['paused', 3 * D, 'paused', 'default', '已暂停 · 剩余 3 天'],
    // A list row loaded as "warning" whose due instant has since passed shows as breached.
    ['warning', -2 * H, 'breached', 'red', '已超时 2 小时'],
  ] as const)('%s due in %d ms → %s', (state, ms, shown, color, text) => {
    renderWithProviders(<ClockBadge state={state} dueAt={due(ms)} now={now} />)
    const badge = screen.getByTestId('clock-badge')
    expect(badge.getAttribute('data-state')).toBe(shown)
    expect(badge.textContent).toBe(text)
    if (color !== 'default') expect(badge.className).toContain(`-${color}`)
  })

  test('no due instant: grey, no clock', () => {
    renderWithProviders(<ClockBadge state="ok" dueAt={null} now={now} />)
    expect(screen.getByTestId('clock-badge').textContent).toBe('无时限')
  })
})
