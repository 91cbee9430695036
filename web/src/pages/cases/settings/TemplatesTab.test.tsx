import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { TemplatesTab } from './TemplatesTab.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../../../test-utils.tsx'
import { setCsrfToken } from '../../../api/client.ts'

const templates = [
  { id: 'acknowledge', name: '受理告知', text: '您的投诉（编号 {{number}}）已受理，将在 {{dueDate}} 前答复。' },
  { id: 'request_materials', name: '补充材料', text: '请补充交易凭证。' },
]
const routes = (extra: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) => ({
  'GET /api/v1/auth/me': () => json(200, makeMe({ permissions: ['cases:read', 'cases:configure'] })),
  'GET /api/v1/message-templates': () => json(200, { items: templates }),
  'GET /api/v1/message-templates/placeholders': () => json(200, { items: ['number', 'subject', 'dueDate'] }),
  ...extra,
})

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('templates tab', () => {
  test('lists templates and the server’s placeholders; a new one built with the insert buttons is saved with the rest', async () => {
    const { calls } = mockFetch(routes({ 'PUT /api/v1/message-templates': (req) => json(200, req.body) }))
    renderWithProviders(<TemplatesTab />)
    await screen.findByText('受理告知')
    const chips = await screen.findByTestId('template-placeholders')
    await within(chips).findByText(/\{\{subject\}\}/)
    expect(chips.textContent).toContain('被投诉对象')
    expect(chips.textContent).not.toContain('complainantName') // only what the server lists

    fireEvent.click(screen.getByTestId('template-add'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.change(within(dialog).getByTestId('template-id'), { target: { value: 'closing' } })
    fireEvent.change(within(dialog).getByTestId('template-name'), { target: { value: '办结告知' } })
    fireEvent.change(within(dialog).getByTestId('template-text'), { target: { value: '工单 ' } })
    fireEvent.click(within(dialog).getByTestId('template-insert-number'))
    expect((within(dialog).getByTestId('template-text') as HTMLTextAreaElement).value).toContain('{{number}}')
    fireEvent.change(within(dialog).getByTestId('template-text'), { target: { value: '工单 {{number}} 已办结。' } })
    fireEvent.click(screen.getByTestId('template-ok'))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(calls.some((c) => c.method === 'PUT')).toBe(false) // saved only on 保存

    fireEvent.click(screen.getByTestId('templates-save'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ items: [...templates, { id: 'closing', name: '办结告知', text: '工单 {{number}} 已办结。' }] })
  })

  test('an unknown placeholder is flagged in the editor; a taken id is refused', async () => {
    mockFetch(routes())
    renderWithProviders(<TemplatesTab />)
    await screen.findByText('受理告知')
    fireEvent.click(screen.getByTestId('template-add'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.change(within(dialog).getByTestId('template-id'), { target: { value: 'acknowledge' } })
    fireEvent.change(within(dialog).getByTestId('template-name'), { target: { value: '重复' } })
    fireEvent.change(within(dialog).getByTestId('template-text'), { target: { value: '{{password}} 与 {{number}}' } })
    expect(await within(dialog).findByText('未知的占位符：password')).toBeTruthy()
    fireEvent.click(screen.getByTestId('template-ok'))
    expect(await within(dialog).findByText('该编号已被其他模板使用')).toBeTruthy()
    expect(screen.getByRole('dialog')).toBeTruthy() // not accepted
    expect(screen.getByTestId('templates-save')).toHaveProperty('disabled', true)
  })

  test('the server’s refusal on save is shown inline, translated', async () => {
    mockFetch(routes({
      'PUT /api/v1/message-templates': () =>
        json(400, { error: { code: 'cases.template_placeholder_unknown', message: 'template x uses unknown placeholders: password' }, requestId: 'r1' }),
    }))
    renderWithProviders(<TemplatesTab />)
    const table = await screen.findByTestId('templates-table')
    await within(table).findByText('补充材料')
    fireEvent.click(within(table).getAllByText('删除')[1]!)
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }))
    await waitFor(() => expect(within(table).queryByText('补充材料')).toBeNull())
    fireEvent.click(screen.getByTestId('templates-save'))
    expect((await screen.findByTestId('error-alert')).textContent).toBe('模板使用了未知的占位符：template x uses unknown placeholders: password')
  })
})
