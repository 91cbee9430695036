import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { ActionButtons } from './ActionButtons.tsx'
import { apiError, json, makeMe, mockFetch, renderWithProviders } from '../../test-utils.tsx'
import { setCsrfToken } from '../../api/client.ts'

const ID = '0199a000-0000-7000-8000-00000000c001'
const me = makeMe({ roles: ['handler'], permissions: ['cases:read', 'cases:handle', 'cases:resolve'] })

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

function routes(actionReply: Parameters<typeof mockFetch>[0][string]) {
  return mockFetch({
    'GET /api/v1/auth/me': () => json(200, me),
    'GET /api/v1/queues': () => json(200, { items: [] }),
    [`POST /api/v1/cases/${ID}/actions/triage`]: actionReply,
    [`POST /api/v1/cases/${ID}/actions/resolve`]: actionReply,
    [`POST /api/v1/cases/${ID}/actions/escalate`]: actionReply,
    [`POST /api/v1/cases/${ID}/actions/hold`]: actionReply,
    [`POST /api/v1/cases/${ID}/actions/appeal`]: actionReply,
  })
}

const detail = (allowedActions: string[]) => ({ id: ID, allowedActions, category: null, priority: 'normal', queueId: null }) as never

describe('case action buttons', () => {
  test('shows only the allowed actions, main path first and primary', async () => {
    routes(() => json(200, {}))
    renderWithProviders(<ActionButtons detail={detail(['withdraw', 'escalate', 'triage'])} />)
    const bar = screen.getByTestId('case-actions')
    const labels = within(bar).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))
    expect(labels).toEqual(['分类', '升级', '撤回'])
    expect(screen.getByTestId('action-triage').className).toContain('ant-btn-primary')
    expect(screen.queryByTestId('action-resolve')).toBeNull()
  })

  test('none allowed: says so', () => {
    routes(() => json(200, {}))
    renderWithProviders(<ActionButtons detail={detail([])} />)
    expect(screen.getByTestId('case-actions').textContent).toBe('当前状态没有可执行的操作')
  })

  test('an action posts its note and fields with the CSRF token', async () => {
    const { calls } = routes(() => json(200, { id: ID }))
    renderWithProviders(<ActionButtons detail={detail(['triage'])} />)
    fireEvent.click(screen.getByTestId('action-triage'))
    fireEvent.change(await screen.findByTestId('action-category'), { target: { value: '信用卡/年费' } })
    fireEvent.change(screen.getByTestId('action-note'), { target: { value: '已电话联系' } })
    fireEvent.click(screen.getByTestId('action-confirm'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.url).toBe(`/api/v1/cases/${ID}/actions/triage`)
    expect(post.body).toEqual({ category: '信用卡/年费', priority: 'normal', note: '已电话联系' })
    expect(post.headers['x-csrf-token']).toBe('csrf-me')
  })

  test('a 409 shows the translated error and the actions the server allows', async () => {
    routes(() => ({
      status: 409,
      json: { error: { code: 'cases.invalid_transition', message: 'cannot triage a closed case', details: { status: 'closed', action: 'triage', allowed: ['reopen'] } }, requestId: 'r1' },
    }))
    renderWithProviders(<ActionButtons detail={detail(['triage'])} />)
    fireEvent.click(screen.getByTestId('action-triage'))
    fireEvent.click(await screen.findByTestId('action-confirm'))
    const err = await screen.findByTestId('action-error')
    expect(err.textContent).toContain('当前状态不允许该操作')
    expect(err.textContent).toContain('当前可执行：重开')
  })

  test('resolve needs an outcome before it calls the API', async () => {
    const { calls } = routes(() => apiError(409, 'cases.playbook_incomplete', 'steps not done: verify_facts'))
    renderWithProviders(<ActionButtons detail={detail(['resolve'])} />)
    fireEvent.click(screen.getByTestId('action-resolve'))
    fireEvent.click(await screen.findByTestId('action-confirm'))
    await screen.findByText('必填')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  test('hold and appeal show only when allowed; each needs its reason before it calls the API', async () => {
    const { calls } = routes(() => json(200, { id: ID }))
    renderWithProviders(<ActionButtons detail={detail(['reassign', 'escalate', 'withdraw', 'unhold'])} />)
    const labels = within(screen.getByTestId('case-actions')).getAllByRole('button').map((b) => b.textContent?.replace(/\s/g, ''))
    expect(labels).toEqual(['解除挂起', '改派', '升级', '撤回'])
    expect(screen.queryByTestId('action-hold')).toBeNull()
    cleanup()

    renderWithProviders(<ActionButtons detail={detail(['hold'])} />)
    fireEvent.click(screen.getByTestId('action-hold'))
    expect(await screen.findByText('挂起不会暂停法定时限。')).toBeTruthy()
    fireEvent.click(screen.getByTestId('action-confirm'))
    await screen.findByText('必填')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    fireEvent.change(screen.getByTestId('action-reason'), { target: { value: '等待法院判决' } })
    fireEvent.click(screen.getByTestId('action-confirm'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.url).toBe(`/api/v1/cases/${ID}/actions/hold`)
    expect(post.body).toEqual({ reason: '等待法院判决' })
  })

  test('appeal posts the complainant’s grounds as reason', async () => {
    const { calls } = routes(() => json(200, { id: ID }))
    renderWithProviders(<ActionButtons detail={detail(['reopen', 'appeal'])} />)
    fireEvent.click(screen.getByTestId('action-appeal'))
    fireEvent.change(await screen.findByTestId('action-reason'), { target: { value: '赔偿金额有误' } })
    fireEvent.click(screen.getByTestId('action-confirm'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.url).toBe(`/api/v1/cases/${ID}/actions/appeal`)
    expect(post.body).toEqual({ reason: '赔偿金额有误' })
  })
})
