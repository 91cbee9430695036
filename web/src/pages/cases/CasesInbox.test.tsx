import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { CasesInbox } from './CasesInbox.tsx'
import { Guard } from './Guard.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../../test-utils.tsx'
import { setCsrfToken } from '../../api/client.ts'

const at = new Date(Date.now() - 3_600_000).toISOString()
const row = (n: number, over: Record<string, unknown> = {}) => ({
  id: `0199a000-0000-7000-8000-00000000c00${n}`, number: `TP-2026-00000${n}`, kind: 'complaint', channel: 'hotline', status: 'investigating',
  priority: 'normal', category: '信用卡/年费', productLine: 'credit_card', sector: 'bank', queueId: null, assigneeId: null,
  subject: { type: 'branch', ref: null, name: `支行${n}` }, complainantName: '张*', slaState: 'ok', slaDueAt: new Date(Date.now() + 2 * 86_400_000 + 3 * 3_600_000 + 600_000).toISOString(),
  duplicateOf: null, anonymous: false, riskLevel: null, tags: [], receivedAt: at, updatedAt: at, ...over,
})

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('cases inbox', () => {
  test('asks for the clock order and shows each row’s clock badge', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['handler'], permissions: ['cases:read', 'cases:handle'] })),
      'GET /api/v1/queues': () => json(200, { items: [] }),
      'GET /api/v1/cases': () => json(200, { items: [row(1), row(2, { slaState: 'breached', slaDueAt: new Date(Date.now() - 5 * 3_600_000 - 60_000).toISOString() })], nextCursor: null }),
    })
    renderWithProviders(<CasesInbox />, { path: '/cases' })
    await screen.findByText('TP-2026-000001')
    const list = calls.find((c) => c.url.startsWith('/api/v1/cases?'))!
    expect(new URL(list.url, 'http://x').searchParams.get('sort')).toBe('due')
    const badges = screen.getAllByTestId('clock-badge').map((b) => b.textContent)
    expect(badges).toEqual(['剩余 2 天 3 小时', '已超时 5 小时'])
  })

  test('bulk priority posts once to /cases/bulk and lists the per-case failures translated', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['supervisor'], permissions: ['cases:read', 'cases:handle', 'cases:assign'] })),
      'GET /api/v1/queues': () => json(200, { items: [] }),
      'GET /api/v1/cases': () => json(200, { items: [row(1), row(2, { status: 'closed' })], nextCursor: null }),
      'POST /api/v1/cases/bulk': () =>
        json(200, {
          ok: 1, failed: 1,
          results: [
            { id: row(1).id, ok: true },
            { id: row(2).id, ok: false, error: { code: 'cases.case_finished', message: 'case TP-2026-000002 is closed' } },
          ],
        }),
    })
    renderWithProviders(<CasesInbox />, { path: '/cases' })
    await screen.findByText('TP-2026-000001')
    const table = screen.getByTestId('cases-table')
    fireEvent.click(within(table).getAllByRole('checkbox')[0]!) // select all
    fireEvent.click(await screen.findByTestId('bulk-priority'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.mouseDown(within(dialog).getByRole('combobox'))
    fireEvent.click(await screen.findByTitle('特急'))
    fireEvent.click(screen.getByTestId('bulk-ok'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ ids: [row(1).id, row(2).id], op: { type: 'priority', priority: 'urgent' } })
    const failures = await screen.findByTestId('bulk-failures')
    expect(failures.textContent).toContain('TP-2026-000002: 工单已结束，不能再操作')
  })

  test('a regulator sees the granted cases without the desk: no SLA dashboard tab, queue or assignee, no bulk selection, and no request refused', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['regulator'], permissions: ['reports:read', 'cases:read', 'cases:read_granted'] })),
      'GET /api/v1/cases': () => json(200, { items: [row(1, { queueId: '0199a000-0000-7000-8000-0000000000q1', assigneeId: '0199a000-0000-7000-8000-0000000000a1' })], nextCursor: null }),
    })
    // Behind the route's guard, as in the app: the page renders once the session is known.
    renderWithProviders(<Guard permission="cases:read"><CasesInbox /></Guard>, { path: '/cases' })
    await screen.findByText('TP-2026-000001')
    expect(screen.getByTestId('grantee-notice').textContent).toContain('授权您调阅的工单')
    expect(screen.queryByTestId('tab-dashboard')).toBeNull()
    expect(screen.queryByTestId('filter-assignee')).toBeNull()
    const table = screen.getByTestId('cases-table')
    expect(within(table).queryAllByRole('checkbox')).toHaveLength(0)
    expect(within(table).queryByText('承办人')).toBeNull()
    expect(within(table).queryByText('未分派')).toBeNull()
    // No queue, staff or dashboard lookups, which the grant would refuse.
    const asked = calls.map((c) => c.url.split('?')[0])
    expect(asked).toContain('/api/v1/cases')
    expect(asked.filter((u) => /^\/api\/v1\/(queues|users|cases\/dashboard)/.test(u!))).toEqual([])
  })
  test('selecting every case matching the filters pages through the list, and bulk work goes out 200 cases a request', async () => {
    const many = Array.from({ length: 250 }, (_, i) => row(i + 3, { id: `0199a000-0000-7000-8000-${String(100000 + i).padStart(12, '0')}`, number: `TP-2026-1${String(i).padStart(5, '0')}` }))
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['supervisor'], permissions: ['cases:read', 'cases:handle', 'cases:assign'] })),
      'GET /api/v1/queues': () => json(200, { items: [] }),
      'GET /api/v1/cases': (req) =>
        new URL(req.url, 'http://x').searchParams.get('cursor') === 'c1'
          ? json(200, { items: many, nextCursor: null })
          : json(200, { items: [row(1), row(2)], nextCursor: 'c1' }),
      'POST /api/v1/cases/bulk': (req) => {
        const ids = (req.body as { ids: string[] }).ids
        return json(200, { ok: ids.length, failed: 0, results: ids.map((id) => ({ id, ok: true })) })
      },
    })
    renderWithProviders(<CasesInbox />, { path: '/cases?status=investigating' })
    await screen.findByText('TP-2026-000001')
    fireEvent.click(within(screen.getByTestId('cases-table')).getAllByRole('checkbox')[0]!)
    fireEvent.click(await screen.findByTestId('bulk-select-all'))
    await screen.findByText('已选 252 件')
    const pages = calls.filter((c) => c.method === 'GET' && c.url.startsWith('/api/v1/cases?'))
    expect(new URL(pages[pages.length - 1]!.url, 'http://x').searchParams.get('status')).toBe('investigating')
    fireEvent.click(await screen.findByTestId('bulk-priority'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.mouseDown(within(dialog).getByRole('combobox'))
    fireEvent.click(await screen.findByTitle('高'))
    fireEvent.click(screen.getByTestId('bulk-ok'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(2))
    const posts = calls.filter((c) => c.method === 'POST').map((c) => (c.body as { ids: string[] }).ids)
    expect(posts.map((ids) => ids.length)).toEqual([200, 52])
    expect(new Set(posts.flat()).size).toBe(252)
  })
})
