import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { categoryTree, termLabel } from './terms.ts'
import { IntakePage } from './IntakePage.tsx'
import { CasePage } from './CasePage.tsx'
import { CasesInbox } from './CasesInbox.tsx'
import { Route, Routes } from 'react-router-dom'
import { json, makeMe, mockFetch, renderWithProviders, type Recorded } from '../../test-utils.tsx'
import { setCsrfToken } from '../../api/client.ts'

const at = '2026-03-02T02:00:00.000Z'
let n = 0
const term = (kind: string, code: string, labelZh: string, labelEn: string, over: Record<string, unknown> = {}) => ({
  id: `0199a000-0000-7000-8000-${String(++n).padStart(12, '0')}`, kind, code, parentCode: null, labelZh, labelEn, sector: null, active: true,
  position: n * 10, depth: 0, createdAt: at, updatedAt: at, ...over,
})
const taxonomy: Record<string, ReturnType<typeof term>[]> = {
  product_line: [
    term('product_line', 'credit_card', '信用卡', 'Credit card', { sector: 'bank' }),
    term('product_line', 'mortgage', '住房按揭', 'Mortgage', { sector: 'bank' }),
    term('product_line', 'old_line', '旧产品线', 'Old line', { sector: 'bank', active: false }),
  ],
  issue_type: [term('issue_type', 'rate_reset', '利率重定价', 'Rate reset')],
  demand_type: [term('demand_type', 'refund', '退款', 'Refund')],
  category: [
    term('category', '贷款', '个人贷款', 'Loan'),
    term('category', '贷款/按揭', '按揭', 'Mortgage', { parentCode: '贷款', depth: 1 }),
    term('category', '停用', '停用分类', 'Retired', { active: false }),
    term('category', '停用/子', '子分类', 'Child', { parentCode: '停用', depth: 1 }),
  ],
}
const taxonomyRoute = (r: Recorded) => json(200, { items: taxonomy[new URL(r.url, 'http://x').searchParams.get('kind') ?? ''] ?? [] })

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('taxonomy labels', () => {
  test('a term shows the admin label in the locale, a category its label path; other codes are not terms', () => {
    expect(termLabel(taxonomy.product_line, 'mortgage', 'zh-CN')).toBe('住房按揭')
    expect(termLabel(taxonomy.product_line, 'mortgage', 'en-US')).toBe('Mortgage')
    expect(termLabel(taxonomy.product_line, 'old_line', 'zh-CN')).toBe('旧产品线') // inactive: old cases still read
    expect(termLabel(taxonomy.category, '贷款/按揭', 'zh-CN')).toBe('个人贷款/按揭')
    expect(termLabel(taxonomy.category, '贷款/按揭', 'en-US')).toBe('Loan/Mortgage')
    expect(termLabel(taxonomy.issue_type, 'Billing dispute: late fee', 'zh-CN')).toBeNull()
    expect(termLabel(undefined, 'mortgage', 'zh-CN')).toBeNull()
  })

  test('the category picker holds active terms only; a deactivated category hides its subtree', () => {
    const tree = categoryTree(taxonomy.category, 'en-US')
    expect(tree.map((x) => x.value)).toEqual(['贷款'])
    expect(tree[0]!.children.map((x) => [x.value, x.path])).toEqual([['贷款/按揭', 'Loan/Mortgage']])
  })
})

describe('intake and case page', () => {
  test('intake offers active admin-added product lines with their sector and files the chosen code', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['handler'], permissions: ['cases:read', 'cases:create'] })),
      'GET /api/v1/queues': () => json(200, { items: [] }),
      'GET /api/v1/taxonomy': taxonomyRoute,
      'POST /api/v1/complaints': () => json(201, { id: '0199a000-0000-7000-8000-00000000c001', number: 'TP-2026-000001' }),
    })
    renderWithProviders(<IntakePage />, { path: '/cases/new' })
    await waitFor(() => expect(calls.filter((c) => c.url.startsWith('/api/v1/taxonomy')).length).toBe(4))
    fireEvent.change(screen.getByTestId('intake-text'), { target: { value: '按揭利率调整未通知' } })
    fireEvent.change(screen.getByTestId('intake-subject-name'), { target: { value: '某银行' } })
    const picker = screen.getByTestId('intake-product-line')
    fireEvent.mouseDown(within(picker.closest('.ant-select') ?? picker).getByRole('combobox'))
    const option = await screen.findByTitle('住房按揭 · 银行')
    expect(screen.queryByTitle(/旧产品线/)).toBeNull()
    fireEvent.click(option)
    fireEvent.click(screen.getByTestId('intake-submit'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({ productLine: 'mortgage', text: '按揭利率调整未通知' })
  })

  test('the case page shows the admin labels, and the raw code for free text', async () => {
    const id = '0199a000-0000-7000-8000-00000000c002'
    const detail = {
      id, number: 'TP-2026-000002', kind: 'complaint', channel: 'hotline', status: 'investigating', priority: 'normal', category: '贷款/按揭',
      productLine: 'mortgage', sector: 'bank', queueId: null, assigneeId: null, assigneeName: null, subject: { type: 'branch', ref: null, name: '某支行' },
      complainantName: null, slaState: 'ok', slaDueAt: null, duplicateOf: null, anonymous: false, riskLevel: null, tags: [], receivedAt: at, updatedAt: at,
      source: 'hotline', externalId: null, issueType: 'rate_reset', demandType: 'made_up_free_text', demandAmountFen: null, region: null, text: '投诉内容',
      regulator: null, linkedCaseIds: [], campaignId: null, outcome: null, escalation: null, hold: null, analysis: null, rootCauses: [], allowedActions: [],
      parties: [], playbook: { steps: [] }, completedSteps: [], sla: { policyId: 'cn-banking-insurance-2020', policyName: 'x', state: 'ok', targets: [], pauses: [], extensions: [] },
    }
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['auditor'], permissions: ['cases:read'] })),
      'GET /api/v1/queues': () => json(200, { items: [] }),
      'GET /api/v1/taxonomy': taxonomyRoute,
      [`GET /api/v1/cases/${id}`]: () => json(200, detail),
      [`GET /api/v1/cases/${id}/timeline`]: () => json(200, { items: [], nextCursor: null }),
    })
    renderWithProviders(<Routes><Route path="/cases/:id" element={<CasePage />} /></Routes>, { path: `/cases/${id}` })
    const header = await screen.findByTestId('case-header')
    await waitFor(() => expect(within(header).getByTestId('case-category').textContent).toBe('个人贷款/按揭'))
    await waitFor(() => expect(header.textContent).toContain('住房按揭 · 银行'))
    expect(header.textContent).toContain('利率重定价')
    expect(header.textContent).toContain('made_up_free_text')
  })

  test('the inbox row shows the category and product line labels', async () => {
    const row = {
      id: '0199a000-0000-7000-8000-00000000c003', number: 'TP-2026-000003', kind: 'complaint', channel: 'hotline', status: 'investigating',
      priority: 'normal', category: '贷款/按揭', productLine: 'mortgage', sector: 'bank', queueId: null, assigneeId: null, assigneeName: null,
      subject: { type: 'branch', ref: null, name: '某支行' }, complainantName: null, slaState: 'ok', slaDueAt: null, duplicateOf: null, anonymous: false,
      riskLevel: null, tags: [], receivedAt: at, updatedAt: at,
    }
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['handler'], permissions: ['cases:read', 'cases:handle'] })),
      'GET /api/v1/queues': () => json(200, { items: [] }),
      'GET /api/v1/taxonomy': taxonomyRoute,
      'GET /api/v1/cases': () => json(200, { items: [row], nextCursor: null }),
    })
    renderWithProviders(<CasesInbox />, { path: '/cases' })
    await screen.findByText('TP-2026-000003')
    await waitFor(() => expect(screen.getByTestId('case-classification').textContent).toBe('个人贷款/按揭 · 住房按揭'))
  })
})
