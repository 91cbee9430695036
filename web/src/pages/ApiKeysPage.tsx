// API keys for integrations: create with scopes the creator holds (token shown once), revoke, last used.
import { useRef, useState } from 'react'
import { Badge, Button, Card, Flex, Form, Input, InputNumber, Modal, Popconfirm, Select, Switch, Table, Tag, Tooltip, Typography, App as AntApp } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { call, newIdempotencyKey, type Result } from '../api/client.ts'
import { useCursorList } from '../api/paging.ts'
import { createApiKey, listApiKeys, revokeApiKey } from '../../../src/contracts/auth.schema.ts'
import type { Permission } from '../../../src/contracts/permissions.ts'
import { useI18n } from '../i18n/index.tsx'
import { useSession } from '../auth/session.tsx'
import { ErrorAlert, ErrorState, Mono, PageHeader, SecretBox, MutationModal } from '../components/Common.tsx'

type ApiKey = Result<typeof listApiKeys>['items'][number]
const KEYS = ['api-keys'] as const

function statusOf(k: ApiKey): 'active' | 'revoked' | 'expired' {
  if (k.revokedAt) return 'revoked'
  if (k.expiresAt && new Date(k.expiresAt).getTime() <= Date.now()) return 'expired'
  return 'active'
}

interface CreateValues {
  name: string
  scopes: Permission[]
  expiresInDays?: number | null
}

function CreateKeyModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (token: string, name: string) => void }) {
  const { t, td } = useI18n()
  const { me } = useSession()
  const [form] = Form.useForm<CreateValues>()
  const key = useRef(newIdempotencyKey())
  const m = useMutation({
    mutationFn: (v: CreateValues) =>
      call(createApiKey, { body: { name: v.name.trim(), scopes: v.scopes, ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) } }, { idempotencyKey: key.current }),
    onSuccess: (r) => {
      form.resetFields()
      key.current = newIdempotencyKey()
      // null only when an idempotent retry replayed the first response: the token was shown then.
      if (r.token) onCreated(r.token, r.apiKey.name)
    },
  })
  // Scopes are limited to what the creator holds; the server enforces it too (auth.scope_exceeds_owner).
  const options = (me?.permissions ?? []).map((p) => ({ value: p, label: `${td(`perm.${p}`, p)} · ${p}` }))
  return (
    <MutationModal
      mutation={m}
      onClose={onClose}
      open={open}
      title={t('apiKeys.create')}
      onOk={() => form.submit()}
      okText={t('common.create')}
      width={600}
      okButtonProps={{ 'data-testid': 'create-key-submit' }}
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => m.mutate(v)}>
        <ErrorAlert error={m.error} />
        <Form.Item name="name" label={t('apiKeys.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input placeholder={t('apiKeys.namePlaceholder')} data-testid="key-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('apiKeys.scopes')} rules={[{ required: true, type: 'array', min: 1, message: t('apiKeys.scopesRequired') }]}>
          <Select mode="multiple" options={options} optionFilterProp="label" maxTagCount="responsive" data-testid="key-scopes" />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('apiKeys.expiresIn')} extra={t('apiKeys.expiresInHint')}>
          <InputNumber min={1} max={3650} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </MutationModal>
  )
}

export function ApiKeysPage() {
  const { t, td, formatTime, fromNow, errorText } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [includeRevoked, setIncludeRevoked] = useState(false)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null)
  const { list, rows } = useCursorList([...KEYS, { includeRevoked }], (cursor) =>
    call(listApiKeys, { query: { includeRevoked: includeRevoked ? 'true' : undefined, cursor, limit: 50 } }),
  )
  const revoke = useMutation({
    mutationFn: (id: string) => call(revokeApiKey, { params: { id } }),
    onSuccess: () => {
      void message.success(t('apiKeys.revoked'))
      void qc.invalidateQueries({ queryKey: KEYS })
    },
    onError: (e) => void message.error(errorText(e)),
  })

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        description={t('apiKeys.desc')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-key">
            {t('apiKeys.create')}
          </Button>
        }
      />
      <Card>
        <Flex justify="flex-end" align="center" gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('apiKeys.includeRevoked')}</Typography.Text>
          <Switch size="small" checked={includeRevoked} onChange={setIncludeRevoked} />
        </Flex>
        {list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <Table<ApiKey>
              rowKey="id"
              loading={list.isPending}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 1100 }}
              locale={{ emptyText: t('apiKeys.empty') }}
              data-testid="keys-table"
              columns={[
                { title: t('apiKeys.name'), dataIndex: 'name', width: 180, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
                { title: t('apiKeys.keyId'), dataIndex: 'keyId', width: 150, render: (v: string) => <Mono>{v}</Mono> },
                { title: t('apiKeys.owner'), dataIndex: 'username', width: 120 },
                {
                  title: t('apiKeys.scopes'),
                  dataIndex: 'scopes',
                  render: (ps: string[]) => (
                    <Flex gap={4} wrap>
                      {ps.slice(0, 4).map((p) => (
                        <Tooltip key={p} title={p}>
                          <Tag style={{ marginInlineEnd: 0 }}>{td(`perm.${p}`, p)}</Tag>
                        </Tooltip>
                      ))}
                      {ps.length > 4 && (
                        <Tooltip title={ps.slice(4).map((p) => td(`perm.${p}`, p)).join('、')}>
                          <Tag style={{ marginInlineEnd: 0 }}>+{ps.length - 4}</Tag>
                        </Tooltip>
                      )}
                    </Flex>
                  ),
                },
                { title: t('apiKeys.createdAt'), dataIndex: 'createdAt', width: 165, render: (v: string) => formatTime(v) },
                { title: t('apiKeys.expiresAt'), dataIndex: 'expiresAt', width: 120, render: (v: string | null) => (v ? formatTime(v, 'YYYY-MM-DD') : t('apiKeys.noExpiry')) },
                {
                  title: t('apiKeys.lastUsed'),
                  dataIndex: 'lastUsedAt',
                  width: 120,
                  render: (v: string | null) => (v ? <span title={formatTime(v)}>{fromNow(v)}</span> : <Typography.Text type="secondary">{t('common.never')}</Typography.Text>),
                },
                {
                  title: t('common.status'),
                  key: 'status',
                  width: 90,
                  render: (_, k) => {
                    const s = statusOf(k)
                    return <Badge status={s === 'active' ? 'success' : 'default'} text={t(`apiKeys.status.${s}`)} />
                  },
                },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  fixed: 'right',
                  render: (_, k) =>
                    k.revokedAt ? null : (
                      <Popconfirm title={t('apiKeys.revokeConfirm')} onConfirm={() => revoke.mutateAsync(k.id)} okButtonProps={{ danger: true }}>
                        <Button type="link" danger size="small">
                          {t('apiKeys.revoke')}
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
      <CreateKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token, name) => {
          setCreating(false)
          setCreated({ token, name })
          void qc.invalidateQueries({ queryKey: KEYS })
        }}
      />
      <Modal
        open={!!created}
        title={t('apiKeys.tokenTitle')}
        onCancel={() => setCreated(null)}
        mask={{ closable: false }}
        width={640}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.iHaveSaved')}
          </Button>
        }
      >
        {created && (
          <>
            <Typography.Paragraph>
              <Typography.Text strong>{created.name}</Typography.Text>
            </Typography.Paragraph>
            <SecretBox value={created.token} testId="api-token" label={t('apiKeys.token')} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('apiKeys.tokenHint')}
            </Typography.Paragraph>
            <Typography.Paragraph type="warning" style={{ marginBottom: 0, fontSize: 13 }}>
              {t('common.shownOnce')}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </>
  )
}
