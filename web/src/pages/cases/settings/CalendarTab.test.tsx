import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { CalendarTab } from './CalendarTab.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../../../test-utils.tsx'
import { setCsrfToken } from '../../../api/client.ts'
import dayjs from 'dayjs'

const view = {
  entries: [
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-06', kind: 'workday', name: '春节调休' },
  ],
  library: { firstYear: 2004, lastYear: 2026 },
  updatedAt: '2026-11-20T02:00:00.000Z',
}
const me = () => json(200, makeMe({ permissions: ['cases:read', 'cases:configure'] }))
// The month view opens on the current month; one built-in holiday in it.
const libraryHoliday = dayjs().date(10).format('YYYY-MM-DD')
const days = () => json(200, { items: [{ date: libraryHoliday, workday: false, kind: 'holiday', name: '测试假日', source: 'library' }] })

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('calendar tab', () => {
  test('explains the override over chinese-days with its years, lists entries, and saves the list without a removed one', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/work-calendar': () => json(200, view),
      'GET /api/v1/work-calendar/days': days,
      'PUT /api/v1/work-calendar': (req) => json(200, { ...view, ...(req.body as object), updatedAt: '2026-12-01T02:00:00.000Z' }),
    })
    renderWithProviders(<CalendarTab />)
    await screen.findByText(/涵盖 2004–2026 年/)
    const table = await screen.findByTestId('calendar-entries')
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3))
    const rows = within(table).getAllByRole('row').slice(1)
    expect((within(rows[0]!).getByPlaceholderText('如 春节、地方假日') as HTMLInputElement).value).toBe('元旦')
    expect(rows[1]!.textContent).toContain('上班（调休）')
    expect(rows[0]!.textContent).toContain('超出内置日历范围') // 2027 lies beyond the library's 2026

    fireEvent.change(within(rows[1]!).getByPlaceholderText('如 春节、地方假日'), { target: { value: '春节前调休' } })
    fireEvent.click(within(rows[0]!).getByRole('button', { name: '删除' }))
    fireEvent.click(screen.getByTestId('calendar-save'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ entries: [{ date: '2027-02-06', kind: 'workday', name: '春节前调休' }] })
  })

  test('a new entry needs a date before saving; the server’s refusal is shown inline', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/work-calendar': () => json(200, { ...view, entries: [] }),
      'GET /api/v1/work-calendar/days': days,
      'PUT /api/v1/work-calendar': () =>
        json(400, { error: { code: 'cases.calendar_invalid', message: '2027-02-07 is a weekday' }, requestId: 'r1' }),
    })
    renderWithProviders(<CalendarTab />)
    fireEvent.click(await screen.findByTestId('calendar-add'))
    expect(await screen.findByText('请选择日期')).toBeTruthy()
    expect(screen.getByTestId('calendar-save')).toHaveProperty('disabled', true)
    // Remove the dateless row, so the list differs from the server's only by being saved again.
    fireEvent.click(screen.getByRole('button', { name: '删除' }))
    fireEvent.click(screen.getByTestId('calendar-save'))
    expect((await screen.findByTestId('error-alert')).textContent).toBe('日历条目有误：2027-02-07 is a weekday')
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1)
  })

  test('the month view marks the calendar in force and the entries being edited', async () => {
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': me,
      'GET /api/v1/work-calendar': () => json(200, { ...view, entries: [] }),
      'GET /api/v1/work-calendar/days': days,
    })
    renderWithProviders(<CalendarTab />)
    const holiday = await screen.findByTestId(`calendar-day-${libraryHoliday}`)
    expect(holiday.getAttribute('data-kind')).toBe('holiday')
    expect(holiday.getAttribute('title')).toContain('测试假日')
    const q = new URL(calls.find((c) => c.url.startsWith('/api/v1/work-calendar/days'))!.url, 'http://x').searchParams
    expect(q.get('from')! < libraryHoliday && libraryHoliday < q.get('to')!).toBe(true)
    const other = dayjs().date(12).format('YYYY-MM-DD')
    expect(screen.queryByTestId(`calendar-day-${other}`)).toBeNull() // an ordinary day is not marked

    // A new entry, before saving, shows on the month at once.
    fireEvent.click(screen.getByTestId('calendar-add'))
    const row = within(screen.getByTestId('calendar-entries')).getAllByRole('row')[1]!
    const picker = row.querySelector<HTMLInputElement>('.ant-picker input')!
    fireEvent.mouseDown(picker)
    fireEvent.change(picker, { target: { value: other } })
    fireEvent.keyDown(picker, { key: 'Enter', code: 'Enter', keyCode: 13 })
    const marked = await screen.findByTestId(`calendar-day-${other}`)
    expect(marked.getAttribute('data-kind')).toBe('holiday')
  })
})
