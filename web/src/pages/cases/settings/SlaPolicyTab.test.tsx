import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { SlaPolicyTab } from './SlaPolicyTab.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../../../test-utils.tsx'
import { setCsrfToken } from '../../../api/client.ts'

// The presets as the server describes them (the shape of GET /sla-policy-presets).
const presets = {
  items: [
    {
      preset: 'banking_insurance_2020', name: '银行业保险业消费投诉处理管理办法 (2020)',
      targets: [{
        key: 'decision', label: '作出处理决定并告知投诉人', basis: 'relative', amount: 15, unit: 'calendar_days', pausable: true, rollForwardFromRestDay: true,
        extensions: [
          { id: 'complex', label: '情况复杂，延长至30日', mode: 'extend_to', amount: 30, approvalRoles: [] },
          { id: 'special', label: '再延长30日', mode: 'extend_by', amount: 30, approvalRoles: ['supervisor'] },
        ],
      }],
    },
    {
      preset: 'banking_insurance_2020_working_days', name: '银行业保险业消费投诉处理管理办法 (2020)',
      targets: [{ key: 'decision', label: '作出处理决定并告知投诉人', basis: 'relative', amount: 15, unit: 'working_days', pausable: true, rollForwardFromRestDay: false, extensions: [] }],
    },
    {
      preset: 'ecommerce', name: '电商投诉服务时限',
      targets: [
        { key: 'first_response', label: '首次响应', basis: 'relative', amount: 24, unit: 'hours', pausable: false, rollForwardFromRestDay: false, extensions: [] },
        { key: 'resolution', label: '处理完结', basis: 'relative', amount: 7, unit: 'calendar_days', pausable: true, rollForwardFromRestDay: false, extensions: [] },
      ],
    },
  ],
}
const rules = [
  { match: { sector: 'ecommerce', category: '物流' }, preset: 'ecommerce' },
  { match: { kind: 'complaint', region: '浙江省' }, preset: 'banking_insurance_2020_working_days' },
]

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('sla policy tab', () => {
  test('shows each rule’s preset in words, reorders, and saves the whole list in one PUT', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ permissions: ['cases:read', 'cases:configure'] })),
      'GET /api/v1/sla-policy-rules': () => json(200, { items: rules }),
      'GET /api/v1/sla-policy-presets': () => json(200, presets),
      'PUT /api/v1/sla-policy-rules': (req) => json(200, req.body),
    })
    renderWithProviders(<SlaPolicyTab />)
    const table = await screen.findByTestId('sla-rules')
    await within(table).findByText('首次响应：24 小时；不因等待投诉人而暂停')
    let rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0]!.textContent).toContain('办结：7 日（自然日）')
    expect(rows[1]!.textContent).toContain('region=浙江省') // a condition the table does not edit is kept and shown
    expect(screen.getByTestId('sla-presets').textContent).toContain(
      '作出处理决定：15 日（自然日）；末日逢法定休息日顺延；可延至 30 日（自然日）；再延 30 日（自然日）（须主管审批）',
    )
    expect(screen.getByTestId('sla-save')).toHaveProperty('disabled', true)

    fireEvent.click(within(rows[1]!).getByRole('button', { name: '上移' }))
    rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]!.textContent).toContain('region=浙江省')
    fireEvent.click(screen.getByTestId('sla-add'))
    rows = within(table).getAllByRole('row').slice(1)
    const added = rows[2]!
    fireEvent.change(within(added).getByPlaceholderText('如 信用卡，可匹配 信用卡/年费'), { target: { value: '信用卡' } })
    fireEvent.click(screen.getByTestId('sla-save'))

    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      items: [rules[1], rules[0], { match: { category: '信用卡' }, preset: 'banking_insurance_2020' }],
    })
    await screen.findByText('时限规则已保存')
  })

  test('a rule without conditions is flagged, and the server’s refusal is shown inline', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ permissions: ['cases:read', 'cases:configure'] })),
      'GET /api/v1/sla-policy-rules': () => json(200, { items: [] }),
      'GET /api/v1/sla-policy-presets': () => json(200, presets),
      'PUT /api/v1/sla-policy-rules': () =>
        json(400, { error: { code: 'request.invalid', message: 'items.0.match: a rule needs at least one condition' }, requestId: 'r1' }),
    })
    renderWithProviders(<SlaPolicyTab />)
    fireEvent.click(await screen.findByTestId('sla-add'))
    expect(await screen.findByText('至少设置一个条件')).toBeTruthy()
    fireEvent.click(screen.getByTestId('sla-save'))
    expect((await screen.findByTestId('error-alert')).textContent).toContain('a rule needs at least one condition')
  })

  test('without cases:configure the rules are read-only', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => json(200, makeMe({ roles: ['handler'], permissions: ['cases:read'] })),
      'GET /api/v1/sla-policy-rules': () => json(200, { items: rules }),
      'GET /api/v1/sla-policy-presets': () => json(200, presets),
    })
    renderWithProviders(<SlaPolicyTab />)
    await screen.findByText(/以下内容只读/)
    expect(screen.queryByTestId('sla-add')).toBeNull()
    expect(screen.queryByTestId('sla-save')).toBeNull()
  })
})
