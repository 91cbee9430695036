// 利益申报 (回避): who is related to which subject or party, so assignment passes them over. A party's
// phone or ID number is typed once and kept only as a matching index: the list shows that one exists.
// Assigners and configurers manage everyone's; a handler sees and withdraws only their own declarations.
import { useState } from 'react'
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Typography } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { call, type Result } from '../../../api/client.ts'
import { useCursorList } from '../../../api/paging.ts'
import { declareInterest, listHandlerInterests, withdrawInterest } from '../../../../../src/contracts/cases.schema.ts'
import { permissionsOf } from '../../../../../src/contracts/permissions.ts'
import { useI18n } from '../../../i18n/index.tsx'
import { can, type Me } from '../../../auth/session.tsx'
import { ErrorAlert, ErrorState } from '../../../components/Common.tsx'
import { useStaff } from '../api.ts'

type Interest = Result<typeof listHandlerInterests>['items'][number]
type TargetKind = 'subject' | 'phone' | 'idNumber'
const INTERESTS_KEY = ['cases', 'handler-interests'] as const

const managesInterests = (me: Me | null) => can(me, 'cases:assign') || can(me, 'cases:configure')

interface DeclareValues {
  userId?: string
  kind: TargetKind
  subjectRef?: string
  phone?: string
  idNumber?: string
  reason: string
}

function DeclareModal({ onClose }: { onClose: () => void }) {
  const { t, td } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const staff = useStaff()
  const manager = managesInterests(staff.me)
  const [form] = Form.useForm<DeclareValues>()
  const kind = Form.useWatch('kind', form) ?? 'subject'
  const m = useMutation({
    mutationFn: (v: DeclareValues) =>
      call(declareInterest, {
        body: {
          userId: manager ? v.userId! : staff.me!.id,
          reason: v.reason.trim(),
          ...(v.kind === 'subject' ? { subjectRef: v.subjectRef!.trim() } : v.kind === 'phone' ? { phone: v.phone!.trim() } : { idNumber: v.idNumber!.trim() }),
        },
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: INTERESTS_KEY })
      void message.success(t('caseSettings.interests.declared'))
      onClose()
    },
  })
  const handlers = [...staff.byId.values()].filter((u) => permissionsOf(u.roles).has('cases:handle'))
  return (
    <Modal
      open
      title={t('caseSettings.interests.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'interest-save' } as Record<string, string>}
      confirmLoading={m.isPending}
      destroyOnHidden
    >
      {m.error && <ErrorAlert error={m.error} />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'subject' }} onFinish={(v) => m.mutate(v)} autoComplete="off">
        {manager ? (
          <Form.Item name="userId" label={t('caseSettings.interests.user')} rules={[{ required: true }, ...(staff.allowed ? [] : [{ pattern: /^[0-9a-f-]{36}$/i, message: 'UUID' }])]}>
            {staff.allowed ? (
              <Select
                showSearch
                optionFilterProp="label"
                data-testid="interest-user"
                options={handlers.map((u) => ({ value: u.id, label: `${u.displayName} (${u.roles.map((r) => td(`role.${r}`, r)).join('/')})` }))}
              />
            ) : (
              <Input data-testid="interest-user" placeholder="UUID" />
            )}
          </Form.Item>
        ) : (
          <Form.Item label={t('caseSettings.interests.user')}>
            <Typography.Text>{staff.me?.displayName} ({t('caseSettings.interests.self')})</Typography.Text>
          </Form.Item>
        )}
        <Form.Item name="kind" label={t('caseSettings.interests.targetKind')}>
          <Radio.Group
            data-testid="interest-kind"
            options={(['subject', 'phone', 'idNumber'] as const).map((k) => ({ value: k, label: t(`caseSettings.interests.kind.${k}`) }))}
          />
        </Form.Item>
        {kind === 'subject' && (
          <Form.Item name="subjectRef" label={t('caseSettings.interests.subjectRef')} extra={t('caseSettings.interests.subjectRefHelp')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input data-testid="interest-subject-ref" />
          </Form.Item>
        )}
        {kind === 'phone' && (
          <Form.Item name="phone" label={t('caseSettings.interests.phone')} extra={t('caseSettings.interests.partyHelp')} rules={[{ required: true }, { pattern: /^\+?[\d\s-]{5,20}$/, message: t('caseSettings.interests.phone') }]}>
            <Input.Password visibilityToggle={false} autoComplete="off" data-testid="interest-phone" />
          </Form.Item>
        )}
        {kind === 'idNumber' && (
          <Form.Item name="idNumber" label={t('caseSettings.interests.idNumber')} extra={t('caseSettings.interests.partyHelp')} rules={[{ required: true }, { pattern: /^[0-9A-Za-z]{6,20}$/, message: t('caseSettings.interests.idNumber') }]}>
            <Input.Password visibilityToggle={false} autoComplete="off" data-testid="interest-id-number" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('caseSettings.interests.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={2} data-testid="interest-reason" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

export function InterestsTab() {
  const { t, formatTime } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const staff = useStaff()
  const me = staff.me
  const manager = managesInterests(me)
  const [userId, setUserId] = useState<string | undefined>(undefined)
  const [declaring, setDeclaring] = useState(false)
  const { list, rows } = useCursorList([...INTERESTS_KEY, userId ?? null], (cursor) =>
    call(listHandlerInterests, { query: { limit: 50, ...(userId ? { userId } : {}), cursor } }),
  )
  const withdraw = useMutation({
    mutationFn: (r: Interest) => call(withdrawInterest, { params: { id: r.id } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: INTERESTS_KEY })
      void message.success(t('caseSettings.interests.withdrawn'))
    },
  })
  // The server's rule, mirrored to hide buttons that would only answer 403.
  const mayWithdraw = (r: Interest) => manager || (me !== null && r.userId === me.id && r.declaredBy === me.id)
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />
  return (
    <>
      <Alert type="info" showIcon title={t('caseSettings.interests.description')} style={{ marginBottom: 12 }} />
      {!manager && <Typography.Paragraph type="secondary">{t('caseSettings.interests.ownOnly')}</Typography.Paragraph>}
      {withdraw.error && <ErrorAlert error={withdraw.error} />}
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDeclaring(true)} data-testid="interest-add">
          {t('caseSettings.interests.add')}
        </Button>
        {manager && staff.allowed && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            placeholder={t('caseSettings.interests.filterUser')}
            value={userId}
            onChange={(v: string | undefined) => setUserId(v)}
            data-testid="interest-filter-user"
            options={[...staff.byId.values()].map((u) => ({ value: u.id, label: u.displayName }))}
          />
        )}
      </Space>
      <Table<Interest>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('caseSettings.interests.empty') }}
        data-testid="interests-table"
        columns={[
          // A handler sees only their own declarations: the user column would repeat their name on every row.
          ...(manager ? [{ title: t('caseSettings.interests.user'), key: 'user', render: (_: unknown, r: Interest) => r.userName ?? r.userId.slice(0, 8) }] : []),
          {
            title: t('caseSettings.interests.target'), key: 'target',
            render: (_, r) =>
              r.party ? <Tag color="purple">{t('caseSettings.interests.party')}</Tag> : <Typography.Text code>{r.subjectRef}</Typography.Text>,
          },
          { title: t('caseSettings.interests.reason'), dataIndex: 'reason', key: 'reason' },
          { title: t('caseSettings.interests.declaredBy'), key: 'by', render: (_, r) => r.declaredByName ?? r.declaredBy },
          { title: t('caseSettings.interests.declaredAt'), key: 'at', width: 170, render: (_, r) => formatTime(r.createdAt, 'YYYY-MM-DD HH:mm') },
          {
            title: t('caseSettings.routing.actions'), key: 'actions', width: 90,
            render: (_, r) =>
              mayWithdraw(r) && (
                <Popconfirm title={t('caseSettings.interests.withdrawConfirm')} onConfirm={() => withdraw.mutate(r)}>
                  <Button size="small" type="link" danger loading={withdraw.isPending && withdraw.variables.id === r.id} data-testid={`interest-withdraw-${r.id}`}>
                    {t('caseSettings.interests.withdraw')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button style={{ marginTop: 12 }} onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="interests-more">
          {t('caseSettings.interests.loadMore')}
        </Button>
      )}
      {declaring && <DeclareModal onClose={() => setDeclaring(false)} />}
    </>
  )
}
