import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { WebhooksTab } from './WebhooksTab.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../../../test-utils.tsx'
import { setCsrfToken } from '../../../api/client.ts'

const created = '2026-03-02T02:00:00.000Z'
const sub = (n: number, over: Record<string, unknown> = {}) => ({
  id: `0199a000-0000-7000-8000-00000000a00${n}`, url: `https://hooks.example.com/tp/${n}`, events: ['case.created'], active: true, createdAt: created, ...over,
})
const delivery = (n: number, over: Record<string, unknown> = {}) => ({
  id: `0199a000-0000-7000-8000-00000000d0${String(n).padStart(2, '0')}`, eventType: 'case.created', status: 'delivered', attempts: 1,
  lastStatusCode: 200, lastError: null, createdAt: created, deliveredAt: created, ...over,
})
const me = () => json(200, makeMe({ permissions: ['cases:read', 'cases:configure'] }))

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('webhooks tab', () => {
  test('lists subscriptions with their events and status; only active ones can be stopped, after a confirmation', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/webhooks': () => json(200, { items: [sub(1, { events: ['case.created', 'case.sla_breached'] }), sub(2, { active: false })] }),
      [`DELETE /api/v1/webhooks/${sub(1).id}`]: () => json(200, sub(1, { active: false })),
    })
    renderWithProviders(<WebhooksTab />)
    const table = await screen.findByTestId('webhooks-table')
    await within(table).findByText('https://hooks.example.com/tp/1')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0]!.textContent).toContain('新工单')
    expect(rows[0]!.textContent).toContain('时限超时')
    expect(rows[0]!.textContent).toContain('生效中')
    expect(rows[1]!.textContent).toContain('已停用')
    expect(screen.queryByTestId(`webhook-stop-${sub(2).id}`)).toBeNull()

    fireEvent.click(screen.getByTestId(`webhook-stop-${sub(1).id}`))
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false) // not before the confirmation
    const confirm = await screen.findByRole('tooltip')
    fireEvent.click(within(confirm).getByRole('button', { name: /确\s*定|OK/ }))
    await waitFor(() => expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([`/api/v1/webhooks/${sub(1).id}`]))
  })

  test('create posts URL and events, shows the signing secret once, and it is gone after dismissing', async () => {
    let items = [sub(1)]
    const secret = 'whsec_test_3q2-7Zm1n0pQ'
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/webhooks': () => json(200, { items }),
      'POST /api/v1/webhooks': (req) => {
        const body = req.body as { url: string; events: string[] }
        const s = sub(3, { url: body.url, events: body.events })
        items = [...items, s]
        return json(201, { subscription: s, secret })
      },
    })
    renderWithProviders(<WebhooksTab />)
    await screen.findByText('https://hooks.example.com/tp/1')
    expect(screen.queryByTestId('webhook-secret')).toBeNull()

    fireEvent.click(screen.getByTestId('webhook-add'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.change(within(dialog).getByTestId('webhook-url'), { target: { value: 'https://crm.example.com/tianping' } })
    fireEvent.mouseDown(within(dialog).getByRole('combobox'))
    fireEvent.click(await screen.findByTitle('状态变更 · case.status_changed'))
    fireEvent.click(await screen.findByTitle('时限预警 · case.sla_warning'))
    fireEvent.click(screen.getByTestId('webhook-create-ok'))

    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ url: 'https://crm.example.com/tianping', events: ['case.status_changed', 'case.sla_warning'] })
    expect((await screen.findByTestId('webhook-secret')).textContent).toBe(secret)
    const alert = screen.getByTestId('webhook-secret-alert')
    expect(alert.textContent).toContain('https://crm.example.com/tianping')
    expect(alert.textContent).toContain('无法再次查看')
    // The list is refreshed with the new subscription, which carries no secret of its own.
    await screen.findByText('https://crm.example.com/tianping')
    expect(calls.filter((c) => c.method === 'GET' && c.url === '/api/v1/webhooks').length).toBeGreaterThanOrEqual(2)

    fireEvent.click(screen.getByTestId('webhook-secret-dismiss'))
    await waitFor(() => expect(screen.queryByTestId('webhook-secret')).toBeNull())
    expect(document.body.textContent).not.toContain(secret)
  })

  test('a refused URL shows the server’s reason in the dialog and no secret', async () => {
    mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/webhooks': () => json(200, { items: [] }),
      'POST /api/v1/webhooks': () => json(400, { error: { code: 'cases.webhook_url_forbidden', message: 'refused: private address' }, requestId: 'r1' }),
    })
    renderWithProviders(<WebhooksTab />)
    fireEvent.click(await screen.findByTestId('webhook-add'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.change(within(dialog).getByTestId('webhook-url'), { target: { value: 'http://10.0.0.8/hook' } })
    fireEvent.mouseDown(within(dialog).getByRole('combobox'))
    fireEvent.click(await screen.findByTitle('新工单 · case.created'))
    fireEvent.click(screen.getByTestId('webhook-create-ok'))
    expect((await within(dialog).findByTestId('error-alert')).textContent).toContain('内网')
    expect(screen.queryByTestId('webhook-secret')).toBeNull()
  })

  test('the delivery drawer lists a subscription’s deliveries and pages on by cursor', async () => {
    const first = [
      delivery(12, { status: 'retrying', attempts: 3, lastStatusCode: 503, lastError: 'HTTP 503', deliveredAt: null, eventType: 'case.sla_breached' }),
      delivery(11),
    ]
    const second = [delivery(10, { status: 'failed', attempts: 8, lastStatusCode: null, lastError: 'fetch failed', deliveredAt: null })]
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/webhooks': () => json(200, { items: [sub(1)] }),
      [`GET /api/v1/webhooks/${sub(1).id}/deliveries`]: (req) =>
        new URL(req.url, 'http://x').searchParams.get('cursor') === first[1]!.id
          ? json(200, { items: second, nextCursor: null })
          : json(200, { items: first, nextCursor: first[1]!.id }),
      [`GET /api/v1/webhooks/${sub(1).id}/schedule`]: () => json(200, { items: [{ deliveryId: first[0]!.id, nextAttemptAt: '2026-03-02T02:10:00.000Z' }] }),
    })
    renderWithProviders(<WebhooksTab />)
    fireEvent.click(await screen.findByTestId(`webhook-log-${sub(1).id}`))
    const log = await screen.findByTestId('webhook-deliveries')
    await within(log).findByText('HTTP 503')
    let rows = within(log).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0]!.textContent).toContain('时限超时')
    expect(rows[0]!.textContent).toContain('重试中')
    expect(rows[0]!.textContent).toContain('503')
    await waitFor(() => expect(rows[0]!.textContent).toContain('2026-03-02 10:10:00')) // next retry, Beijing time
    expect(rows[1]!.textContent).not.toContain('10:10:00')
    expect(rows[1]!.textContent).toContain('已送达')
    const firstCall = calls.find((c) => c.url.includes('/deliveries'))!
    expect(new URL(firstCall.url, 'http://x').searchParams.get('limit')).toBe('20')

    fireEvent.click(screen.getByTestId('webhook-deliveries-more'))
    await within(log).findByText('fetch failed')
    rows = within(log).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(3)
    expect(rows[2]!.textContent).toContain('失败')
    expect(rows[2]!.textContent).toContain('8')
    expect(screen.queryByTestId('webhook-deliveries-more')).toBeNull()
  })
})
