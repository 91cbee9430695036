import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { QueuesTab } from './QueuesTab.tsx'
import { RoutingRulesTab } from './RoutingRulesTab.tsx'
import { InterestsTab } from './InterestsTab.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../../../test-utils.tsx'
import { setCsrfToken } from '../../../api/client.ts'

const at = '2026-03-02T02:00:00.000Z'
const uid = (n: number) => `0199a000-0000-7000-8000-0000000000${String(n).padStart(2, '0')}`
const user = (n: number, displayName: string, roles: string[]) => ({
  id: uid(n), username: `u${n}`, displayName, email: null, roles, disabled: false, locked: false, totpEnabled: false, lastLoginAt: null, createdAt: at,
})
const queue = (n: number, over: Record<string, unknown> = {}) => ({
  id: uid(50 + n), name: `队列${n}`, description: null, assignment: 'least_loaded', minPriority: null, memberIds: [], createdAt: at, openCases: 0, ...over,
})
const admin = makeMe({ id: uid(1), roles: ['admin'], permissions: ['users:read', 'cases:read', 'cases:handle', 'cases:assign', 'cases:configure'] })
const users = { items: [user(1, '系统管理员', ['admin']), user(2, '王小明', ['handler']), user(3, '审核员', ['reviewer'])], nextCursor: null }

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

const input = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } })
async function pick(dialog: HTMLElement, comboboxIndex: number, title: string) {
  fireEvent.mouseDown(within(dialog).getAllByRole('combobox')[comboboxIndex]!)
  fireEvent.click(await screen.findByTitle(title))
}

describe('queues tab', () => {
  test('shows each queue with its strategy, members by name and open cases; creates and edits with the right bodies', async () => {
    const existing = queue(1, { name: '信用卡组', description: '信用卡投诉', assignment: 'round_robin', memberIds: [uid(2)], openCases: 7 })
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, admin),
      'GET /api/v1/users': () => json(200, users),
      'GET /api/v1/queues': () => json(200, { items: [existing] }),
      'POST /api/v1/queues': (r) => json(201, queue(2, r.body as Record<string, unknown>)),
      [`PATCH /api/v1/queues/${existing.id}`]: (r) => json(200, { ...existing, ...(r.body as object) }),
    })
    renderWithProviders(<QueuesTab />)
    const table = await screen.findByTestId('queues-table')
    const row = (await within(table).findByText('信用卡组')).closest('tr')!
    expect(row.textContent).toContain('信用卡投诉')
    expect(row.textContent).toContain('轮流分派')
    await waitFor(() => expect(row.textContent).toContain('王小明'))
    expect(row.textContent).toContain('7')

    fireEvent.click(screen.getByTestId('queue-add'))
    const dialog = await screen.findByRole('dialog')
    input('queue-name', ' 理财组 ')
    await pick(dialog, 0, '轮流分派')
    fireEvent.click(screen.getByTestId('queue-save'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: '理财组', assignment: 'round_robin' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    fireEvent.click(screen.getByTestId(`queue-edit-${existing.id}`))
    await screen.findByRole('dialog')
    expect((screen.getByTestId('queue-name') as HTMLInputElement).value).toBe('信用卡组')
    input('queue-name', '信用卡一组')
    input('queue-description', '')
    fireEvent.click(screen.getByTestId('queue-save'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(1))
    // only the changed fields: the strategy was left alone, the description cleared
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ name: '信用卡一组', description: null })
  })

  test('members offers only users who may handle cases and sends the chosen ids', async () => {
    const existing = queue(1, { memberIds: [uid(2)] })
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, admin),
      'GET /api/v1/users': () => json(200, users),
      'GET /api/v1/queues': () => json(200, { items: [existing] }),
      [`PUT /api/v1/queues/${existing.id}/members`]: (r) => json(200, { ...existing, ...(r.body as object) }),
    })
    renderWithProviders(<QueuesTab />)
    fireEvent.click(await screen.findByTestId(`queue-members-${existing.id}`))
    const dialog = await screen.findByRole('dialog')
    fireEvent.mouseDown(within(dialog).getByRole('combobox'))
    await screen.findByTitle('系统管理员 (系统管理员)')
    expect(screen.queryByTitle(/审核员/)).toBeNull()
    fireEvent.click(screen.getByTitle('系统管理员 (系统管理员)'))
    fireEvent.click(screen.getByTestId('members-save'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ userIds: [uid(2), uid(1)] })
  })
})

describe('routing rules tab', () => {
  test('lists rules in order with readable conditions and the queue name; creates a rule with only the filled conditions', async () => {
    const q = queue(1, { name: '浙江信用卡' })
    const rule = { id: uid(70), name: '浙江信用卡热线', position: 10, match: { category: '信用卡', channel: 'hotline' }, queueId: q.id, createdAt: at, shadowedBy: null }
    const hidden = { id: uid(72), name: '信用卡热线年费', position: 20, match: { category: '信用卡/年费', channel: 'hotline' }, queueId: q.id, createdAt: at, shadowedBy: uid(70) }
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, admin),
      'GET /api/v1/queues': () => json(200, { items: [q] }),
      'GET /api/v1/routing-rules': () => json(200, { items: [rule, hidden] }),
      'POST /api/v1/routing-rules': (r) => json(201, { id: uid(71), createdAt: at, ...(r.body as object) }),
      [`DELETE /api/v1/routing-rules/${rule.id}`]: () => json(200, { ok: true }),
    })
    renderWithProviders(<RoutingRulesTab />)
    expect((await screen.findByTestId('routing-description')).textContent).toContain('第一条')
    const row = (await screen.findByText('浙江信用卡热线')).closest('tr')!
    expect(row.textContent).toContain('分类前缀: 信用卡')
    expect(row.textContent).toContain('渠道: 热线电话')
    await waitFor(() => expect(row.textContent).toContain('浙江信用卡'))
    expect(row.textContent).not.toContain('永不命中')
    expect((await screen.findByText('信用卡热线年费')).closest('tr')!.textContent).toContain('永不命中：已被「浙江信用卡热线」覆盖')

    fireEvent.click(screen.getByTestId('rule-add'))
    const dialog = await screen.findByRole('dialog')
    input('rule-name', '浙江')
    await pick(dialog, 0, '浙江信用卡')
    fireEvent.click(screen.getByTestId('rule-save'))
    await screen.findByText('请至少填写一项匹配条件')
    input('rule-region', '浙江省')
    fireEvent.click(screen.getByTestId('rule-save'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    // a new rule goes after the last one (20), ten further on
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ name: '浙江', position: 30, queueId: q.id, match: { region: '浙江省' } })

    fireEvent.click(screen.getByTestId(`rule-delete-${rule.id}`))
    fireEvent.click(await screen.findByRole('button', { name: /OK|确\s*定/ }))
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === `/api/v1/routing-rules/${rule.id}`)).toBe(true))
  })
})

describe('declared interests tab', () => {
  test('a handler sees a party interest masked, may withdraw only their own, and declares for themselves', async () => {
    const me = makeMe({ id: uid(2), displayName: '王小明', roles: ['handler'], permissions: ['cases:read', 'cases:handle'] })
    const item = (n: number, over: Record<string, unknown>) => ({
      id: uid(80 + n), userId: uid(2), userName: '王小明', subjectRef: null, party: false, reason: '理由', declaredBy: uid(2), declaredByName: '王小明', createdAt: at, ...over,
    })
    const own = item(1, { subjectRef: 'BR-0571-01', reason: '曾在该支行工作' })
    const bySupervisor = item(2, { party: true, reason: '投诉人是其邻居', declaredBy: uid(9), declaredByName: '李主管' })
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => json(200, me),
      'GET /api/v1/handler-interests': () => json(200, { items: [bySupervisor, own], nextCursor: null }),
      'POST /api/v1/handler-interests': (r) => json(201, { id: uid(83), createdAt: at, subjectRef: null, party: true, ...(r.body as object) }),
    })
    renderWithProviders(<InterestsTab />)
    const partyRow = (await screen.findByText('投诉人是其邻居')).closest('tr')!
    expect(partyRow.textContent).toContain('当事人（号码已隐藏）')
    expect(partyRow.textContent).toContain('李主管')
    expect(within(partyRow).queryByText('撤回')).toBeNull()
    expect(screen.getByTestId(`interest-withdraw-${own.id}`)).toBeTruthy()

    fireEvent.click(screen.getByTestId('interest-add'))
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('王小明 (本人)')
    fireEvent.click(within(dialog).getByLabelText('当事人手机号'))
    await screen.findByTestId('interest-phone')
    input('interest-phone', '13812345678')
    input('interest-reason', '表兄')
    fireEvent.click(screen.getByTestId('interest-save'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ userId: uid(2), phone: '13812345678', reason: '表兄' })
  })
})
