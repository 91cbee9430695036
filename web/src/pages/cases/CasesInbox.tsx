// 投诉工单 queue: cases sorted by clock, filtered, selectable for bulk work, paged by cursor.
import { useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { useQueryClient } from '@tanstack/react-query'
import { Alert, App as AntApp, Button, Card, Flex, Form, Input, Modal, Select, Table, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { PlusOutlined } from '@ant-design/icons'
import type { z } from 'zod'
import { ApiError, call, type Result } from '../../api/client.ts'
import { useCursorList } from '../../api/paging.ts'
import type { BulkBody, CaseListQuery } from '../../../../src/contracts/cases.schema.ts'
import {
  BulkLimits, bulkCases, caseChannels, caseKinds, casePriorities, caseStatuses, escalationBodies, listCases,
} from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { can } from '../../auth/session.tsx'
import { ErrorState, PageHeader } from '../../components/Common.tsx'
import { ClockBadge } from './ClockBadge.tsx'
import { PriorityTag, StatusTag } from './tags.tsx'
import { RiskTag } from './Insights.tsx'
import { findCaseByNumber, isGrantee, useQueues, useStaff } from './api.ts'
import { CasesTabs } from './CasesTabs.tsx'
import { useProductLineOptions, useTermLabel } from './terms.ts'

type Summary = Result<typeof listCases>['items'][number]
/** The most cases one bulk run takes from "all matching the filters"; the CLI (tianping cases bulk) has no cap. */
const SELECT_ALL_MAX = 2000

type BulkKind = 'assign' | 'priority' | 'tag' | 'link' | 'close_duplicate' | 'triage' | 'escalate'

const splitTags = (s?: string) => (s ?? '').split(/[,，\s]+/).map((x) => x.trim()).filter(Boolean)
function pick(v: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => v[k]).map((k) => [k, v[k]!]))
}

const FILTERS = ['status', 'kind', 'channel', 'queueId', 'assigneeId', 'priority', 'category', 'sla', 'q', 'sort'] as const

export function CasesInbox() {
  const { t, td, errorText, formatTime } = useI18n()
  const { message } = AntApp.useApp()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [params, setParams] = useSearchParams()
  const queues = useQueues()
  const categoryLabel = useTermLabel('category')
  const productLineLabel = useTermLabel('product_line', 'case.productLine')
  const productLineOptions = useProductLineOptions()
  const staff = useStaff()
  // A regulator or police user sees only granted cases, redacted: no queues, assignees or bulk work.
  const grantee = isGrantee(staff.me)
  const [selected, setSelected] = useState<string[]>([])
  const [bulk, setBulk] = useState<BulkKind | null>(null)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [failures, setFailures] = useState<{ number: string; error: string }[] | null>(null)
  // Cases selected beyond the loaded rows ("all matching the filters"): id → number, for the failure list.
  const [beyond, setBeyond] = useState<Map<string, string>>(new Map())
  const [selectingAll, setSelectingAll] = useState(false)
  const clearSelection = () => {
    setSelected([])
    setBeyond(new Map())
  }
  const [form] = Form.useForm()

  const filters = useMemo(() => {
    const f: Record<string, string> = {}
    for (const k of FILTERS) {
      const v = params.get(k)
      if (v) f[k] = v
    }
    return f
  }, [params])
  const query = { limit: 50, sort: 'due', ...filters } as z.input<typeof CaseListQuery>

  const { list, rows } = useCursorList(['cases', 'list', query], (cursor) =>
    call(listCases, { query: { ...query, cursor } }),
  )
  const byId = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows])
  const now = list.dataUpdatedAt || Date.now()

  function setFilter(key: (typeof FILTERS)[number], value: string | undefined | null) {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: true })
    clearSelection()
  }

  const queueName = (id: string | null) => (id ? (queues.data?.items.find((q) => q.id === id)?.name ?? id.slice(0, 8)) : '—')
  const assigneeName = (id: string | null) => {
    if (!id) return <Typography.Text type="secondary">{t('cases.assignee.unassigned')}</Typography.Text>
    if (id === staff.me?.id) return t('cases.assignee.me')
    return staff.byId.get(id)?.displayName ?? id.slice(0, 8)
  }

  const columns: ColumnsType<Summary> = [
    {
      title: t('cases.col.clock'), key: 'clock', width: 160,
      render: (_, r) => <ClockBadge state={r.slaState} dueAt={r.slaDueAt} now={now} />,
    },
    {
      title: t('cases.col.number'), dataIndex: 'number', width: 140,
      render: (n: string, r) => <Link to={`/cases/${r.id}`} data-testid="case-link">{n}</Link>,
    },
    { title: t('cases.col.status'), dataIndex: 'status', width: 96, render: (s: string) => <StatusTag status={s} /> },
    {
      title: t('cases.col.priority'), key: 'priority', width: 72,
      render: (_, r) => <Flex vertical gap={2} align="flex-start"><PriorityTag priority={r.priority} />{r.riskLevel && <RiskTag level={r.riskLevel} />}</Flex>,
    },
    {
      title: t('cases.col.kind'), key: 'kind', width: 100,
      render: (_, r) => (
        <Flex vertical>
          <span>{td(`case.kind.${r.kind}`, r.kind)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{td(`case.channel.${r.channel}`, r.channel)}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('cases.col.subject'), key: 'subject', ellipsis: true, width: 200,
      render: (_, r) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text ellipsis>{r.subject.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis data-testid="case-classification">
            {[r.category && categoryLabel(r.category), r.productLine && productLineLabel(r.productLine)].filter(Boolean).join(' · ') || '—'}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('cases.col.complainant'), dataIndex: 'complainantName', width: 80,
      render: (n: string | null, r) => (r.anonymous ? <Typography.Text type="secondary">{t('cases.anonymous')}</Typography.Text> : (n ?? '—')),
    },
    ...(grantee ? [] : [{
      title: t('cases.col.assignee'), key: 'assignee', width: 140, ellipsis: true,
      render: (_: unknown, r: Summary) => (
        <Flex vertical>
          <span>{assigneeName(r.assigneeId)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{queueName(r.queueId)}</Typography.Text>
        </Flex>
      ),
    }]),
    { title: t('cases.col.received'), dataIndex: 'receivedAt', width: 100, render: (v: string) => formatTime(v, 'MM-DD HH:mm') },
  ]

  /** Every case matching the filters (not only the loaded rows), up to SELECT_ALL_MAX, paged through the list endpoint. */
  async function selectAllMatching() {
    setSelectingAll(true)
    try {
      const found = new Map<string, string>()
      let cursor: string | undefined
      do {
        const page = await call(listCases, { query: { ...query, limit: 200, cursor } })
        for (const c of page.items) found.set(c.id, c.number)
        cursor = page.nextCursor ?? undefined
      } while (cursor && found.size < SELECT_ALL_MAX)
      const ids = [...found.keys()].slice(0, SELECT_ALL_MAX)
      setBeyond(new Map(ids.filter((id) => !byId.has(id)).map((id) => [id, found.get(id)!])))
      setSelected(ids)
    } catch (e) {
      message.error(errorText(e))
    } finally {
      setSelectingAll(false)
    }
  }

  async function runBulk(values: Record<string, string | undefined>) {
    if (!bulk) return
    const kind = bulk
    const ids = selected.filter((id) => byId.has(id) || beyond.has(id))
    const v = Object.fromEntries(Object.entries(values).filter(([, x]) => x)) as Record<string, string>
    setBulk(null)
    setProgress({ done: 0, total: ids.length })
    try {
      let op: z.input<typeof BulkBody>['op']
      switch (kind) {
        case 'assign':
          op = { type: 'assign', assigneeId: v.assigneeId }
          break
        case 'priority':
          op = { type: 'priority', priority: v.priority as (typeof casePriorities)[number] }
          break
        case 'tag':
          op = { type: 'tag', add: splitTags(v.add), remove: splitTags(v.remove) }
          break
        case 'link':
          // The original is named by its number; the list endpoint finds its id.
          op = { type: 'link', to: (await findCaseByNumber(v.to ?? '')).id }
          break
        case 'close_duplicate':
          op = { type: 'action', action: 'close_duplicate', body: { duplicateOf: (await findCaseByNumber(v.to ?? '')).id, ...pick(v, ['note']) } }
          break
        case 'triage':
          op = { type: 'action', action: 'triage', body: pick(v, ['category', 'priority', 'productLine', 'queueId', 'note']) }
          break
        case 'escalate':
          op = { type: 'action', action: 'escalate', body: pick(v, ['body', 'reference', 'note']) }
          break
      }
      // Requests of up to BulkLimits.idsMax: the server applies the operation case by case and reports each
      // failure with its code; the progress bar moves per request.
      const results: Result<typeof bulkCases>['results'] = []
      for (let i = 0; i < ids.length; i += BulkLimits.idsMax) {
        const r = await call(bulkCases, { body: { ids: ids.slice(i, i + BulkLimits.idsMax), op } })
        results.push(...r.results)
        setProgress({ done: Math.min(i + BulkLimits.idsMax, ids.length), total: ids.length })
      }
      const failed = results
        .filter((x) => !x.ok)
        .map((x) => ({ number: byId.get(x.id)?.number ?? beyond.get(x.id) ?? x.id, error: errorText(new ApiError(409, x.error?.code ?? 'internal', x.error?.message ?? '')) }))
      const ok = results.length - failed.length
      if (failed.length) {
        setFailures(failed)
        message.warning(t('cases.bulk.done', { ok, failed: failed.length }))
      } else {
        message.success(t('cases.bulk.done', { ok, failed: 0 }))
      }
      setSelected([])
      setBeyond(new Map())
    } catch (e) {
      message.error(errorText(e))
    } finally {
      setProgress(null)
      await qc.invalidateQueries({ queryKey: ['cases'] })
    }
  }

  const enumOptions = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: td(`${prefix}.${v}`, v) }))
  const handlerOptions = [
    ...(staff.me ? [{ value: staff.me.id, label: `${t('cases.assignee.me')} (${staff.me.displayName})` }] : []),
    ...staff.handlers.filter((u) => u.id !== staff.me?.id).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
  ]

  return (
    <div data-testid="cases-inbox">
      <PageHeader
        title={t('cases.title')}
        description={t('cases.desc')}
        extra={can(staff.me, 'cases:create') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/cases/new')} data-testid="cases-new">{t('cases.new')}</Button>
        )}
      />
      <CasesTabs active="inbox" />
      {grantee && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('grants.granteeNotice')} data-testid="grantee-notice" />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Flex gap={8} wrap>
          <Input.Search
            allowClear placeholder={t('cases.filter.q')} defaultValue={filters.q} style={{ width: 240 }}
            onSearch={(v) => setFilter('q', v.trim())} data-testid="cases-search"
          />
          <Select allowClear placeholder={t('cases.filter.status')} value={filters.status} style={{ width: 120 }}
            options={enumOptions(caseStatuses, 'case.status')} onChange={(v?: string) => setFilter('status', v)} data-testid="filter-status" />
          <Select allowClear placeholder={t('cases.filter.kind')} value={filters.kind} style={{ width: 120 }}
            options={enumOptions(caseKinds, 'case.kind')} onChange={(v?: string) => setFilter('kind', v)} />
          <Select allowClear placeholder={t('cases.filter.channel')} value={filters.channel} style={{ width: 110 }}
            options={enumOptions(caseChannels, 'case.channel')} onChange={(v?: string) => setFilter('channel', v)} />
          {!grantee && (
            <>
              <Select allowClear placeholder={t('cases.filter.queue')} value={filters.queueId} style={{ width: 130 }}
                options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))} onChange={(v?: string) => setFilter('queueId', v)} />
              <Select allowClear placeholder={t('cases.filter.assignee')} value={filters.assigneeId} style={{ width: 150 }}
                options={[
                  { value: 'me', label: t('cases.filter.assigneeMe') },
                  { value: 'none', label: t('cases.filter.assigneeNone') },
                  ...staff.handlers.map((u) => ({ value: u.id, label: u.displayName })),
                ]}
                onChange={(v?: string) => setFilter('assigneeId', v)} data-testid="filter-assignee" />
            </>
          )}
          <Select allowClear placeholder={t('cases.filter.priority')} value={filters.priority} style={{ width: 100 }}
            options={enumOptions(casePriorities, 'case.priority')} onChange={(v?: string) => setFilter('priority', v)} />
          <Input allowClear placeholder={t('cases.filter.category')} defaultValue={filters.category} style={{ width: 130 }}
            onPressEnter={(e) => setFilter('category', e.currentTarget.value.trim())}
            onChange={(e) => { if (!e.target.value) setFilter('category', null) }} />
          <Select allowClear placeholder={t('cases.filter.sla')} value={filters.sla} style={{ width: 140 }}
            options={[{ value: 'breached', label: t('cases.filter.breached') }, { value: 'due_soon', label: t('cases.filter.dueSoon') }]}
            onChange={(v?: string) => setFilter('sla', v)} data-testid="filter-sla" />
          <Select value={filters.sort ?? 'due'} style={{ width: 170 }}
            options={(['due', 'priority', '-received', 'received'] as const).map((s) => ({ value: s, label: t(`cases.sort.${s}`) }))}
            onChange={(v: string) => setFilter('sort', v === 'due' ? null : v)} />
          <Button onClick={() => { setParams(new URLSearchParams(), { replace: true }); clearSelection() }}>{t('common.reset')}</Button>
        </Flex>
      </Card>

      {selected.length > 0 && (
        // Bulk work needs cases:handle (the endpoint's permission): analysts and auditors read, they do not select.
        <Alert
          type="info" showIcon style={{ marginBottom: 12 }} data-testid="bulk-bar"
          title={
            <Flex gap={8} align="center" wrap>
              <span>{t('cases.selected', { n: selected.length })}</span>
              {list.hasNextPage && selected.length >= rows.length && beyond.size === 0 && (
                <Button size="small" type="link" loading={selectingAll} onClick={() => void selectAllMatching()} data-testid="bulk-select-all">
                  {t('cases.bulk.selectAll', { max: SELECT_ALL_MAX })}
                </Button>
              )}
              {can(staff.me, 'cases:assign') && <Button size="small" onClick={() => setBulk('assign')} data-testid="bulk-assign">{t('cases.bulk.assign')}</Button>}
              <Button size="small" onClick={() => setBulk('priority')} data-testid="bulk-priority">{t('cases.bulk.priority')}</Button>
              <Button size="small" onClick={() => setBulk('tag')}>{t('cases.bulk.tag')}</Button>
              <Button size="small" onClick={() => setBulk('link')}>{t('cases.bulk.link')}</Button>
              {can(staff.me, 'cases:resolve') && <Button size="small" onClick={() => setBulk('close_duplicate')} data-testid="bulk-close-duplicate">{t('cases.bulk.close_duplicate')}</Button>}
              <Button size="small" onClick={() => setBulk('triage')}>{t('cases.bulk.triage')}</Button>
              <Button size="small" onClick={() => setBulk('escalate')}>{t('cases.bulk.escalate')}</Button>
              <Button size="small" type="link" onClick={clearSelection}>{t('common.cancel')}</Button>
            </Flex>
          }
        />
      )}
      {progress && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('cases.bulk.progress', progress)} data-testid="bulk-progress" />}
      {failures && (
        <Alert
          type="warning" showIcon closable onClose={() => setFailures(null)} style={{ marginBottom: 12 }} data-testid="bulk-failures"
          title={t('cases.bulk.failures')}
          description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{failures.map((f) => <li key={f.number}>{f.number}: {f.error}</li>)}</ul>}
        />
      )}

      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Summary>
          data-testid="cases-table"
          rowKey="id" size="middle" columns={columns} dataSource={rows} loading={list.isLoading} pagination={false}
          rowSelection={grantee || !can(staff.me, 'cases:handle') ? undefined : { selectedRowKeys: selected, onChange: (keys) => { setSelected(keys as string[]); setBeyond(new Map()) } }}
          locale={{ emptyText: t('cases.empty') }}
          onRow={(r) => ({ 'data-case-number': r.number }) as React.HTMLAttributes<HTMLTableRowElement>}
          scroll={{ x: 1120 }}
        />
      )}
      <Flex justify="center" gap={12} align="center" style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">{t('cases.count', { n: rows.length })}</Typography.Text>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="cases-load-more">{t('common.loadMore')}</Button>
        ) : rows.length > 0 ? (
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        ) : null}
      </Flex>

      <Modal
        open={bulk !== null} destroyOnHidden
        title={bulk ? `${t(`cases.bulk.${bulk}`)} · ${t('cases.selected', { n: selected.length })}` : ''}
        onCancel={() => setBulk(null)} onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'bulk-ok' } as Record<string, string>}
      >
                <Form form={form} layout="vertical" preserve={false} onFinish={(v: Record<string, string | undefined>) => void runBulk(v)}>
          {bulk === 'assign' && (
            <Form.Item name="assigneeId" label={t('case.action.assignee')}>
              <Select allowClear placeholder={t('cases.assignee.auto')} options={handlerOptions} />
            </Form.Item>
          )}
          {bulk === 'priority' && (
            <Form.Item name="priority" label={t('case.action.priority')} rules={[{ required: true, message: t('intake.required') }]}>
              <Select options={enumOptions(casePriorities, 'case.priority')} />
            </Form.Item>
          )}
          {bulk === 'tag' && (
            <>
              <Form.Item name="add" label={t('cases.bulk.tagAdd')}><Input placeholder={t('cases.bulk.tagHint')} /></Form.Item>
              <Form.Item name="remove" label={t('cases.bulk.tagRemove')}><Input placeholder={t('cases.bulk.tagHint')} /></Form.Item>
            </>
          )}
          {(bulk === 'link' || bulk === 'close_duplicate') && (
            <>
              {bulk === 'close_duplicate' && <Typography.Paragraph type="secondary">{t('case.action.closeDuplicateHint')}</Typography.Paragraph>}
              <Form.Item name="to" label={t('cases.bulk.linkTo')} rules={[{ required: true, message: t('intake.required') }]}>
                <Input placeholder="TP-2026-000001" data-testid="bulk-original" />
              </Form.Item>
              {bulk === 'close_duplicate' && <Form.Item name="note" label={t('case.action.note')}><Input.TextArea rows={2} maxLength={5000} /></Form.Item>}
            </>
          )}
          {bulk === 'triage' && (
            <>
              <Form.Item name="priority" label={t('case.action.priority')}><Select allowClear options={enumOptions(casePriorities, 'case.priority')} /></Form.Item>
              <Form.Item name="category" label={t('case.action.category')}><Input maxLength={100} /></Form.Item>
              <Form.Item name="productLine" label={t('case.action.productLine')}><Select allowClear showSearch={{ optionFilterProp: 'label' }} options={productLineOptions} /></Form.Item>
              <Form.Item name="queueId" label={t('case.action.queue')}>
                <Select allowClear options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))} />
              </Form.Item>
            </>
          )}
          {bulk === 'escalate' && (
            <>
              <Form.Item name="body" label={t('case.escalate.body')} rules={[{ required: true, message: t('intake.required') }]}>
                <Select options={enumOptions(escalationBodies, 'case.body')} />
              </Form.Item>
              <Form.Item name="reference" label={t('case.escalate.reference')}><Input maxLength={200} /></Form.Item>
            </>
          )}
          {(bulk === 'triage' || bulk === 'escalate') && (
            <Form.Item name="note" label={t('case.action.note')}><Input.TextArea rows={2} maxLength={5000} /></Form.Item>
          )}
        </Form>
      </Modal>
    </div>
  )
}
