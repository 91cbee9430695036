import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { GrantsPage, parseCaseRefs } from './GrantsPage.tsx'
import { json, makeMe, mockFetch, renderWithProviders, type Recorded } from '../test-utils.tsx'
import { setCsrfToken } from '../api/client.ts'

const uid = (n: number) => `0199a000-0000-7000-8000-00000000000${n}`
const caseId = '0199a000-0000-7000-8000-0000000000c1'
const created = '2026-03-02T02:00:00.000Z'
const grant = (n: number, over: Record<string, unknown> = {}) => ({
  id: `0199a000-0000-7000-8000-00000000a00${n}`, granteeId: uid(5), granteeName: '浙江银保监局 王科长', caseIds: [caseId],
  purpose: '浙银保监调阅〔2026〕3号', expiresAt: '2026-04-01T02:00:00.000Z', createdBy: uid(1), createdAt: created, revokedAt: null, revokedBy: null,
  active: true, ...over,
})
const user = (n: number, roles: string[], displayName: string) => ({
  id: uid(n), username: `u${n}`, displayName, email: null, roles, disabled: false, locked: false, totpEnabled: false, lastLoginAt: null, createdAt: created,
})
const me = () => json(200, makeMe({ permissions: ['users:read', 'grants:manage', 'cases:read', 'cases:read_all'] }))
const users = (req: Recorded) =>
  json(200, { items: req.url.includes('role=regulator') ? [user(5, ['regulator'], '浙江银保监局 王科长')] : [user(6, ['police'], '西湖分局 李警官')], nextCursor: null })

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

test('case refs: split on lines, commas and spaces, repeats dropped', () => {
  expect(parseCaseRefs('TP-2026-000001\nTP-2026-000002, TP-2026-000001  ，TP-2026-000003')).toEqual(['TP-2026-000001', 'TP-2026-000002', 'TP-2026-000003'])
  expect(parseCaseRefs('  \n ')).toEqual([])
})

describe('grants page', () => {
  test('lists grants with their status; only unrevoked ones can be revoked, after a confirmation', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/case-grants': () => json(200, { items: [grant(1), grant(2, { revokedAt: created, active: false })], nextCursor: null }),
      [`DELETE /api/v1/case-grants/${grant(1).id}`]: () => json(200, grant(1, { revokedAt: created, active: false })),
    })
    renderWithProviders(<GrantsPage />)
    const table = await screen.findByTestId('grants-table')
    await within(table).findAllByText('浙江银保监局 王科长')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0]!.textContent).toContain('有效')
    expect(rows[0]!.textContent).toContain('1 件')
    expect(rows[1]!.textContent).toContain('已撤销')
    expect(within(rows[1]!).queryByTestId('grant-revoke')).toBeNull()
    fireEvent.click(within(rows[0]!).getByTestId('grant-revoke'))
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false)
    const confirm = await screen.findByRole('tooltip')
    fireEvent.click(within(confirm).getByRole('button', { name: /确\s*定|OK/ }))
    await waitFor(() => expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([`/api/v1/case-grants/${grant(1).id}`]))
  })

  test('the case count opens the granted cases by number, linked to their pages', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/case-grants': () => json(200, { items: [grant(1)], nextCursor: null }),
      [`GET /api/v1/cases/${caseId}`]: () => json(200, { id: caseId, number: 'TP-2026-000123', subject: { type: 'merchant', ref: null, name: '某某旗舰店' } }),
    })
    renderWithProviders(<GrantsPage />)
    const open = await screen.findByTestId('grant-cases-open')
    expect(calls.some((c) => c.url.startsWith('/api/v1/cases/'))).toBe(false) // looked up only when opened
    fireEvent.click(open)
    const list = await screen.findByTestId('grant-case-list')
    const link = await within(list).findByText('TP-2026-000123 · 某某旗舰店')
    expect(link.closest('a')!.getAttribute('href')).toBe(`/cases/${caseId}`)
  })

  test('create resolves case numbers to ids and posts the grant; an unknown number is named and nothing is posted', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/case-grants': () => json(200, { items: [], nextCursor: null }),
      'GET /api/v1/users': users,
      'GET /api/v1/cases': (req) =>
        json(200, {
          items: req.url.includes('TP-2026-000009') ? [] : [{ id: caseId, number: 'TP-2026-000123' }],
          nextCursor: null,
        }),
      'POST /api/v1/case-grants': (req) => json(201, grant(3, req.body as Record<string, unknown>)),
    })
    renderWithProviders(<GrantsPage />)
    fireEvent.click(await screen.findByTestId('create-grant'))
    const dialog = await screen.findByRole('dialog')
    fireEvent.mouseDown(within(dialog).getByRole('combobox'))
    fireEvent.click(await screen.findByTitle('西湖分局 李警官 · u6 · 公安机关'))
    fireEvent.change(within(dialog).getByTestId('grant-cases'), { target: { value: 'TP-2026-000123\nTP-2026-000009' } })
    fireEvent.change(within(dialog).getByTestId('grant-purpose'), { target: { value: '杭公（经）协查〔2026〕17号' } })
    fireEvent.click(screen.getByTestId('grant-submit'))
    expect((await screen.findByTestId('grant-cases-missing')).textContent).toContain('TP-2026-000009')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    fireEvent.change(within(dialog).getByTestId('grant-cases'), { target: { value: 'TP-2026-000123' } })
    fireEvent.click(screen.getByTestId('grant-submit'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>
    expect(body.granteeId).toBe(uid(6))
    expect(body.caseIds).toEqual([caseId])
    expect(body.purpose).toBe('杭公（经）协查〔2026〕17号')
    expect(typeof body.expiresAt).toBe('string')
  })
})
