// Audit log viewer: filters, cursor "load more", an entry drawer with data and hashes, chain verification.
import { useState } from 'react'
import { Alert, AutoComplete, Button, Card, DatePicker, Descriptions, Drawer, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd'
import { CheckCircleOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons'
import { useMutation, useQuery } from '@tanstack/react-query'
import dayjs, { type Dayjs } from 'dayjs'
import { call, type Result } from '../api/client.ts'
import { useCursorList } from '../api/paging.ts'
import { listAudit, verifyAudit } from '../../../src/contracts/audit.schema.ts'
import { listUsers } from '../../../src/contracts/auth.schema.ts'
import { useI18n, TIME_ZONE } from '../i18n/index.tsx'
import { zhCN } from '../i18n/zh-CN.ts'
import { can, useSession } from '../auth/session.tsx'
import { ErrorAlert, ErrorState, Mono, PageHeader } from '../components/Common.tsx'

type Entry = Result<typeof listAudit>['items'][number]

interface Filters {
  action?: string
  actorId?: string
  targetType?: string
  targetId?: string
  from?: string
  to?: string
  q?: string
}
interface FormValues {
  action?: string
  actorId?: string
  targetType?: string
  targetId?: string
  range?: [Dayjs | null, Dayjs | null] | null
  q?: string
}

const knownActions = Object.keys(zhCN)
  .filter((k) => k.startsWith('action.'))
  .map((k) => k.slice('action.'.length))
const actionPrefixes = [...new Set(knownActions.map((a) => `${a.split('.')[0]}.*`))]

/** The picker shows wall-clock times; read them as Beijing time, as the table shows them. */
function shanghaiIso(d: Dayjs | null | undefined): string | undefined {
  return d ? dayjs.tz(d.format('YYYY-MM-DD HH:mm:ss'), TIME_ZONE).toISOString() : undefined
}

function clean(v: string | undefined): string | undefined {
  const s = v?.trim()
  return s ? s : undefined
}

type VerifyResult = Result<typeof verifyAudit>

function VerifyAlert({ result, error, onClose }: { result: VerifyResult | undefined; error: unknown; onClose: () => void }) {
  const { t } = useI18n()
  if (!result && !error) return null
  return (
    <div style={{ marginBottom: 16 }} data-testid="verify-result">
      {error ? (
        <ErrorAlert error={error} />
      ) : result ? (
        <Alert
          showIcon
          type={result.ok ? 'success' : 'error'}
          title={<span data-testid={result.ok ? 'chain-intact' : 'chain-broken'}>{result.ok ? t('audit.intact') : t('audit.broken')}</span>}
          description={
            <Flex vertical gap={4}>
              <span>{result.ok ? t('audit.intactDesc', { rows: result.rows }) : t('audit.brokenDesc', { rows: result.rows, problem: result.problem ?? '' })}</span>
              <span>
                {t('audit.headSeq')}: <Mono>#{result.headSeq}</Mono>
              </span>
              <span>
                {t('audit.headHash')}: <Mono>{result.headHash}</Mono>
              </span>
            </Flex>
          }
          closable={{ onClose }}
        />
      ) : null}
    </div>
  )
}

function EntryDrawer({ entry, onClose }: { entry: Entry | null; onClose: () => void }) {
  const { t, td, formatTime } = useI18n()
  return (
    <Drawer open={!!entry} onClose={onClose} title={t('audit.detail')} size={640} destroyOnHidden data-testid="audit-drawer">
      {entry && (
        <>
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 130 } }}>
            <Descriptions.Item label={t('audit.col.seq')}>
              <Mono>#{entry.seq}</Mono>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.col.time')}>{formatTime(entry.at)}</Descriptions.Item>
            <Descriptions.Item label={t('audit.col.action')}>
              <Space>
                {td(`action.${entry.action}`, entry.action)}
                <Mono>{entry.action}</Mono>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.col.actor')}>
              {entry.actorName ?? '—'} <Tag style={{ marginInlineStart: 6 }}>{td(`audit.actorKind.${entry.actorKind}`, entry.actorKind)}</Tag>
              {entry.actorId && (
                <div>
                  <Mono>{entry.actorId}</Mono>
                </div>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('audit.col.target')}>
              {entry.targetType ? (
                <>
                  <Tag>{entry.targetType}</Tag>
                  <Mono>{entry.targetId}</Mono>
                </>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('common.requestId')}>
              <Mono>{entry.requestId ?? '—'}</Mono>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('audit.data')}
          </Typography.Title>
          <pre className="tp-json" data-testid="audit-data">
            {JSON.stringify(entry.data, null, 2)}
          </pre>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('audit.hash')}
          </Typography.Title>
          <Typography.Paragraph copyable={{ text: entry.hash }} style={{ marginBottom: 8 }} data-testid="audit-hash">
            <Mono size={13}>{entry.hash}</Mono>
          </Typography.Paragraph>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('audit.prevHash')}
          </Typography.Title>
          <Typography.Paragraph copyable={{ text: entry.prevHash }} data-testid="audit-prev-hash">
            <Mono size={13}>{entry.prevHash}</Mono>
          </Typography.Paragraph>
        </>
      )}
    </Drawer>
  )
}

export function AuditPage() {
  const { t, td, formatTime } = useI18n()
  const { me } = useSession()
  const [form] = Form.useForm<FormValues>()
  const [filters, setFilters] = useState<Filters>({})
  const [selected, setSelected] = useState<Entry | null>(null)
  const verify = useMutation({ mutationFn: () => call(verifyAudit) })

  const users = useQuery({
    queryKey: ['users', 'all-for-filter'],
    queryFn: () => call(listUsers, { query: { limit: 200 } }),
    enabled: can(me, 'users:read'),
    staleTime: 5 * 60_000,
  })
  const { list, rows } = useCursorList(['audit', filters], (cursor) =>
    call(listAudit, { query: { ...filters, cursor, limit: 50 } }),
  )

  const apply = (v: FormValues) =>
    setFilters({
      action: clean(v.action),
      actorId: clean(v.actorId),
      targetType: clean(v.targetType),
      targetId: clean(v.targetId),
      from: shanghaiIso(v.range?.[0]),
      to: shanghaiIso(v.range?.[1]),
      q: clean(v.q),
    })

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.desc')}
        extra={
          <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="verify-chain">
            {verify.isPending ? t('audit.verifying') : t('audit.verify')}
          </Button>
        }
      />
      <VerifyAlert result={verify.data} error={verify.error} onClose={() => verify.reset()} />
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 0 } }}>
        <Form form={form} layout="vertical" onFinish={apply} data-testid="audit-filters">
          <Flex gap={16} wrap>
            <Form.Item name="action" label={t('audit.filter.action')} style={{ width: 220 }}>
              <AutoComplete
                allowClear
                placeholder={t('audit.filter.actionPlaceholder')}
                options={[...actionPrefixes, ...knownActions].map((a) => ({ value: a, label: a.endsWith('*') ? a : `${a} · ${td(`action.${a}`, a)}` }))}
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
              />
            </Form.Item>
            <Form.Item name="actorId" label={t('audit.filter.actor')} style={{ width: 220 }}>
              {can(me, 'users:read') ? (
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('audit.filter.actorPlaceholder')}
                  loading={users.isPending}
                  options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
                />
              ) : (
                <Input allowClear placeholder={t('audit.filter.actorPlaceholder')} />
              )}
            </Form.Item>
            <Form.Item label={t('audit.filter.target')} style={{ width: 330 }}>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="targetType" noStyle>
                  <Select allowClear placeholder={t('audit.filter.targetType')} style={{ width: 130 }} options={['user', 'apikey'].map((v) => ({ value: v, label: v }))} />
                </Form.Item>
                <Form.Item name="targetId" noStyle>
                  <Input allowClear placeholder={t('audit.filter.targetId')} />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
            <Form.Item name="range" label={t('audit.filter.time')} style={{ width: 380 }}>
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="q" label={t('audit.filter.q')} style={{ width: 240 }}>
              <Input allowClear placeholder={t('audit.filter.qPlaceholder')} data-testid="audit-q" />
            </Form.Item>
            <Form.Item label=" " colon={false}>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                  {t('common.search')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields()
                    setFilters({})
                  }}
                >
                  {t('common.reset')}
                </Button>
              </Space>
            </Form.Item>
          </Flex>
        </Form>
      </Card>
      <Card>
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<Entry>
              rowKey="id"
              size="middle"
              loading={list.isPending}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 1000 }}
              locale={{ emptyText: t('audit.empty') }}
              rowClassName={() => 'tp-table-row'}
              onRow={(e) => ({ onClick: () => setSelected(e) })}
              data-testid="audit-table"
              columns={[
                { title: t('audit.col.seq'), dataIndex: 'seq', width: 80, render: (v: number) => <Mono>#{v}</Mono> },
                { title: t('audit.col.time'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v) },
                {
                  title: t('audit.col.action'),
                  dataIndex: 'action',
                  width: 260,
                  render: (a: string) => (
                    <Flex vertical>
                      <Typography.Text data-testid="audit-action-label">{td(`action.${a}`, a)}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="audit-action">
                        {a}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  title: t('audit.col.actor'),
                  key: 'actor',
                  width: 200,
                  render: (_, e) => (
                    <Space size={6}>
                      <span>{e.actorName ?? '—'}</span>
                      {e.actorKind !== 'user' && <Tag style={{ marginInlineEnd: 0 }}>{td(`audit.actorKind.${e.actorKind}`, e.actorKind)}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('audit.col.target'),
                  key: 'target',
                  render: (_, e) =>
                    e.targetType ? (
                      <Space size={6}>
                        <Tag style={{ marginInlineEnd: 0 }}>{e.targetType}</Tag>
                        <Mono>{e.targetId}</Mono>
                      </Space>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: '',
                  key: 'view',
                  width: 80,
                  render: (_, e) => (
                    <Button type="link" size="small" onClick={() => setSelected(e)}>
                      {t('audit.view')}
                    </Button>
                  ),
                },
              ]}
            />
            <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <CheckCircleOutlined /> {t('audit.loaded', { count: rows.length })}
              </Typography.Text>
              {list.hasNextPage ? (
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="audit-more">
                  {t('common.loadMore')}
                </Button>
              ) : rows.length > 0 ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('common.noMore')}
                </Typography.Text>
              ) : null}
              <span />
            </Flex>
          </>
        )}
      </Card>
      <EntryDrawer entry={selected} onClose={() => setSelected(null)} />
    </>
  )
}
