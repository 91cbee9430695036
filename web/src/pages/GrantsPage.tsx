// 外部调阅授权: an administrator lets a regulator or police user read listed cases until a date, and revokes.
import { useRef, useState } from 'react'
import { Badge, Button, Card, DatePicker, Flex, Form, Input, Popconfirm, Popover, Select, Switch, Table, Typography, App as AntApp } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { call, newIdempotencyKey, type Result } from '../api/client.ts'
import { useCursorList } from '../api/paging.ts'
import { createCaseGrant, GrantLimits, listCaseGrants, revokeCaseGrant } from '../../../src/contracts/grants.schema.ts'
import { listUsers } from '../../../src/contracts/auth.schema.ts'
import { getCase, listCases } from '../../../src/contracts/cases.schema.ts'
import { useI18n } from '../i18n/index.tsx'
import { caseKey } from './cases/api.ts'
import { ErrorAlert, ErrorState, Mono, PageHeader, MutationModal } from '../components/Common.tsx'

type Grant = Result<typeof listCaseGrants>['items'][number]
const KEYS = ['case-grants'] as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function statusOf(g: Grant): 'active' | 'expired' | 'revoked' {
  if (g.revokedAt) return 'revoked'
  return g.active ? 'active' : 'expired'
}

/** Case numbers or ids as typed, one per line or separated by commas or spaces, without repeats. */
export function parseCaseRefs(text: string): string[] {
  return [...new Set(text.split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean))]
}

/** Case ids for the refs: ids as given, numbers looked up (exact match); the refs found nowhere. */
async function resolveRefs(refs: string[]): Promise<{ ids: string[]; missing: string[] }> {
  const ids: string[] = []
  const missing: string[] = []
  for (const ref of refs) {
    if (UUID.test(ref)) {
      ids.push(ref.toLowerCase())
      continue
    }
    const found = (await call(listCases, { query: { q: ref, limit: 5 } })).items.find((c) => c.number === ref)
    if (found) ids.push(found.id)
    else missing.push(ref)
  }
  return { ids: [...new Set(ids)], missing }
}

const CASES_SHOWN = 20

/** "3 件", opening the granted cases by number (looked up when opened; an id that no longer resolves shows as is). */
function GrantCases({ ids }: { ids: string[] }) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const shown = ids.slice(0, CASES_SHOWN)
  const cases = useQueries({
    queries: shown.map((id) => ({
      queryKey: caseKey(id),
      queryFn: () => call(getCase, { params: { id } }),
      enabled: open,
      staleTime: 60_000,
      retry: false,
    })),
  })
  const content = (
    <Flex vertical gap={2} style={{ maxHeight: 320, overflowY: 'auto' }} data-testid="grant-case-list">
      {shown.map((id, i) => {
        const c = cases[i]?.data
        return <Link key={id} to={`/cases/${id}`}>{c ? `${c.number} · ${c.subject.name}` : <Mono>{id}</Mono>}</Link>
      })}
      {ids.length > CASES_SHOWN && <Typography.Text type="secondary">{t('grants.moreCases', { count: ids.length - CASES_SHOWN })}</Typography.Text>}
    </Flex>
  )
  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomLeft">
      <Button type="link" size="small" style={{ paddingInline: 0 }} data-testid="grant-cases-open">{t('grants.caseCount', { count: ids.length })}</Button>
    </Popover>
  )
}

interface CreateValues {
  granteeId: string
  cases: string
  purpose: string
  expiresAt: Dayjs
}

function CreateGrantModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t, td } = useI18n()
  const [form] = Form.useForm<CreateValues>()
  const key = useRef(newIdempotencyKey())
  const [notFound, setNotFound] = useState<string[]>([])
  const grantees = useQuery({
    queryKey: ['users', 'grantees'],
    queryFn: async () => {
      const [reg, pol] = await Promise.all([
        call(listUsers, { query: { role: 'regulator', limit: 200 } }),
        call(listUsers, { query: { role: 'police', limit: 200 } }),
      ])
      return [...reg.items, ...pol.items].filter((u) => !u.disabled)
    },
    enabled: open,
  })
  const m = useMutation({
    mutationFn: async (v: CreateValues) => {
      const { ids, missing } = await resolveRefs(parseCaseRefs(v.cases))
      setNotFound(missing)
      if (missing.length) return null
      return call(createCaseGrant, { body: { granteeId: v.granteeId, caseIds: ids, purpose: v.purpose.trim(), expiresAt: v.expiresAt.toISOString() } }, { idempotencyKey: key.current })
    },
    onSuccess: (r) => {
      if (!r) return
      form.resetFields()
      key.current = newIdempotencyKey()
      onCreated()
    },
  })
  const options = (grantees.data ?? []).map((u) => ({
    value: u.id,
    label: `${u.displayName} · ${u.username} · ${u.roles.filter((r) => r === 'regulator' || r === 'police').map((r) => td(`role.${r}`, r)).join('、')}`,
  }))
  const now = dayjs()
  return (
    <MutationModal
      mutation={m}
      onClose={() => {
        setNotFound([])
        onClose()
      }}
      open={open}
      title={t('grants.create')}
      onOk={() => form.submit()}
      okText={t('common.create')}
      width={640}
      okButtonProps={{ 'data-testid': 'grant-submit' }}
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ expiresAt: now.add(30, 'day').endOf('day') }} onFinish={(v) => m.mutate(v)}>
        <ErrorAlert error={m.error ?? grantees.error} />
        {notFound.length > 0 && (
          <Typography.Paragraph type="danger" data-testid="grant-cases-missing">
            {t('grants.casesNotFound', { refs: notFound.join('、') })}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="granteeId"
          label={t('grants.grantee')}
          extra={grantees.data && grantees.data.length === 0 ? t('grants.noGrantees') : t('grants.granteeHelp')}
          rules={[{ required: true, message: t('grants.granteeRequired') }]}
        >
          <Select options={options} loading={grantees.isPending} showSearch optionFilterProp="label" data-testid="grant-grantee" />
        </Form.Item>
        <Form.Item
          name="cases"
          label={t('grants.cases')}
          extra={t('grants.casesHelp')}
          rules={[
            { required: true, whitespace: true, message: t('grants.casesRequired') },
            {
              validator: (_, v: string | undefined) =>
                parseCaseRefs(v ?? '').length > GrantLimits.casesMax ? Promise.reject(new Error(t('grants.casesTooMany'))) : Promise.resolve(),
            },
          ]}
        >
          <Input.TextArea rows={4} placeholder="TP-2026-000123" data-testid="grant-cases" />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('grants.purpose')}
          extra={t('grants.purposeHelp')}
          rules={[{ required: true, whitespace: true, max: GrantLimits.purposeMax, message: t('grants.purposeRequired') }]}
        >
          <Input.TextArea rows={2} data-testid="grant-purpose" />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('grants.expiresAt')} extra={t('grants.expiresHelp')} rules={[{ required: true, message: t('grants.expiresRequired') }]}>
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            disabledDate={(d: Dayjs) => d.isBefore(now, 'day') || d.isAfter(now.add(GrantLimits.daysMax, 'day'), 'day')}
            data-testid="grant-expires"
          />
        </Form.Item>
      </Form>
    </MutationModal>
  )
}

export function GrantsPage() {
  const { t, formatTime, errorText } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [includeInactive, setIncludeInactive] = useState(false)
  const [creating, setCreating] = useState(false)
  const { list, rows } = useCursorList([...KEYS, { includeInactive }], (cursor) =>
    call(listCaseGrants, { query: { includeInactive: includeInactive ? 'true' : undefined, cursor, limit: 50 } }),
  )
  const revoke = useMutation({
    mutationFn: (id: string) => call(revokeCaseGrant, { params: { id } }),
    onSuccess: () => {
      void message.success(t('grants.revoked'))
      void qc.invalidateQueries({ queryKey: KEYS })
    },
    onError: (e) => void message.error(errorText(e)),
  })

  return (
    <>
      <PageHeader
        title={t('grants.title')}
        description={t('grants.desc')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-grant">
            {t('grants.create')}
          </Button>
        }
      />
      <Card>
        <Flex justify="flex-end" align="center" gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('grants.includeInactive')}</Typography.Text>
          <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} data-testid="grants-include-inactive" />
        </Flex>
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<Grant>
              rowKey="id"
              loading={list.isPending}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 1000 }}
              locale={{ emptyText: t('grants.empty') }}
              data-testid="grants-table"
              columns={[
                { title: t('grants.grantee'), dataIndex: 'granteeName', width: 200, render: (v: string | null, g) => <Typography.Text strong>{v ?? g.granteeId}</Typography.Text> },
                {
                  title: t('grants.cases'),
                  dataIndex: 'caseIds',
                  width: 110,
                  render: (ids: string[]) => <GrantCases ids={ids} />,
                },
                { title: t('grants.purpose'), dataIndex: 'purpose', ellipsis: true },
                { title: t('grants.createdAt'), dataIndex: 'createdAt', width: 165, render: (v: string) => formatTime(v) },
                { title: t('grants.expiresAt'), dataIndex: 'expiresAt', width: 165, render: (v: string) => formatTime(v, 'YYYY-MM-DD HH:mm') },
                {
                  title: t('common.status'),
                  key: 'status',
                  width: 90,
                  render: (_, g) => {
                    const s = statusOf(g)
                    return <Badge status={s === 'active' ? 'success' : 'default'} text={t(`grants.status.${s}`)} />
                  },
                },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  fixed: 'right',
                  render: (_, g) =>
                    g.revokedAt ? null : (
                      <Popconfirm title={t('grants.revokeConfirm')} onConfirm={() => revoke.mutateAsync(g.id)} okButtonProps={{ danger: true }}>
                        <Button type="link" danger size="small" data-testid="grant-revoke">
                          {t('grants.revoke')}
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]}
            />
            {list.hasNextPage && (
              <Flex justify="center" style={{ marginTop: 16 }}>
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t('common.loadMore')}
                </Button>
              </Flex>
            )}
          </>
        )}
      </Card>
      <CreateGrantModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false)
          void message.success(t('grants.created'))
          void qc.invalidateQueries({ queryKey: KEYS })
        }}
      />
    </>
  )
}
