// Keywords (关键词治理): pick a lexicon; edit its terms (search, filter, add, edit, delete, bulk import,
// export) with per-term hit counts; try a text and see hits highlighted in place with the term, category
// and the evasions seen through; review false-positive reports.
import { useMemo, useRef, useState } from 'react'
import {
  Alert, Button, Card, Checkbox, Empty, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Table, Tabs, Tag, Tooltip,
  Typography, Upload, App as AntApp,
} from 'antd'
import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, StarFilled, UploadOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, call, newIdempotencyKey, type Result } from '../../api/client.ts'
import { useCursorList } from '../../api/paging.ts'
import {
  acceptFeedback, addTerm, createLexicon, deleteLexicon, deleteTerm, importTerms, keywordActions, keywordSeverities, keywordStats,
  lexiconScopes, listFeedback, listLexicons, listTerms, rejectFeedback, scan, separatorPolicies, submitFeedback, termScopes, updateLexicon,
  updateTerm,
} from '../../../../src/contracts/keywords.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { can, useSession } from '../../auth/session.tsx'
import { ErrorAlert, ErrorState, Loading, PageHeader, MutationModal } from '../../components/Common.tsx'
import { runs } from './highlight.ts'

type Lexicon = Result<typeof listLexicons>['items'][number]
type Term = Result<typeof listTerms>['items'][number]
type Hit = NonNullable<Result<typeof scan>['hits']>[number]
type Feedback = Result<typeof listFeedback>['items'][number]
type Severity = (typeof keywordSeverities)[number]
type Action = (typeof keywordActions)[number]

const KW_KEY = ['keywords'] as const
const severityColor: Record<Severity, string> = { low: 'default', medium: 'gold', high: 'orange', critical: 'red' }
const actionColor: Record<Action, string> = { block: 'red', review: 'orange', flag: 'blue' }
const knownCategories = ['counterfeit', 'off_platform', 'fake_invoice', 'order_brushing', 'gambling', 'fraud', 'prohibited', 'abuse']

function useCategoryLabel() {
  const { td } = useI18n()
  return (c: string) => td(`kw.category.${c}`, c)
}

// ---- lexicon create
function CreateLexiconModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (l: Lexicon) => void }) {
  const { t } = useI18n()
  const [form] = Form.useForm<{ name: string; description?: string; scope: (typeof lexiconScopes)[number]; isDefault: boolean }>()
  const key = useRef(newIdempotencyKey())
  const m = useMutation({
    mutationFn: (v: { name: string; description?: string; scope: (typeof lexiconScopes)[number]; isDefault: boolean }) =>
      call(createLexicon, { body: { name: v.name.trim(), scope: v.scope, isDefault: v.isDefault, ...(v.description?.trim() ? { description: v.description.trim() } : {}) } }, { idempotencyKey: key.current }),
    onSuccess: (l) => {
      key.current = newIdempotencyKey()
      form.resetFields()
      onCreated(l)
    },
  })
  return (
    <Modal open={open} title={t('kw.lexicon.create')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.create')} confirmLoading={m.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ scope: 'any', isDefault: false }} onFinish={(v) => m.mutate(v)}>
        <ErrorAlert error={m.error} />
        <Form.Item name="name" label={t('kw.lexicon.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="lexicon-name" />
        </Form.Item>
        <Form.Item name="description" label={t('kw.lexicon.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="scope" label={t('kw.lexicon.scope')} extra={t('kw.lexicon.scopeHint')}>
          <Radio.Group options={lexiconScopes.map((s) => ({ value: s, label: t(`kw.scope.${s}`) }))} />
        </Form.Item>
        <Form.Item name="isDefault" valuePropName="checked">
          <Checkbox>{t('kw.lexicon.makeDefault')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  )
}

// ---- term editor
interface TermValues {
  term: string
  category: string
  severity: Severity
  action: Action
  allow: boolean
  note?: string
  pinyin: boolean
  variants: string[]
  separators?: (typeof separatorPolicies)[number]
  maxGap?: number | null
  scope?: (typeof termScopes)[number]
}

function TermModal({ lexiconId, term, open, onClose }: { lexiconId: string; term: Term | null; open: boolean; onClose: () => void }) {
  const { t } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const categoryLabel = useCategoryLabel()
  const [form] = Form.useForm<TermValues>()
  const key = useRef(newIdempotencyKey())
  const m = useMutation({
    mutationFn: (v: TermValues) => {
      const options = {
        ...(v.pinyin ? { pinyin: true } : {}),
        ...(v.variants.length ? { variants: v.variants } : {}),
        ...(v.separators ? { separators: v.separators } : {}),
        ...(typeof v.maxGap === 'number' ? { maxGap: v.maxGap } : {}),
        ...(v.scope ? { scope: v.scope } : {}),
      }
      const body = { term: v.term.trim(), category: v.category.trim(), severity: v.severity, action: v.action, allow: v.allow, options }
      return term
        ? call(updateTerm, { params: { id: lexiconId, termId: term.id }, body: { ...body, note: v.note?.trim() ? v.note.trim() : null } })
        : call(addTerm, { params: { id: lexiconId }, body: { ...body, ...(v.note?.trim() ? { note: v.note.trim() } : {}) } }, { idempotencyKey: key.current })
    },
    onSuccess: () => {
      key.current = newIdempotencyKey()
      void message.success(t('common.saved'))
      void qc.invalidateQueries({ queryKey: KW_KEY })
      onClose()
    },
  })
  const initial: TermValues = term
    ? {
        term: term.term, category: term.category, severity: term.severity, action: term.action, allow: term.allow, note: term.note ?? '',
        pinyin: term.options.pinyin ?? false, variants: term.options.variants ?? [], separators: term.options.separators,
        maxGap: term.options.maxGap ?? null, scope: term.options.scope,
      }
    : { term: '', category: 'uncategorized', severity: 'medium', action: 'review', allow: false, pinyin: false, variants: [] }
  return (
    <MutationModal
      mutation={m}
      onClose={onClose}
      open={open}
      title={term ? t('kw.term.edit') : t('kw.term.add')}
      onOk={() => form.submit()}
      okText={t('common.save')}
      width={640}
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(v) => m.mutate(v)} data-testid="term-form">
        <ErrorAlert error={m.error} />
        <Flex gap={12}>
          <Form.Item name="term" label={t('kw.term.term')} style={{ flex: 2 }} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="term-input" />
          </Form.Item>
          <Form.Item name="category" label={t('kw.term.category')} style={{ flex: 2 }} rules={[{ required: true, whitespace: true, max: 64 }]}>
            <Select showSearch mode={undefined} options={knownCategories.map((c) => ({ value: c, label: `${categoryLabel(c)} (${c})` }))} />
          </Form.Item>
        </Flex>
        <Flex gap={12} align="end">
          <Form.Item name="severity" label={t('kw.term.severity')} style={{ flex: 1 }}>
            <Select options={keywordSeverities.map((s) => ({ value: s, label: t(`kw.severity.${s}`) }))} />
          </Form.Item>
          <Form.Item name="action" label={t('kw.term.action')} style={{ flex: 1 }}>
            <Select options={keywordActions.map((a) => ({ value: a, label: t(`kw.action.${a}`) }))} />
          </Form.Item>
          <Form.Item name="allow" label={t('kw.term.allow')} valuePropName="checked" tooltip={t('kw.term.allowHint')}>
            <Switch />
          </Form.Item>
        </Flex>
        <Card size="small" title={t('kw.term.options')} style={{ marginBottom: 16 }}>
          <Flex gap={12} wrap>
            <Form.Item name="pinyin" label={t('kw.opt.pinyin')} valuePropName="checked" tooltip={t('kw.opt.pinyinHint')}>
              <Switch />
            </Form.Item>
            <Form.Item name="separators" label={t('kw.opt.separators')} style={{ width: 160 }}>
              <Select allowClear placeholder="auto" options={separatorPolicies.map((s) => ({ value: s, label: t(`kw.sep.${s}`) }))} />
            </Form.Item>
            <Form.Item name="maxGap" label={t('kw.opt.maxGap')} style={{ width: 110 }}>
              <InputNumber min={0} max={16} placeholder="3" />
            </Form.Item>
            <Form.Item name="scope" label={t('kw.opt.scope')} style={{ width: 140 }}>
              <Select allowClear placeholder={t('kw.termScope.all')} options={termScopes.map((s) => ({ value: s, label: t(`kw.termScope.${s}`) }))} />
            </Form.Item>
          </Flex>
          <Form.Item name="variants" label={t('kw.opt.variants')} extra={t('kw.opt.variantsHint')} style={{ marginBottom: 0 }}>
            <Select mode="tags" tokenSeparators={['|', ',', '，']} open={false} />
          </Form.Item>
        </Card>
        <Form.Item name="note" label={t('kw.term.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </MutationModal>
  )
}

// ---- import
function ImportModal({ lexiconId, open, onClose }: { lexiconId: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [format, setFormat] = useState<'txt' | 'csv'>('txt')
  const [mode, setMode] = useState<'merge' | 'replace'>('merge')
  const [content, setContent] = useState('')
  const m = useMutation({
    mutationFn: () => call(importTerms, { params: { id: lexiconId }, body: { format, content, mode } }),
    onSuccess: (r) => {
      void message.success(t('kw.import.done', { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, deleted: r.deleted }))
      void qc.invalidateQueries({ queryKey: KW_KEY })
      setContent('')
      onClose()
    },
  })
  const lineErrors =
    m.error instanceof ApiError && m.error.code === 'keywords.import_invalid'
      ? ((m.error.details as { errors?: { line: number; message: string }[]; total?: number } | undefined) ?? {})
      : null
  return (
    <MutationModal
      mutation={m}
      onClose={onClose}
      open={open}
      title={t('kw.import.title')}
      onOk={() => m.mutate()}
      okText={t('kw.import.submit')}
      okButtonProps={{ disabled: !content.trim(), danger: mode === 'replace' }}
      width={720}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('kw.import.hint')}</Typography.Text>
        <Flex gap={16} wrap align="center">
          <Radio.Group value={format} onChange={(e) => setFormat(e.target.value as 'txt' | 'csv')} optionType="button" options={[{ value: 'txt', label: 'TERMS.txt' }, { value: 'csv', label: 'CSV' }]} />
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'merge' | 'replace')} options={[{ value: 'merge', label: t('kw.import.merge') }, { value: 'replace', label: t('kw.import.replace') }]} />
          <Upload
            accept=".txt,.csv,text/plain,text/csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => {
                setContent(text)
                if (file.name.toLowerCase().endsWith('.csv')) setFormat('csv')
              })
              return false
            }}
          >
            <Button icon={<UploadOutlined />}>{t('kw.import.file')}</Button>
          </Upload>
        </Flex>
        <Input.TextArea
          rows={12}
          value={content}
          onChange={(e) => setContent(e.target.value)}
          placeholder={format === 'txt' ? '刷单\torder_brushing\thigh\tblock\tvariants=唰单\n不是假货\tcounterfeit\tlow\tallow' : 'term,category,severity,action,options,note\n刷单,order_brushing,high,block,variants=唰单,'}
          style={{ fontFamily: 'monospace' }}
          data-testid="import-content"
        />
        {lineErrors ? (
          <Alert
            type="error"
            showIcon
            message={t('kw.import.rejected', { count: lineErrors.total ?? lineErrors.errors?.length ?? 0 })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 180, overflow: 'auto' }}>
                {(lineErrors.errors ?? []).map((e) => (
                  <li key={`${e.line}:${e.message}`}>{t('kw.import.line', { line: e.line, message: e.message })}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <ErrorAlert error={m.error} />
        )}
      </Flex>
    </MutationModal>
  )
}

// ---- terms tab
function TermsTab({ lexicon }: { lexicon: Lexicon }) {
  const { t, errorText } = useI18n()
  const { me } = useSession()
  const qc = useQueryClient()
  const { message, modal } = AntApp.useApp()
  const categoryLabel = useCategoryLabel()
  const manage = can(me, 'keywords:manage')
  const [q, setQ] = useState('')
  const [category, setCategory] = useState<string | undefined>()
  const [severity, setSeverity] = useState<Severity | undefined>()
  const [kind, setKind] = useState<'terms' | 'allow' | undefined>()
  const [editing, setEditing] = useState<Term | null | 'new'>(null)
  const [importing, setImporting] = useState(false)

  const { list, rows } = useCursorList([...KW_KEY, 'terms', lexicon.id, { q, category, severity, kind }], (cursor) =>
    call(listTerms, {
        params: { id: lexicon.id },
        query: { q: q || undefined, category, severity, allow: kind === undefined ? undefined : kind === 'allow' ? 'true' : 'false', cursor, limit: 100 },
      }),
  )
  const stats = useQuery({
    queryKey: [...KW_KEY, 'stats', lexicon.id],
    queryFn: () => call(keywordStats, { query: { lexiconId: lexicon.id, limit: 1000 } }),
  })
  const hitsOf = useMemo(() => new Map((stats.data?.items ?? []).map((s) => [s.termId, s])), [stats.data])

  const del = useMutation({
    mutationFn: (term: Term) => call(deleteTerm, { params: { id: lexicon.id, termId: term.id } }),
    onSuccess: () => {
      void message.success(t('kw.term.deleted'))
      void qc.invalidateQueries({ queryKey: KW_KEY })
    },
    onError: (e) => void message.error(errorText(e)),
  })
  const exportUrl = (format: 'txt' | 'csv') => `/api/v1/keywords/lexicons/${encodeURIComponent(lexicon.id)}/export?format=${format}`

  return (
    <>
      <Flex gap={12} wrap justify="space-between" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap>
          <Input.Search allowClear placeholder={t('kw.term.search')} onSearch={(v) => setQ(v.trim())} style={{ width: 240 }} data-testid="term-search" />
          <Select allowClear placeholder={t('kw.term.category')} value={category} onChange={setCategory} style={{ width: 160 }} options={knownCategories.map((c) => ({ value: c, label: categoryLabel(c) }))} />
          <Select allowClear placeholder={t('kw.term.severity')} value={severity} onChange={setSeverity} style={{ width: 120 }} options={keywordSeverities.map((s) => ({ value: s, label: t(`kw.severity.${s}`) }))} />
          <Select allowClear placeholder={t('kw.term.kind')} value={kind} onChange={setKind} style={{ width: 130 }} options={[{ value: 'terms', label: t('kw.term.kindTerms') }, { value: 'allow', label: t('kw.term.kindAllow') }]} />
        </Flex>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={exportUrl('txt')} download>
            {t('kw.export.txt')}
          </Button>
          <Button icon={<DownloadOutlined />} href={exportUrl('csv')} download>
            {t('kw.export.csv')}
          </Button>
          {manage && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-open">
                {t('kw.import.title')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="term-add">
                {t('kw.term.add')}
              </Button>
            </>
          )}
        </Space>
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<Term>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 980 }}
            locale={{ emptyText: <Empty description={t('kw.term.empty')} /> }}
            data-testid="terms-table"
            columns={[
              {
                title: t('kw.term.term'),
                dataIndex: 'term',
                width: 200,
                fixed: 'left',
                render: (v: string, r) => (
                  <Space size={4}>
                    <Typography.Text strong>{v}</Typography.Text>
                    {r.allow && <Tag color="green">{t('kw.term.kindAllow')}</Tag>}
                  </Space>
                ),
              },
              { title: t('kw.term.category'), dataIndex: 'category', width: 130, render: (c: string) => categoryLabel(c) },
              { title: t('kw.term.severity'), dataIndex: 'severity', width: 90, render: (s: Severity) => <Tag color={severityColor[s]}>{t(`kw.severity.${s}`)}</Tag> },
              {
                title: t('kw.term.action'),
                dataIndex: 'action',
                width: 90,
                render: (a: Action, r) => (r.allow ? '—' : <Tag color={actionColor[a]}>{t(`kw.action.${a}`)}</Tag>),
              },
              {
                title: t('kw.term.options'),
                key: 'options',
                minWidth: 200,
                render: (_, r) => (
                  <Flex gap={4} wrap>
                    {r.options.pinyin && <Tag>{t('kw.opt.pinyin')}</Tag>}
                    {r.options.variants?.map((v) => <Tag key={v}>{v}</Tag>)}
                    {r.options.separators && <Tag>{t(`kw.sep.${r.options.separators}`)}</Tag>}
                    {r.options.scope && r.options.scope !== 'all' && <Tag color="purple">{t(`kw.termScope.${r.options.scope}`)}</Tag>}
                  </Flex>
                ),
              },
              {
                title: t('kw.term.hits'),
                key: 'hits',
                width: 100,
                align: 'right',
                render: (_, r) => {
                  const s = hitsOf.get(r.id)
                  return s ? (
                    <Tooltip title={t('kw.term.lastHit', { day: s.lastDay })}>
                      <span data-testid={`hits-${r.term}`}>{s.hits.toLocaleString()}</span>
                    </Tooltip>
                  ) : (
                    <Typography.Text type="secondary">0</Typography.Text>
                  )
                },
              },
              { title: t('kw.term.note'), dataIndex: 'note', ellipsis: true, width: 160, render: (v: string | null) => v ?? '' },
              ...(manage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 96,
                      fixed: 'right' as const,
                      render: (_: unknown, r: Term) => (
                        <Space size={0}>
                          <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('kw.term.edit')} onClick={() => setEditing(r)} />
                          <Button
                            type="text"
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t('kw.term.delete')}
                            onClick={() =>
                              modal.confirm({
                                title: t('kw.term.deleteConfirm', { term: r.term }),
                                okButtonProps: { danger: true },
                                okText: t('common.confirm'),
                                cancelText: t('common.cancel'),
                                onOk: () => del.mutateAsync(r),
                              })
                            }
                          />
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {list.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 12 }}>
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </Flex>
          )}
        </>
      )}
      <TermModal lexiconId={lexicon.id} term={editing === 'new' ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <ImportModal lexiconId={lexicon.id} open={importing} onClose={() => setImporting(false)} />
    </>
  )
}

// ---- try it
function HitTooltip({ hits }: { hits: Hit[] }) {
  const { t, td } = useI18n()
  const categoryLabel = useCategoryLabel()
  return (
    <Flex vertical gap={6}>
      {hits.map((h) => (
        <div key={`${h.term}:${h.start}:${h.end}`}>
          <div>
            <strong>{h.term}</strong> · {categoryLabel(h.category)} · {t(`kw.severity.${h.severity}`)} · {t(`kw.action.${h.action}`)}
          </div>
          <div>
            {t('kw.try.matched')}: 「{h.matched}」
            {h.variant.length > 0 && <> · {t('kw.try.seenThrough')}: {h.variant.map((v) => td(`kw.variant.${v}`, v)).join('、')}</>}
          </div>
        </div>
      ))}
    </Flex>
  )
}

function TryTab({ lexicon }: { lexicon: Lexicon }) {
  const { t, td, errorText } = useI18n()
  const { me } = useSession()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const categoryLabel = useCategoryLabel()
  const [text, setText] = useState('')
  const [scanned, setScanned] = useState('')
  const [exact, setExact] = useState(false)
  const m = useMutation({
    mutationFn: (v: { text: string; exact: boolean }) => call(scan, { body: { text: v.text, lexiconId: lexicon.id, exact: v.exact } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [...KW_KEY, 'stats'] }),
  })
  const fb = useMutation({
    mutationFn: (h: Hit) => call(submitFeedback, { body: { lexiconId: lexicon.id, term: h.term, text: scanned, start: h.start, end: h.end } }),
    onSuccess: (r) => {
      void message.success(t('kw.feedback.sent', { term: r.proposedTerm }))
      void qc.invalidateQueries({ queryKey: [...KW_KEY, 'feedback'] })
    },
    onError: (e) => void message.error(errorText(e)),
  })
  const hits = m.data?.hits ?? []
  const pieces = runs(scanned, hits)
  return (
    <Flex vertical gap={16}>
      <Input.TextArea rows={5} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('kw.try.placeholder')} maxLength={100_000} data-testid="try-text" />
      <Flex gap={12} align="center">
        <Button
          type="primary"
          disabled={!text}
          loading={m.isPending}
          onClick={() => {
            setScanned(text)
            m.mutate({ text, exact })
          }}
          data-testid="try-scan"
        >
          {t('kw.try.scan')}
        </Button>
        <Checkbox checked={exact} onChange={(e) => setExact(e.target.checked)}>
          {t('kw.try.exact')}
        </Checkbox>
        {m.data && (
          <Typography.Text type="secondary">
            {t('kw.try.summary', { count: hits.length, version: m.data.lexiconVersion })}
          </Typography.Text>
        )}
      </Flex>
      <ErrorAlert error={m.error} />
      {m.data && (
        <Card size="small" title={t('kw.try.result')}>
          <div style={{ whiteSpace: 'pre-wrap', lineHeight: 2, fontSize: 15 }} data-testid="try-result">
            {pieces.map((p) =>
              p.hits.length ? (
                <Tooltip key={p.start} title={<HitTooltip hits={p.hits} />}>
                  <mark
                    data-testid="hit-mark"
                    style={{
                      background: p.hits.some((h) => h.action === 'block') ? '#ffccc7' : p.hits.some((h) => h.action === 'review') ? '#ffe7ba' : '#d6e4ff',
                      padding: '0 1px',
                      borderRadius: 2,
                      borderBottom: p.hits.length > 1 ? '2px solid #cf1322' : undefined,
                    }}
                  >
                    {scanned.slice(p.start, p.end)}
                  </mark>
                </Tooltip>
              ) : (
                <span key={p.start}>{scanned.slice(p.start, p.end)}</span>
              ),
            )}
          </div>
          {hits.length > 0 && (
            <Table<Hit>
              style={{ marginTop: 12 }}
              size="small"
              rowKey={(h) => `${h.term}:${h.start}:${h.end}`}
              pagination={false}
              dataSource={hits}
              columns={[
                { title: t('kw.term.term'), dataIndex: 'term', render: (v: string) => <strong>{v}</strong> },
                { title: t('kw.try.matched'), dataIndex: 'matched', render: (v: string) => `「${v}」` },
                { title: t('kw.term.category'), dataIndex: 'category', render: (c: string) => categoryLabel(c) },
                { title: t('kw.term.action'), dataIndex: 'action', render: (a: Action) => <Tag color={actionColor[a]}>{t(`kw.action.${a}`)}</Tag> },
                {
                  title: t('kw.try.seenThrough'),
                  dataIndex: 'variant',
                  render: (v: string[]) => (v.length ? v.map((k) => <Tag key={k}>{td(`kw.variant.${k}`, k)}</Tag>) : <Typography.Text type="secondary">{t('kw.try.verbatim')}</Typography.Text>),
                },
                { title: t('kw.try.offsets'), key: 'at', render: (_, h) => `${h.start}–${h.end}` },
                ...(can(me, 'keywords:scan')
                  ? [
                      {
                        title: '',
                        key: 'fp',
                        render: (_: unknown, h: Hit) => (
                          <Button size="small" onClick={() => fb.mutate(h)} loading={fb.isPending && fb.variables === h}>
                            {t('kw.feedback.report')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </Card>
      )}
    </Flex>
  )
}

// ---- feedback tab
function FeedbackTab({ lexicon }: { lexicon: Lexicon }) {
  const { t, errorText, formatTime } = useI18n()
  const { me } = useSession()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const manage = can(me, 'keywords:manage')
  const [status, setStatus] = useState<'proposed' | 'accepted' | 'rejected' | undefined>('proposed')
  const list = useQuery({
    queryKey: [...KW_KEY, 'feedback', lexicon.id, status],
    queryFn: () => call(listFeedback, { query: { lexiconId: lexicon.id, status, limit: 200 } }),
  })
  const decide = useMutation({
    mutationFn: async (v: { f: Feedback; accept: boolean }): Promise<void> => {
      if (v.accept) await call(acceptFeedback, { params: { id: v.f.id }, body: {} })
      else await call(rejectFeedback, { params: { id: v.f.id }, body: {} })
    },
    onSuccess: () => {
      void message.success(t('common.saved'))
      void qc.invalidateQueries({ queryKey: KW_KEY })
    },
    onError: (e) => void message.error(errorText(e)),
  })
  return (
    <>
      <Flex style={{ marginBottom: 12 }}>
        <Select allowClear value={status} onChange={setStatus} style={{ width: 160 }} placeholder={t('common.status')} options={(['proposed', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: t(`kw.feedback.status.${s}`) }))} />
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Feedback>
          rowKey="id"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('kw.feedback.empty')} /> }}
          columns={[
            { title: t('kw.term.term'), dataIndex: 'term', width: 120 },
            { title: t('kw.feedback.context'), dataIndex: 'context', render: (v: string, f) => <Typography.Text>…{v}…{f.note ? <Typography.Text type="secondary">（{f.note}）</Typography.Text> : null}</Typography.Text> },
            { title: t('kw.feedback.proposed'), dataIndex: 'proposedTerm', width: 160, render: (v: string) => <Tag color="green">{v}</Tag> },
            { title: t('common.status'), dataIndex: 'status', width: 90, render: (s: Feedback['status']) => t(`kw.feedback.status.${s}`) },
            { title: t('kw.feedback.by'), key: 'by', width: 170, render: (_, f) => `${f.createdBy ?? ''} · ${formatTime(f.createdAt, 'MM-DD HH:mm')}` },
            ...(manage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 150,
                    render: (_: unknown, f: Feedback) =>
                      f.status === 'proposed' ? (
                        <Space size={4}>
                          <Button size="small" type="primary" onClick={() => decide.mutate({ f, accept: true })}>
                            {t('kw.feedback.accept')}
                          </Button>
                          <Button size="small" onClick={() => decide.mutate({ f, accept: false })}>
                            {t('kw.feedback.reject')}
                          </Button>
                        </Space>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
    </>
  )
}

// ---- page
export function KeywordsPage() {
  const { t, errorText } = useI18n()
  const { me } = useSession()
  const qc = useQueryClient()
  const { message, modal } = AntApp.useApp()
  const manage = can(me, 'keywords:manage')
  const lexicons = useQuery({ queryKey: [...KW_KEY, 'lexicons'], queryFn: () => call(listLexicons) })
  const [picked, setPicked] = useState<string | undefined>()
  const [creating, setCreating] = useState(false)
  const items = lexicons.data?.items ?? []
  const current = items.find((l) => l.id === picked) ?? items.find((l) => l.isDefault) ?? items[0]

  const makeDefault = useMutation({
    mutationFn: (l: Lexicon) => call(updateLexicon, { params: { id: l.id }, body: { isDefault: true } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: KW_KEY }),
    onError: (e) => void message.error(errorText(e)),
  })
  const remove = useMutation({
    mutationFn: (l: Lexicon) => call(deleteLexicon, { params: { id: l.id } }),
    onSuccess: () => {
      setPicked(undefined)
      void qc.invalidateQueries({ queryKey: KW_KEY })
    },
    onError: (e) => void message.error(errorText(e)),
  })

  if (lexicons.isPending) return <Loading />
  if (lexicons.error) return <ErrorState error={lexicons.error} onRetry={() => void lexicons.refetch()} />

  return (
    <>
      <PageHeader
        title={t('kw.title')}
        description={t('kw.description')}
        extra={
          manage && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="lexicon-create">
              {t('kw.lexicon.create')}
            </Button>
          )
        }
      />
      {!current ? (
        <Card>
          <Empty description={t('kw.lexicon.none')} />
        </Card>
      ) : (
        <Card
          title={
            <Flex gap={12} align="center" wrap>
              <Select
                value={current.id}
                onChange={setPicked}
                style={{ minWidth: 240 }}
                data-testid="lexicon-select"
                options={items.map((l) => ({ value: l.id, label: `${l.name}${l.isDefault ? ` · ${t('kw.lexicon.default')}` : ''}` }))}
              />
              <Tag>{t(`kw.scope.${current.scope}`)}</Tag>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('kw.lexicon.meta', { count: current.termCount, version: current.version })}
              </Typography.Text>
            </Flex>
          }
          extra={
            manage && (
              <Space>
                {!current.isDefault && (
                  <Button size="small" icon={<StarFilled />} onClick={() => makeDefault.mutate(current)}>
                    {t('kw.lexicon.makeDefault')}
                  </Button>
                )}
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('kw.lexicon.deleteConfirm', { name: current.name }),
                      okButtonProps: { danger: true },
                      okText: t('common.confirm'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync(current),
                    })
                  }
                >
                  {t('kw.lexicon.delete')}
                </Button>
              </Space>
            )
          }
        >
          {current.description && <Typography.Paragraph type="secondary">{current.description}</Typography.Paragraph>}
          <Tabs
            items={[
              { key: 'terms', label: t('kw.tab.terms'), children: <TermsTab lexicon={current} /> },
              ...(can(me, 'keywords:scan') ? [{ key: 'try', label: t('kw.tab.try'), children: <TryTab lexicon={current} /> }] : []),
              { key: 'feedback', label: t('kw.tab.feedback'), children: <FeedbackTab lexicon={current} /> },
            ]}
          />
        </Card>
      )}
      <CreateLexiconModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(l) => {
          setCreating(false)
          setPicked(l.id)
          void qc.invalidateQueries({ queryKey: KW_KEY })
        }}
      />
    </>
  )
}
