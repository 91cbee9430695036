// 队列: the queues new cases are routed into, how each picks a handler among its members, and who the
// members are. Creating and editing need cases:configure; everyone with cases:read sees the table.
import { useState } from 'react'
import { Alert, App as AntApp, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { call, type Result } from '../../../api/client.ts'
import { assignmentStrategies, casePriorities, createQueue, setQueueMembers, updateQueue, type listQueues } from '../../../../../src/contracts/cases.schema.ts'
import { permissionsOf } from '../../../../../src/contracts/permissions.ts'
import { useI18n } from '../../../i18n/index.tsx'
import { can } from '../../../auth/session.tsx'
import { ErrorAlert, ErrorState } from '../../../components/Common.tsx'
import { useQueues, useStaff } from '../api.ts'

type QueueView = Result<typeof listQueues>['items'][number]
type Strategy = (typeof assignmentStrategies)[number]
export const QUEUES_KEY = ['cases', 'queues'] as const

interface QueueValues {
  name: string
  description?: string
  assignment: Strategy
  minPriority?: Priority | null
}
type Priority = (typeof casePriorities)[number]

function QueueModal({ queue, onClose }: { queue: QueueView | null; onClose: () => void }) {
  const { t, td } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const [form] = Form.useForm<QueueValues>()
  const m = useMutation({
    mutationFn: (v: QueueValues) => {
      const description = v.description?.trim() ? v.description.trim() : undefined
      const minPriority = v.minPriority ?? null
      if (!queue) {
        return call(createQueue, { body: { name: v.name.trim(), assignment: v.assignment, ...(description ? { description } : {}), ...(minPriority ? { minPriority } : {}) } })
      }
      // Send only what changed: the audit row then names exactly the edited fields.
      const body: { name?: string; description?: string | null; assignment?: Strategy; minPriority?: Priority | null } = {}
      if (minPriority !== (queue.minPriority ?? null)) body.minPriority = minPriority
      if (v.name.trim() !== queue.name) body.name = v.name.trim()
      if ((description ?? null) !== queue.description) body.description = description ?? null
      if (v.assignment !== queue.assignment) body.assignment = v.assignment
      return Object.keys(body).length ? call(updateQueue, { params: { id: queue.id }, body }) : Promise.resolve(queue)
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: QUEUES_KEY })
      void message.success(t('caseSettings.routing.saved'))
      onClose()
    },
  })
  return (
    <Modal
      open
      title={queue ? `${t('caseSettings.queues.editTitle')} · ${queue.name}` : t('caseSettings.queues.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'queue-save' } as Record<string, string>}
      confirmLoading={m.isPending}
      destroyOnHidden
    >
      {m.error && <ErrorAlert error={m.error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={queue ? { name: queue.name, description: queue.description ?? '', assignment: queue.assignment, minPriority: queue.minPriority } : { assignment: 'least_loaded' }}
        onFinish={(v) => m.mutate(v)}
      >
        <Form.Item name="name" label={t('caseSettings.queues.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="queue-name" />
        </Form.Item>
        <Form.Item name="description" label={t('caseSettings.queues.description')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} data-testid="queue-description" />
        </Form.Item>
        <Form.Item name="assignment" label={t('caseSettings.queues.assignment')} extra={t('caseSettings.queues.assignmentHelp')} rules={[{ required: true }]}>
          <Select
            data-testid="queue-assignment"
            options={assignmentStrategies.map((s) => ({ value: s, label: t(`caseSettings.queues.assignment.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="minPriority" label={t('caseSettings.queues.minPriority')} extra={t('caseSettings.queues.minPriorityHelp')}>
          <Select allowClear placeholder={t('caseSettings.queues.minPriorityNone')} data-testid="queue-min-priority"
            options={casePriorities.map((p) => ({ value: p, label: td(`case.priority.${p}`, p) }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function MembersModal({ queue, onClose }: { queue: QueueView; onClose: () => void }) {
  const { t, td } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const staff = useStaff()
  const [userIds, setUserIds] = useState<string[]>(queue.memberIds)
  const m = useMutation({
    mutationFn: () => call(setQueueMembers, { params: { id: queue.id }, body: { userIds } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: QUEUES_KEY })
      void message.success(t('caseSettings.routing.saved'))
      onClose()
    },
  })
  // The server accepts only users holding cases:handle; offer exactly those (and keep any current member shown).
  const eligible = [...staff.byId.values()].filter((u) => permissionsOf(u.roles).has('cases:handle') || queue.memberIds.includes(u.id))
  return (
    <Modal
      open
      title={t('caseSettings.queues.membersTitle', { name: queue.name })}
      onCancel={onClose}
      onOk={() => m.mutate()}
      okButtonProps={{ disabled: !staff.allowed, ...({ 'data-testid': 'members-save' } as Record<string, string>) }}
      confirmLoading={m.isPending}
      destroyOnHidden
    >
      {m.error && <ErrorAlert error={m.error} />}
      {staff.allowed ? (
        <>
          <Typography.Paragraph type="secondary">{t('caseSettings.queues.membersHelp')}</Typography.Paragraph>
          <Select
            mode="multiple"
            style={{ width: '100%' }}
            value={userIds}
            onChange={setUserIds}
            optionFilterProp="label"
            data-testid="members-select"
            options={eligible.map((u) => ({ value: u.id, label: `${u.displayName} (${u.roles.map((r) => td(`role.${r}`, r)).join('/')})` }))}
          />
        </>
      ) : (
        <Alert type="info" showIcon title={t('caseSettings.queues.membersUnavailable')} />
      )}
    </Modal>
  )
}

export function QueuesTab() {
  const { t, td } = useI18n()
  const q = useQueues()
  const staff = useStaff()
  const editable = can(staff.me, 'cases:configure')
  const [editing, setEditing] = useState<QueueView | 'new' | null>(null)
  const [members, setMembers] = useState<QueueView | null>(null)
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  return (
    <>
      {editable ? (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="queue-add">
            {t('caseSettings.queues.add')}
          </Button>
        </Space>
      ) : (
        <Alert type="info" showIcon title={t('caseSettings.routing.readOnly')} style={{ marginBottom: 12 }} />
      )}
      <Table<QueueView>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('caseSettings.queues.empty') }}
        data-testid="queues-table"
        columns={[
          {
            title: t('caseSettings.queues.name'), key: 'name',
            render: (_, r) => (
              <>
                <div>{r.name}</div>
                {r.description && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.description}</Typography.Text>}
              </>
            ),
          },
          {
            title: t('caseSettings.queues.assignment'), key: 'assignment', width: 140,
            render: (_, r) => <Tag>{t(`caseSettings.queues.assignment.${r.assignment}`)}</Tag>,
          },
          {
            title: t('caseSettings.queues.minPriority'), key: 'minPriority', width: 120,
            render: (_, r) => (r.minPriority ? <Tag color="orange">≥ {td(`case.priority.${r.minPriority}`, r.minPriority)}</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
          },
          {
            title: t('caseSettings.queues.members'), key: 'members',
            render: (_, r) =>
              r.memberIds.length ? (
                <Space size={[4, 4]} wrap>
                  {r.memberIds.map((id) => <Tag key={id}>{staff.byId.get(id)?.displayName ?? id.slice(0, 8)}</Tag>)}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('caseSettings.queues.noMembers')}</Typography.Text>
              ),
          },
          { title: t('caseSettings.queues.openCases'), dataIndex: 'openCases', key: 'openCases', width: 110, align: 'right' },
          ...(editable
            ? [
                {
                  title: t('caseSettings.routing.actions'), key: 'actions', width: 170,
                  render: (_: unknown, r: QueueView) => (
                    <Space size={4}>
                      <Button size="small" type="link" onClick={() => setEditing(r)} data-testid={`queue-edit-${r.id}`}>
                        {t('caseSettings.queues.edit')}
                      </Button>
                      <Button size="small" type="link" onClick={() => setMembers(r)} data-testid={`queue-members-${r.id}`}>
                        {t('caseSettings.queues.editMembers')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <QueueModal queue={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {members && <MembersModal queue={members} onClose={() => setMembers(null)} />}
    </>
  )
}
