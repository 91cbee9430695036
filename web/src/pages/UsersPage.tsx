// User and role administration: search and filter, create (one-time password shown once), edit roles,
// disable/enable, unlock, reset password, reset 2FA; a tab listing each role's permissions.
import { useRef, useState } from 'react'
import { Badge, Button, Card, Checkbox, Dropdown, Flex, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Tooltip, Typography, App as AntApp } from 'antd'
import type { MenuProps } from 'antd'
import { EllipsisOutlined, LockOutlined, PlusOutlined, SafetyCertificateFilled } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, newIdempotencyKey, type Result } from '../api/client.ts'
import { useCursorList } from '../api/paging.ts'
import { createUser, listRoles, listUsers, resetUserPassword, resetUserTotp, updateUser } from '../../../src/contracts/auth.schema.ts'
import { roles, type Role } from '../../../src/contracts/permissions.ts'
import { useI18n } from '../i18n/index.tsx'
import { can, useSession } from '../auth/session.tsx'
import { ErrorAlert, ErrorState, PageHeader, SecretBox, MutationModal } from '../components/Common.tsx'

type User = Result<typeof listUsers>['items'][number]
type Status = 'active' | 'disabled' | 'locked'
const USERS_KEY = ['users'] as const

function statusOf(u: User): Status {
  return u.disabled ? 'disabled' : u.locked ? 'locked' : 'active'
}

function RoleTags({ list }: { list: readonly string[] }) {
  const { td } = useI18n()
  return (
    <Flex gap={4} wrap>
      {list.map((r) => (
        <Tag key={r} color={r === 'admin' ? 'geekblue' : r === 'regulator' || r === 'police' ? 'purple' : 'cyan'} style={{ marginInlineEnd: 0 }}>
          {td(`role.${r}`)}
        </Tag>
      ))}
    </Flex>
  )
}

function RolesField() {
  const { t, td } = useI18n()
  return (
    <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}>
      <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 8 }}>
        {roles.map((r) => (
          <Checkbox key={r} value={r} data-testid={`role-${r}`}>
            {td(`role.${r}`)}
          </Checkbox>
        ))}
      </Checkbox.Group>
    </Form.Item>
  )
}

interface CreateValues {
  username: string
  displayName: string
  email?: string
  roles: Role[]
  password?: string
}

function CreateUserModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (r: Result<typeof createUser>) => void }) {
  const { t } = useI18n()
  const [form] = Form.useForm<CreateValues>()
  // One key per opened form: a double click or a retry after a timeout replays instead of creating twice.
  const key = useRef(newIdempotencyKey())
  const m = useMutation({
    mutationFn: (v: CreateValues) =>
      call(
        createUser,
        { body: { username: v.username.trim(), displayName: v.displayName.trim(), roles: v.roles, ...(v.email ? { email: v.email.trim() } : {}), ...(v.password ? { password: v.password } : {}) } },
        { idempotencyKey: key.current },
      ),
    onSuccess: (r) => {
      form.resetFields()
      key.current = newIdempotencyKey()
      onCreated(r)
    },
  })
  return (
    <MutationModal
      mutation={m}
      onClose={onClose}
      open={open}
      title={t('users.create')}
      onOk={() => form.submit()}
      okText={t('common.create')}
      width={560}
      okButtonProps={{ 'data-testid': 'create-user-submit' }}
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ roles: ['handler'] }} onFinish={(v) => m.mutate(v)} data-testid="create-user-form">
        <ErrorAlert error={m.error} />
        <Flex gap={16}>
          <Form.Item
            name="username"
            label={t('users.username')}
            style={{ flex: 1 }}
            extra={t('users.usernameRule')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9_.@-]{2,64}$/, message: t('users.usernameRule') }]}
          >
            <Input autoComplete="off" data-testid="new-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} style={{ flex: 1 }} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="new-displayname" />
          </Form.Item>
        </Flex>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <RolesField />
        <Form.Item name="password" label={t('users.passwordOptional')} extra={t('users.passwordOptionalHint')} rules={[{ min: 10, message: t('password.tooShort') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </MutationModal>
  )
}

function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [form] = Form.useForm<{ displayName: string; email: string; roles: Role[] }>()
  const m = useMutation({
    mutationFn: (v: { displayName: string; email: string; roles: Role[] }) =>
      call(updateUser, { params: { id: user!.id }, body: { displayName: v.displayName.trim(), email: v.email?.trim() ? v.email.trim() : null, roles: v.roles } }),
    onSuccess: () => {
      void message.success(t('users.updated'))
      void qc.invalidateQueries({ queryKey: USERS_KEY })
      onClose()
    },
  })
  return (
    <MutationModal
      mutation={m}
      onClose={onClose}
      open={!!user}
      title={user ? t('users.editTitle', { name: user.displayName }) : ''}
      onOk={() => form.submit()}
      okText={t('common.save')}
      width={560}
    >
      {user && (
        <Form form={form} layout="vertical" requiredMark={false} initialValues={{ displayName: user.displayName, email: user.email ?? '', roles: user.roles }} onFinish={(v) => m.mutate(v)}>
          <ErrorAlert error={m.error} />
          <Form.Item label={t('users.username')}>
            <Input value={user.username} disabled />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
            <Input />
          </Form.Item>
          <RolesField />
        </Form>
      )}
    </MutationModal>
  )
}

function OneTimePasswordModal({ value, onClose }: { value: { name: string; password: string } | null; onClose: () => void }) {
  const { t } = useI18n()
  return (
    <Modal
      open={!!value}
      title={value ? t('users.oneTimePasswordFor', { name: value.name }) : ''}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="otp-close">
          {t('common.iHaveSaved')}
        </Button>
      }
    >
      {value && (
        <>
          <Typography.Paragraph type="secondary">{t('users.oneTimePasswordHint')}</Typography.Paragraph>
          <SecretBox value={value.password} testId="one-time-password" label={t('users.oneTimePassword')} />
          <Typography.Paragraph type="warning" style={{ marginTop: 12, marginBottom: 0, fontSize: 13 }}>
            {t('common.shownOnce')}
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  )
}

function UsersTab() {
  const { t, td, formatTime, fromNow, errorText: errorTextOf } = useI18n()
  const { me } = useSession()
  const qc = useQueryClient()
  const { message, modal } = AntApp.useApp()
  const manage = can(me, 'users:manage')
  const [q, setQ] = useState('')
  const [role, setRole] = useState<Role | undefined>()
  const [status, setStatus] = useState<Status | undefined>()
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<User | null>(null)
  const [otp, setOtp] = useState<{ name: string; password: string } | null>(null)

  const { list, rows } = useCursorList([...USERS_KEY, { q, role, status }], (cursor) =>
    call(listUsers, { query: { q: q || undefined, role, status, cursor, limit: 50 } }),
  )

  const refresh = () => void qc.invalidateQueries({ queryKey: USERS_KEY })
  const patch = useMutation({
    mutationFn: (v: { id: string; body: { disabled?: boolean; unlock?: true } }) => call(updateUser, { params: { id: v.id }, body: v.body }),
    onSuccess: (_, v) => {
      void message.success(v.body.unlock ? t('users.unlocked') : t('users.updated'))
      refresh()
    },
    onError: (e) => void message.error(errorTextOf(e)),
  })
  const resetPw = useMutation({
    mutationFn: (u: User) => call(resetUserPassword, { params: { id: u.id } }),
    onSuccess: (r, u) => {
      setOtp({ name: u.displayName, password: r.initialPassword })
      refresh()
    },
    onError: (e) => void message.error(errorTextOf(e)),
  })
  const resetTotp = useMutation({
    mutationFn: (u: User) => call(resetUserTotp, { params: { id: u.id } }),
    onSuccess: () => {
      void message.success(t('users.totpReset'))
      refresh()
    },
    onError: (e) => void message.error(errorTextOf(e)),
  })

  const confirm = (content: string, onOk: () => Promise<unknown>, danger = false) =>
    modal.confirm({ title: t('common.confirm'), content, okButtonProps: { danger }, onOk, okText: t('common.confirm'), cancelText: t('common.cancel') })

  const actionsFor = (u: User): MenuProps['items'] => {
    const s = statusOf(u)
    return [
      s === 'disabled'
        ? { key: 'enable', label: t('users.enable') }
        : { key: 'disable', label: t('users.disable'), danger: true, disabled: u.id === me?.id },
      ...(u.locked ? [{ key: 'unlock', label: t('users.unlock'), icon: <LockOutlined /> }] : []),
      { type: 'divider' as const },
      { key: 'reset-password', label: t('users.resetPassword') },
      { key: 'reset-2fa', label: t('users.resetTotp'), disabled: !u.totpEnabled },
    ]
  }
  const onAction = (u: User, key: string) => {
    if (key === 'enable') patch.mutate({ id: u.id, body: { disabled: false } })
    else if (key === 'disable') confirm(t('users.disableConfirm'), () => patch.mutateAsync({ id: u.id, body: { disabled: true } }), true)
    else if (key === 'unlock') patch.mutate({ id: u.id, body: { unlock: true } })
    else if (key === 'reset-password') confirm(t('users.resetPasswordConfirm'), () => resetPw.mutateAsync(u), true)
    else if (key === 'reset-2fa') confirm(t('users.resetTotpConfirm'), () => resetTotp.mutateAsync(u), true)
  }

  return (
    <>
      <Flex gap={12} wrap justify="space-between" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap>
          <Input.Search allowClear placeholder={t('users.search')} onSearch={(v) => setQ(v.trim())} style={{ width: 280 }} data-testid="user-search" />
          <Select<Role>
            allowClear
            placeholder={t('users.filterRole')}
            value={role}
            onChange={setRole}
            style={{ width: 180 }}
            options={roles.map((r) => ({ value: r, label: td(`role.${r}`) }))}
          />
          <Select<Status>
            allowClear
            placeholder={t('users.filterStatus')}
            value={status}
            onChange={setStatus}
            style={{ width: 150 }}
            options={(['active', 'disabled', 'locked'] as const).map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
          />
        </Flex>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
            {t('users.create')}
          </Button>
        )}
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<User>
            rowKey="id"
            loading={list.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1060 }}
            locale={{ emptyText: t('users.empty') }}
            data-testid="users-table"
            columns={[
              {
                title: t('users.username'),
                dataIndex: 'username',
                width: 150,
                fixed: 'left',
                render: (v: string, u) => (
                  <Space size={4}>
                    <Typography.Text strong>{v}</Typography.Text>
                    {u.id === me?.id && <Tag style={{ marginInlineEnd: 0 }}>{t('users.you')}</Tag>}
                  </Space>
                ),
              },
              { title: t('users.displayName'), dataIndex: 'displayName', width: 150 },
              { title: t('users.email'), dataIndex: 'email', width: 170, ellipsis: true, render: (v: string | null) => v ?? '—' },
              { title: t('users.roles'), dataIndex: 'roles', minWidth: 180, render: (v: string[]) => <RoleTags list={v} /> },
              {
                title: t('users.status'),
                key: 'status',
                width: 90,
                render: (_, u) => {
                  const s = statusOf(u)
                  return <Badge status={s === 'active' ? 'success' : s === 'locked' ? 'warning' : 'default'} text={t(`users.status.${s}`)} />
                },
              },
              {
                title: t('users.totp'),
                dataIndex: 'totpEnabled',
                width: 80,
                render: (v: boolean) => (v ? <Tooltip title={t('totp.enabled')}><SafetyCertificateFilled style={{ color: '#2f9e6e' }} /></Tooltip> : <Typography.Text type="secondary">{t('totp.notEnabled')}</Typography.Text>),
              },
              {
                title: t('users.lastLogin'),
                dataIndex: 'lastLoginAt',
                width: 130,
                render: (v: string | null) => (v ? <span title={formatTime(v)}>{fromNow(v)}</span> : <Typography.Text type="secondary">{t('common.never')}</Typography.Text>),
              },
              ...(manage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      width: 110,
                      fixed: 'right' as const,
                      render: (_: unknown, u: User) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(u)}>
                            {t('users.edit')}
                          </Button>
                          <Dropdown trigger={['click']} menu={{ items: actionsFor(u), onClick: ({ key }) => onAction(u, key) }}>
                            <Button type="text" size="small" icon={<EllipsisOutlined />} aria-label={t('common.actions')} data-testid={`user-actions-${u.username}`} />
                          </Dropdown>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Flex justify="center" style={{ marginTop: 16 }}>
            {list.hasNextPage ? (
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            ) : rows.length > 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('common.noMore')}
              </Typography.Text>
            ) : null}
          </Flex>
        </>
      )}
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(r) => {
          setCreating(false)
          void message.success(t('users.created'))
          refresh()
          if (r.initialPassword) setOtp({ name: r.user.displayName, password: r.initialPassword })
        }}
      />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      <OneTimePasswordModal value={otp} onClose={() => setOtp(null)} />
    </>
  )
}

function RolesTab() {
  const { t, td } = useI18n()
  const q = useQuery({ queryKey: ['roles'], queryFn: () => call(listRoles) })
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  type RoleRow = Result<typeof listRoles>['items'][number]
  return (
    <Table<RoleRow>
      rowKey="role"
      loading={q.isPending}
      dataSource={q.data?.items ?? []}
      pagination={false}
      data-testid="roles-table"
      columns={[
        {
          title: t('users.role'),
          dataIndex: 'role',
          width: 200,
          render: (r: string) => (
            <Flex vertical>
              <Typography.Text strong>{td(`role.${r}`)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          title: t('users.requires2fa'),
          dataIndex: 'requires2fa',
          width: 130,
          render: (v: boolean) => (v ? <Tag color="gold">{t('common.yes')}</Tag> : <Typography.Text type="secondary">{t('common.no')}</Typography.Text>),
        },
        {
          title: t('users.permissions'),
          dataIndex: 'permissions',
          render: (ps: string[]) => (
            <Flex gap={4} wrap>
              {ps.map((p) => (
                <Tooltip key={p} title={p}>
                  <Tag style={{ marginInlineEnd: 0 }}>{td(`perm.${p}`, p)}</Tag>
                </Tooltip>
              ))}
            </Flex>
          ),
        },
      ]}
    />
  )
}

export function UsersPage() {
  const { t } = useI18n()
  return (
    <>
      <PageHeader title={t('users.title')} />
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          items={[
            { key: 'users', label: t('users.tab.users'), children: <UsersTab /> },
            { key: 'roles', label: t('users.tab.roles'), children: <RolesTab /> },
          ]}
        />
      </Card>
    </>
  )
}
