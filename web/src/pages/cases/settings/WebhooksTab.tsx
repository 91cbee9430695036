// Webhook subscriptions: create (the signing secret is shown once, right here, and never again), stop with
// a confirmation, and a delivery log per subscription in a drawer, newest first, paged by cursor.
import { useMemo, useState } from 'react'
import { Alert, App as AntApp, Badge, Button, Drawer, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd'
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, type Result } from '../../../api/client.ts'
import { useCursorList } from '../../../api/paging.ts'
import {
  listWebhookDeliveries, listWebhooks, subscribeWebhook, unsubscribeWebhook, webhookDeliverySchedule, webhookEventTypes,
} from '../../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../../i18n/index.tsx'
import { ErrorAlert, ErrorState, Mono, SecretBox } from '../../../components/Common.tsx'

type Subscription = Result<typeof listWebhooks>['items'][number]
type Delivery = Result<typeof listWebhookDeliveries>['items'][number]
type EventType = (typeof webhookEventTypes)[number]
const WEBHOOKS_KEY = ['cases', 'webhooks'] as const
const DELIVERY_PAGE = 20
const deliveryColors: Record<Delivery['status'], string> = { pending: 'default', retrying: 'orange', delivered: 'green', failed: 'red' }

interface CreateValues {
  url: string
  events: EventType[]
}

function SubscribeModal({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string, s: Subscription) => void }) {
  const { t } = useI18n()
  const [form] = Form.useForm<CreateValues>()
  const m = useMutation({
    mutationFn: (v: CreateValues) => call(subscribeWebhook, { body: { url: v.url.trim(), events: v.events } }),
    onSuccess: (r) => onCreated(r.secret, r.subscription),
  })
  return (
    <Modal
      open
      title={t('caseSettings.webhooks.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      confirmLoading={m.isPending}
      okButtonProps={{ 'data-testid': 'webhook-create-ok' }}
      destroyOnHidden
      width={600}
    >
      <ErrorAlert error={m.error} />
      <Form<CreateValues> form={form} layout="vertical" requiredMark={false} initialValues={{ events: [] }} onFinish={(v) => m.mutate(v)}>
        <Form.Item
          name="url"
          label={t('caseSettings.webhooks.url')}
          extra={t('caseSettings.webhooks.urlHelp')}
          rules={[{ required: true, whitespace: true, max: 500 }, { pattern: /^https?:\/\/\S+$/, message: t('caseSettings.webhooks.urlInvalid') }]}
        >
          <Input placeholder="https://" data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="events" label={t('caseSettings.webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('caseSettings.webhooks.eventsRequired') }]}>
          <Select<EventType[]>
            mode="multiple"
            data-testid="webhook-events"
            options={webhookEventTypes.map((e) => ({ value: e, label: `${t(`caseSettings.webhooks.event.${e}`)} · ${e}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function DeliveryDrawer({ subscription, onClose }: { subscription: Subscription; onClose: () => void }) {
  const { t, td, formatTime } = useI18n()
  const { list: q, rows } = useCursorList([...WEBHOOKS_KEY, subscription.id, 'deliveries'], (cursor) =>
    call(listWebhookDeliveries, { params: { id: subscription.id }, query: { cursor, limit: DELIVERY_PAGE } }),
  )
  // The log keeps attempts; when the next one runs comes from the retry jobs.
  const schedule = useQuery({
    queryKey: [...WEBHOOKS_KEY, subscription.id, 'schedule'],
    queryFn: () => call(webhookDeliverySchedule, { params: { id: subscription.id } }),
  })
  const nextAttempt = useMemo(() => new Map((schedule.data?.items ?? []).map((x) => [x.deliveryId, x.nextAttemptAt])), [schedule.data])
  return (
    <Drawer
      open
      onClose={onClose}
      size={1100}
      title={t('caseSettings.webhooks.log.title', { url: subscription.url })}
      destroyOnHidden
      extra={
        <Button icon={<ReloadOutlined />} loading={q.isRefetching || schedule.isRefetching} onClick={() => void Promise.all([q.refetch(), schedule.refetch()])} data-testid="webhook-deliveries-refresh">
          {t('caseSettings.webhooks.log.refresh')}
        </Button>
      }
    >
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Table<Delivery>
            rowKey="id"
            size="small"
            loading={q.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1040 }}
            locale={{ emptyText: t('caseSettings.webhooks.log.empty') }}
            data-testid="webhook-deliveries"
            columns={[
              { title: t('caseSettings.webhooks.log.time'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (v: string) => formatTime(v) },
              { title: t('caseSettings.webhooks.log.event'), dataIndex: 'eventType', key: 'eventType', width: 110, render: (v: string) => <span title={v}>{td(`caseSettings.webhooks.event.${v}`, v)}</span> },
              {
                title: t('caseSettings.webhooks.log.status'), dataIndex: 'status', key: 'status', width: 90,
                render: (v: Delivery['status']) => <Tag color={deliveryColors[v]}>{t(`caseSettings.webhooks.log.status.${v}`)}</Tag>,
              },
              { title: t('caseSettings.webhooks.log.httpStatus'), dataIndex: 'lastStatusCode', key: 'lastStatusCode', width: 100, render: (v: number | null) => v ?? '—' },
              { title: t('caseSettings.webhooks.log.attempts'), dataIndex: 'attempts', key: 'attempts', width: 90 },
              {
                title: t('caseSettings.webhooks.log.nextRetry'), key: 'nextRetry', width: 150,
                render: (_, d) => {
                  const at = nextAttempt.get(d.id)
                  return at ? <span title={formatTime(at)}>{formatTime(at)}</span> : '—'
                },
              },
              { title: t('caseSettings.webhooks.log.deliveredAt'), dataIndex: 'deliveredAt', key: 'deliveredAt', width: 150, render: (v: string | null) => formatTime(v) },
              {
                title: t('caseSettings.webhooks.log.error'), dataIndex: 'lastError', key: 'lastError', minWidth: 200,
                render: (v: string | null) => (v ? <Typography.Text type="danger" style={{ fontSize: 12 }}>{v}</Typography.Text> : '—'),
              },
            ]}
          />
          {q.hasNextPage && (
            <Flex justify="center" style={{ marginTop: 16 }}>
              <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="webhook-deliveries-more">
                {t('common.loadMore')}
              </Button>
            </Flex>
          )}
        </>
      )}
    </Drawer>
  )
}

export function WebhooksTab() {
  const { t, formatTime, errorText } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const q = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: () => call(listWebhooks) })
  const [creating, setCreating] = useState(false)
  // The secret lives only in this state: dismissed or navigated away, it is gone for good.
  const [created, setCreated] = useState<{ secret: string; url: string } | null>(null)
  const [log, setLog] = useState<Subscription | null>(null)
  const stop = useMutation({
    mutationFn: (id: string) => call(unsubscribeWebhook, { params: { id } }),
    onSuccess: () => {
      void message.success(t('caseSettings.webhooks.unsubscribed'))
      void qc.invalidateQueries({ queryKey: WEBHOOKS_KEY })
    },
    onError: (e) => void message.error(errorText(e)),
  })

  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  return (
    <>
      <Alert type="info" showIcon title={t('caseSettings.webhooks.intro')} style={{ marginBottom: 16 }} />
      {created && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="webhook-secret-alert"
          title={t('caseSettings.webhooks.secretTitle')}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text>{t('caseSettings.webhooks.secretFor', { url: created.url })}</Typography.Text>
              <SecretBox value={created.secret} testId="webhook-secret" label={t('caseSettings.webhooks.secretTitle')} />
              <Typography.Text type="danger">{t('caseSettings.webhooks.secretWarning')}</Typography.Text>
              <Button onClick={() => setCreated(null)} data-testid="webhook-secret-dismiss">{t('common.iHaveSaved')}</Button>
            </Space>
          }
        />
      )}
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="webhook-add">
          {t('caseSettings.webhooks.add')}
        </Button>
      </Flex>
      <Table<Subscription>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('caseSettings.webhooks.empty') }}
        data-testid="webhooks-table"
        columns={[
          { title: t('caseSettings.webhooks.url'), dataIndex: 'url', key: 'url', render: (v: string) => <Mono>{v}</Mono> },
          {
            title: t('caseSettings.webhooks.events'), dataIndex: 'events', key: 'events', width: 300,
            render: (es: EventType[]) => (
              <Flex gap={4} wrap>
                {es.map((e) => <Tag key={e} title={e} style={{ marginInlineEnd: 0 }}>{t(`caseSettings.webhooks.event.${e}`)}</Tag>)}
              </Flex>
            ),
          },
          {
            title: t('caseSettings.webhooks.active'), dataIndex: 'active', key: 'active', width: 100,
            render: (v: boolean) => <Badge status={v ? 'success' : 'default'} text={t(v ? 'caseSettings.webhooks.status.active' : 'caseSettings.webhooks.status.inactive')} />,
          },
          { title: t('caseSettings.webhooks.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 165, render: (v: string) => formatTime(v) },
          {
            title: t('common.actions'), key: 'actions', width: 160,
            render: (_, s) => (
              <Space size={4}>
                <Button size="small" type="link" onClick={() => setLog(s)} data-testid={`webhook-log-${s.id}`}>
                  {t('caseSettings.webhooks.deliveries')}
                </Button>
                {s.active && (
                  <Popconfirm title={t('caseSettings.webhooks.unsubscribeConfirm')} onConfirm={() => stop.mutateAsync(s.id)} okButtonProps={{ danger: true }}>
                    <Button size="small" type="link" danger data-testid={`webhook-stop-${s.id}`}>
                      {t('caseSettings.webhooks.unsubscribe')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <SubscribeModal
          onClose={() => setCreating(false)}
          onCreated={(secret, s) => {
            setCreating(false)
            setCreated({ secret, url: s.url })
            void message.success(t('caseSettings.webhooks.created'))
            void qc.invalidateQueries({ queryKey: WEBHOOKS_KEY })
          }}
        />
      )}
      {log && <DeliveryDrawer subscription={log} onClose={() => setLog(null)} />}
    </>
  )
}
