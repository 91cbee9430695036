import { afterEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { PublicReportPage } from './PublicReportPage.tsx'
import { json, mockFetch, renderWithProviders } from '../../test-utils.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

async function fill() {
  fireEvent.change(screen.getByTestId('report-subject'), { target: { value: '某假货店' } })
  fireEvent.change(screen.getByTestId('report-text'), { target: { value: '销售假冒商品' } })
  fireEvent.click(screen.getByTestId('report-submit'))
}

describe('public report form', () => {
  test('files anonymously (no reporter sent) and shows the receipt code once', async () => {
    const { calls } = mockFetch({
      'POST /api/v1/public/reports': () => json(201, { caseNumber: 'TP-2026-000301', receiptCode: 'ABCD-EFGH-JKLM-NPQR', status: 'new', receivedAt: '2026-03-02T02:00:00.000Z' }),
    })
    renderWithProviders(<PublicReportPage />, { path: '/public/report' })
    await fill()
    expect((await screen.findByTestId('receipt-code')).textContent).toBe('ABCD-EFGH-JKLM-NPQR')
    expect(screen.getByTestId('report-number').textContent).toContain('TP-2026-000301')
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.body).toEqual({ subject: { type: 'merchant', name: '某假货店' }, text: '销售假冒商品' })
  })

  test('a 429 from the rate limit shows the translated message and keeps the form', async () => {
    mockFetch({
      'POST /api/v1/public/reports': () => json(429, { error: { code: 'cases.rate_limited', message: 'too many reports from this address' }, requestId: 'r' }),
    })
    renderWithProviders(<PublicReportPage />, { path: '/public/report' })
    await fill()
    await waitFor(() => expect(screen.getByTestId('report-error').textContent).toBe('提交过于频繁，请稍后再试'))
    expect(screen.queryByTestId('receipt-code')).toBeNull()
  })

  test('a 429 without the envelope (proxy) is translated too', async () => {
    mockFetch({ 'POST /api/v1/public/reports': () => ({ status: 429, text: 'Too Many Requests' }) })
    renderWithProviders(<PublicReportPage />, { path: '/public/report' })
    await fill()
    await waitFor(() => expect(screen.getByTestId('report-error').textContent).toBe('请求过于频繁，请稍后再试'))
  })
})
