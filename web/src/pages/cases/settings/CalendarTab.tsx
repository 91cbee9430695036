// 工作日历: the admins' holiday (放假) and adjusted-workday (调休上班) entries over the built-in chinese-days
// calendar. Edited as one list and saved with one PUT (the API replaces the list and recomputes open
// clocks). A month view shows the calendar in force (statutory holidays and 调休 from the server), with the
// entries being edited marked over it.
import { useEffect, useState } from 'react'
import { Alert, App as AntApp, Badge, Button, Calendar, Col, DatePicker, Flex, Input, Row as GridRow, Select, Table, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import dayjs, { type Dayjs } from 'dayjs'
import { call } from '../../../api/client.ts'
import { getWorkCalendar, setWorkCalendar, workCalendarDays } from '../../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../../i18n/index.tsx'
import { can, useSession } from '../../../auth/session.tsx'
import { ErrorAlert, ErrorState } from '../../../components/Common.tsx'

type Kind = 'holiday' | 'workday'
interface Entry {
  key: number
  date: string | null // YYYY-MM-DD; null until picked
  kind: Kind
  name: string
}

const CALENDAR_KEY = ['cases', 'work-calendar'] as const
const DAYS_KEY = ['cases', 'work-calendar-days'] as const
const kinds: readonly Kind[] = ['holiday', 'workday']
let nextKey = 1
const toEntries = (items: { date: string; kind: Kind; name?: string | undefined }[]): Entry[] =>
  items.map((e) => ({ key: nextKey++, date: e.date, kind: e.kind, name: e.name ?? '' }))

export function CalendarTab() {
  const { t, formatTime } = useI18n()
  const { message } = AntApp.useApp()
  const { me } = useSession()
  const editable = can(me, 'cases:configure')
  const qc = useQueryClient()
  const q = useQuery({ queryKey: CALENDAR_KEY, queryFn: () => call(getWorkCalendar) })
  const [rows, setRows] = useState<Entry[] | null>(null)
  const [dirty, setDirty] = useState(false)
  useEffect(() => {
    if (q.data && !dirty) setRows(toEntries(q.data.entries))
  }, [q.data, dirty])
  const [panel, setPanel] = useState<Dayjs>(() => dayjs())
  // The month grid shows a few days of the months either side.
  const range = { from: panel.startOf('month').subtract(7, 'day').format('YYYY-MM-DD'), to: panel.endOf('month').add(14, 'day').format('YYYY-MM-DD') }
  const days = useQuery({ queryKey: [...DAYS_KEY, range], queryFn: () => call(workCalendarDays, { query: range }), placeholderData: keepPreviousData })

  const save = useMutation({
    mutationFn: (entries: Entry[]) =>
      call(setWorkCalendar, {
        body: { entries: entries.map((e) => ({ date: e.date ?? '', kind: e.kind, ...(e.name.trim() ? { name: e.name.trim() } : {}) })) },
      }),
    onSuccess: (r) => {
      qc.setQueryData(CALENDAR_KEY, r)
      void qc.invalidateQueries({ queryKey: DAYS_KEY })
      setRows(toEntries(r.entries))
      setDirty(false)
      void message.success(t('caseSettings.calendar.saved'))
    },
  })

  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  const list = rows ?? []
  const change = (next: Entry[]) => {
    setRows(next)
    setDirty(true)
  }
  const update = (key: number, patch: Partial<Entry>) => change(list.map((e) => (e.key === key ? { ...e, ...patch } : e)))
  const counts = new Map<string, number>()
  for (const e of list) if (e.date) counts.set(e.date, (counts.get(e.date) ?? 0) + 1)
  const invalid = list.some((e) => !e.date || (counts.get(e.date) ?? 0) > 1)
  const byDate = new Map(list.filter((e) => e.date).map((e) => [e.date!, e]))
  const inForce = new Map((days.data?.items ?? []).map((d) => [d.date, d]))
  /** What a day shows: the entry being edited wins over the saved calendar. */
  const marking = (date: string): { off: boolean; name: string | null; entry: boolean } | null => {
    const e = byDate.get(date)
    if (e) return { off: e.kind === 'holiday', name: e.name || null, entry: true }
    const d = inForce.get(date)
    if (d && (d.kind === 'holiday' || d.kind === 'adjusted_workday')) return { off: d.kind === 'holiday', name: d.name, entry: false }
    return null
  }
  const library = q.data?.library

  return (
    <>
      <Alert
        type="info"
        showIcon
        title={t('caseSettings.calendar.intro', { first: library?.firstYear ?? '…', last: library?.lastYear ?? '…' })}
        style={{ marginBottom: 16 }}
      />
      {me && !editable && <Alert type="warning" showIcon title={t('caseSettings.readOnly')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={save.error} />
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        {editable && (
          <>
            <Button icon={<PlusOutlined />} onClick={() => change([...list, { key: nextKey++, date: null, kind: 'holiday', name: '' }])} data-testid="calendar-add">
              {t('caseSettings.calendar.add')}
            </Button>
            <Button type="primary" disabled={!dirty || invalid} loading={save.isPending} onClick={() => save.mutate(list)} data-testid="calendar-save">
              {t('common.save')}
            </Button>
          </>
        )}
        {dirty && (
          <>
            <Button onClick={() => { setDirty(false); save.reset() }}>{t('caseSettings.discard')}</Button>
            <Typography.Text type="warning">{t('caseSettings.unsaved')}</Typography.Text>
          </>
        )}
        {!dirty && q.data?.updatedAt && (
          <Typography.Text type="secondary">{t('caseSettings.calendar.updatedAt', { time: formatTime(q.data.updatedAt) })}</Typography.Text>
        )}
      </Flex>
      <GridRow gutter={24}>
        <Col xs={24} xl={14}>
          <Table<Entry>
            rowKey="key"
            size="small"
            loading={q.isLoading}
            dataSource={list}
            pagination={list.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            locale={{ emptyText: t('caseSettings.calendar.empty') }}
            data-testid="calendar-entries"
            columns={[
              {
                title: t('caseSettings.calendar.date'), key: 'date', width: 190,
                render: (_, e) => {
                  const dup = e.date !== null && (counts.get(e.date) ?? 0) > 1
                  const outside = e.date !== null && library !== undefined && (Number(e.date.slice(0, 4)) < library.firstYear || Number(e.date.slice(0, 4)) > library.lastYear)
                  return (
                    <>
                      <DatePicker
                        size="small"
                        disabled={!editable}
                        allowClear={false}
                        value={e.date ? dayjs(e.date) : null}
                        status={!e.date || dup ? 'error' : undefined}
                        onChange={(d: Dayjs | null) => update(e.key, { date: d ? d.format('YYYY-MM-DD') : null })}
                        data-testid={`calendar-date-${e.key}`}
                      />
                      {!e.date && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{t('caseSettings.calendar.dateRequired')}</Typography.Text></div>}
                      {dup && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{t('caseSettings.calendar.duplicateDate')}</Typography.Text></div>}
                      {outside && <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('caseSettings.calendar.outsideLibrary')}</Typography.Text></div>}
                    </>
                  )
                },
              },
              {
                title: t('caseSettings.calendar.kind'), key: 'kind', width: 190,
                render: (_, e) => (
                  <Select<Kind>
                    size="small"
                    disabled={!editable}
                    style={{ width: '100%' }}
                    value={e.kind}
                    onChange={(v) => update(e.key, { kind: v })}
                    options={kinds.map((k) => ({ value: k, label: t(`caseSettings.calendar.kind.${k}`) }))}
                  />
                ),
              },
              {
                title: t('caseSettings.calendar.name'), key: 'name',
                render: (_, e) => (
                  <Input
                    size="small"
                    disabled={!editable}
                    maxLength={50}
                    value={e.name}
                    placeholder={t('caseSettings.calendar.namePlaceholder')}
                    onChange={(ev) => update(e.key, { name: ev.target.value })}
                  />
                ),
              },
              ...(editable
                ? [{
                    title: '', key: 'remove', width: 50,
                    render: (_: unknown, e: Entry) => (
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('caseSettings.remove')} onClick={() => change(list.filter((x) => x.key !== e.key))} />
                    ),
                  }]
                : []),
            ]}
          />
        </Col>
        <Col xs={24} xl={10}>
          <Typography.Text type="secondary">{t('caseSettings.calendar.month')}</Typography.Text>
          {days.error && <ErrorAlert error={days.error} />}
          <div data-testid="calendar-month">
            <Calendar
              fullscreen={false}
              value={panel}
              onChange={setPanel}
              onPanelChange={(d) => setPanel(d)}
              fullCellRender={(d, info) => {
                if (info.type !== 'date') return info.originNode
                const date = d.format('YYYY-MM-DD')
                const m = marking(date)
                if (!m) return info.originNode
                const label = t(m.off ? 'caseSettings.calendar.kind.holiday' : 'caseSettings.calendar.kind.workday')
                const color = m.off ? '#cf1322' : '#0958d9'
                return (
                  <div className="ant-picker-cell-inner" title={m.name ? `${label} · ${m.name}` : label} data-testid={`calendar-day-${date}`} data-kind={m.off ? 'holiday' : 'workday'}>
                    {m.entry ? (
                      <Badge dot color={color} offset={[2, 0]}>
                        <span style={{ color, fontWeight: 600 }}>{d.date()}</span>
                      </Badge>
                    ) : (
                      <span style={{ color, fontWeight: 600 }}>{d.date()}</span>
                    )}
                  </div>
                )
              }}
            />
          </div>
          <Flex gap={16} wrap style={{ marginTop: 4 }}>
            <Typography.Text style={{ color: '#cf1322' }}>{t('caseSettings.calendar.kind.holiday')}</Typography.Text>
            <Typography.Text style={{ color: '#0958d9' }}>{t('caseSettings.calendar.kind.workday')}</Typography.Text>
            <Badge color="gray" text={t('caseSettings.calendar.adminEntry')} />
          </Flex>
        </Col>
      </GridRow>
    </>
  )
}
