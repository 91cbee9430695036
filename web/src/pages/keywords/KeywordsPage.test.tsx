import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { KeywordsPage } from './KeywordsPage.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../../test-utils.tsx'
import { setCsrfToken } from '../../api/client.ts'

const LEX = '0199a000-0000-7000-8000-00000000aaaa'
const TERM = '0199a000-0000-7000-8000-00000000bbbb'
const at = '2026-03-02T02:00:00.000Z'
const lexicon = { id: LEX, name: '默认治理词库', description: null, scope: 'any', isDefault: true, version: 7, termCount: 1, createdAt: at, updatedAt: at }
const term = {
  id: TERM, lexiconId: LEX, term: '刷单', category: 'order_brushing', severity: 'high', action: 'block', allow: false, options: { variants: ['唰单'] },
  note: null, createdBy: 'yang.lei', createdAt: at, updatedAt: at,
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('keywords page', () => {
  test('lists terms with hit counts and highlights a try-it scan with the variants seen through', async () => {
    const text = '专业刷*單，好评'
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ permissions: ['keywords:read', 'keywords:scan', 'keywords:manage'] })),
      'GET /api/v1/keywords/lexicons': () => json(200, { items: [lexicon] }),
      [`GET /api/v1/keywords/lexicons/${LEX}/terms`]: () => json(200, { items: [term], nextCursor: null }),
      'GET /api/v1/keywords/stats': () =>
        json(200, { items: [{ termId: TERM, lexiconId: LEX, term: '刷单', category: 'order_brushing', allow: false, hits: 1234, lastDay: '2026-03-02' }] }),
      'GET /api/v1/keywords/feedback': () => json(200, { items: [], nextCursor: null }),
      'POST /api/v1/keywords/scan': () =>
        json(200, {
          lexiconId: LEX, lexiconVersion: 7, mode: 'evasion',
          hits: [{ term: '刷单', termId: TERM, category: 'order_brushing', severity: 'high', action: 'block', start: 2, end: 5, matched: '刷*單', variant: ['traditional', 'separator'] }],
        }),
    })
    renderWithProviders(<KeywordsPage />, { path: '/keywords' })
    await screen.findByTestId('terms-table')
    expect((await screen.findByTestId('hits-刷单')).textContent).toBe('1,234')

    fireEvent.click(screen.getByRole('tab', { name: '试一试' }))
    fireEvent.change(await screen.findByTestId('try-text'), { target: { value: text } })
    fireEvent.click(screen.getByTestId('try-scan'))
    const marks = await screen.findAllByTestId('hit-mark')
    expect(marks.map((m) => m.textContent)).toEqual(['刷*單'])
    expect(screen.getByTestId('try-result').textContent).toBe(text)
    expect(screen.getByText('繁体')).toBeTruthy()
    expect(screen.getByText('分隔符')).toBeTruthy()
    const scanCall = calls.find((c) => c.method === 'POST' && c.url === '/api/v1/keywords/scan')!
    expect(scanCall.body).toEqual({ text, lexiconId: LEX, exact: false })
    await waitFor(() => expect(calls.filter((c) => c.url.startsWith('/api/v1/keywords/stats')).length).toBeGreaterThan(1))
  })
})
