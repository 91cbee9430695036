// 分派规则: which queue a new case enters. Rules are checked in position order and the first whose
// conditions all hold wins, so the table is shown in that order with the conditions spelled out.
import { useState } from 'react'
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, type Result } from '../../../api/client.ts'
import {
  caseChannels, caseKinds, createRoutingRule, deleteRoutingRule, listRoutingRules, routingFields, sectors, subjectTypes,
} from '../../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../../i18n/index.tsx'
import { can, useSession } from '../../../auth/session.tsx'
import { ErrorAlert, ErrorState } from '../../../components/Common.tsx'
import { useQueues } from '../api.ts'

type Rule = Result<typeof listRoutingRules>['items'][number]
type Field = (typeof routingFields)[number]
const RULES_KEY = ['cases', 'routing-rules'] as const

/** Enumerated conditions show their translated value; the free-text ones (prefixes, references) as typed. */
const enumLabel: Partial<Record<Field, string>> = { kind: 'case.kind', channel: 'case.channel', sector: 'case.sector', subjectType: 'case.subjectType' }
const enumValues: Partial<Record<Field, readonly string[]>> = { kind: caseKinds, channel: caseChannels, sector: sectors, subjectType: subjectTypes }

export function useConditionText() {
  const { t, td } = useI18n()
  return (field: string, value: string): string => {
    const prefix = enumLabel[field as Field]
    const shown = prefix ? td(`${prefix}.${value}`, value) : value
    const label = (routingFields as readonly string[]).includes(field) ? t(`caseSettings.routing.field.${field as Field}`) : field
    return `${label}: ${shown}`
  }
}

type RuleValues = { name: string; position: number; queueId: string } & Partial<Record<Field, string>>

function RuleModal({ nextPosition, onClose }: { nextPosition: number; onClose: () => void }) {
  const { t, td } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const queues = useQueues()
  const [form] = Form.useForm<RuleValues>()
  const [missingCondition, setMissingCondition] = useState(false)
  const m = useMutation({
    mutationFn: (v: RuleValues) => {
      const match: Record<string, string> = {}
      for (const f of routingFields) {
        const value = v[f]?.trim()
        if (value) match[f] = value
      }
      return call(createRoutingRule, { body: { name: v.name.trim(), position: v.position, queueId: v.queueId, match } })
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: RULES_KEY })
      void message.success(t('caseSettings.routing.saved'))
      onClose()
    },
  })
  const submit = (v: RuleValues) => {
    const any = routingFields.some((f) => v[f]?.trim())
    setMissingCondition(!any)
    if (any) m.mutate(v)
  }
  return (
    <Modal
      open
      title={t('caseSettings.routing.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'rule-save' } as Record<string, string>}
      confirmLoading={m.isPending}
      destroyOnHidden
      width={640}
    >
      {m.error && <ErrorAlert error={m.error} />}
      <Form form={form} layout="vertical" initialValues={{ position: nextPosition }} onFinish={submit}>
        <Space align="start" style={{ display: 'flex' }}>
          <Form.Item name="name" label={t('caseSettings.routing.name')} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ minWidth: 280 }}>
            <Input data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="position" label={t('caseSettings.routing.position')} tooltip={t('caseSettings.routing.positionHelp')} rules={[{ required: true }]}>
            <InputNumber min={0} max={1_000_000} precision={0} data-testid="rule-position" />
          </Form.Item>
        </Space>
        <Form.Item name="queueId" label={t('caseSettings.routing.queue')} rules={[{ required: true }]}>
          <Select data-testid="rule-queue" options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))} />
        </Form.Item>
        <Typography.Text strong>{t('caseSettings.routing.conditions')}</Typography.Text>
        <Typography.Paragraph type={missingCondition ? 'danger' : 'secondary'} data-testid="rule-conditions-help">
          {missingCondition ? t('caseSettings.routing.needCondition') : t('caseSettings.routing.conditionsHelp')}
        </Typography.Paragraph>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          {routingFields.map((f) => {
            const values = enumValues[f]
            const prefix = enumLabel[f]
            const extra = f === 'category' ? t('caseSettings.routing.categoryHelp') : f === 'region' ? t('caseSettings.routing.regionHelp') : undefined
            return (
              <Form.Item key={f} name={f} label={t(`caseSettings.routing.field.${f}`)} extra={extra} rules={values ? [] : [{ max: f === 'region' ? 100 : 200 }]}>
                {values && prefix ? (
                  <Select
                    allowClear
                    placeholder={t('caseSettings.routing.any')}
                    data-testid={`rule-${f}`}
                    options={values.map((v) => ({ value: v, label: td(`${prefix}.${v}`, v) }))}
                  />
                ) : (
                  <Input placeholder={t('caseSettings.routing.any')} data-testid={`rule-${f}`} />
                )}
              </Form.Item>
            )
          })}
        </div>
      </Form>
    </Modal>
  )
}

export function RoutingRulesTab() {
  const { t } = useI18n()
  const { message } = AntApp.useApp()
  const { me } = useSession()
  const editable = can(me, 'cases:configure')
  const qc = useQueryClient()
  const rules = useQuery({ queryKey: RULES_KEY, queryFn: () => call(listRoutingRules) })
  const queues = useQueues()
  const condition = useConditionText()
  const [adding, setAdding] = useState(false)
  const remove = useMutation({
    mutationFn: (r: Rule) => call(deleteRoutingRule, { params: { id: r.id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: RULES_KEY })
      void message.success(t('caseSettings.routing.deleted'))
    },
  })
  if (rules.error) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
  const items = rules.data?.items ?? []
  const queueName = (id: string) => queues.data?.items.find((q) => q.id === id)?.name
  const nextPosition = items.length ? Math.min(1_000_000, Math.floor(Math.max(...items.map((r) => r.position)) / 10) * 10 + 10) : 10
  return (
    <>
      <Alert type="info" showIcon title={t('caseSettings.routing.description')} style={{ marginBottom: 12 }} data-testid="routing-description" />
      {remove.error && <ErrorAlert error={remove.error} />}
      {editable ? (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="rule-add">
            {t('caseSettings.routing.add')}
          </Button>
        </Space>
      ) : (
        <Typography.Paragraph type="secondary">{t('caseSettings.routing.readOnly')}</Typography.Paragraph>
      )}
      <Table<Rule>
        rowKey="id"
        size="small"
        loading={rules.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('caseSettings.routing.empty') }}
        data-testid="rules-table"
        columns={[
          { title: t('caseSettings.routing.position'), dataIndex: 'position', key: 'position', width: 80 },
          {
            title: t('caseSettings.routing.name'), key: 'name',
            render: (_, r) => (
              <>
                <div>{r.name}</div>
                {r.shadowedBy && (
                  <Tag color="warning" data-testid="rule-shadowed">
                    {t('caseSettings.routing.shadowed', { name: items.find((x) => x.id === r.shadowedBy)?.name ?? r.shadowedBy.slice(0, 8) })}
                  </Tag>
                )}
              </>
            ),
          },
          {
            title: t('caseSettings.routing.conditions'), key: 'match',
            render: (_, r) => (
              <Space size={[4, 4]} wrap>
                {Object.entries(r.match).map(([k, v]) => <Tag key={k}>{condition(k, v)}</Tag>)}
              </Space>
            ),
          },
          {
            title: t('caseSettings.routing.queue'), key: 'queue',
            render: (_, r) => queueName(r.queueId) ?? <Typography.Text type="secondary">{t('caseSettings.routing.unknownQueue')}</Typography.Text>,
          },
          ...(editable
            ? [
                {
                  title: t('caseSettings.routing.actions'), key: 'actions', width: 90,
                  render: (_: unknown, r: Rule) => (
                    <Popconfirm title={t('caseSettings.routing.deleteConfirm', { name: r.name })} onConfirm={() => remove.mutate(r)}>
                      <Button size="small" type="link" danger loading={remove.isPending && remove.variables.id === r.id} data-testid={`rule-delete-${r.id}`}>
                        {t('caseSettings.routing.delete')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && <RuleModal nextPosition={nextPosition} onClose={() => setAdding(false)} />}
    </>
  )
}
