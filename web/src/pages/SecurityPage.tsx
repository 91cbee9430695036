// Own account security: 2FA on/off, sessions with revoke, password change.
import { useState } from 'react'
import { Alert, Badge, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Table, Tag, Typography, App as AntApp } from 'antd'
import { CheckCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, type Result } from '../api/client.ts'
import { disableTotp, listMySessions, revokeMySession } from '../../../src/contracts/auth.schema.ts'
import { useI18n } from '../i18n/index.tsx'
import { useSession } from '../auth/session.tsx'
import { ErrorAlert, ErrorState, PageHeader } from '../components/Common.tsx'
import { ChangePasswordForm, RecoveryCodes, TotpEnrolment } from '../components/Account.tsx'
import { monoFamily } from '../theme.ts'

type SessionRow = Result<typeof listMySessions>['items'][number]

function TotpCard() {
  const { t } = useI18n()
  const { me, refresh } = useSession()
  const { message } = AntApp.useApp()
  const [enrolling, setEnrolling] = useState(false)
  const [codes, setCodes] = useState<string[] | null>(null)
  const [disabling, setDisabling] = useState(false)
  const off = useMutation({
    mutationFn: (v: { password: string; code: string }) => call(disableTotp, { body: v }),
    onSuccess: () => {
      setDisabling(false)
      void message.success(t('totp.disabled'))
      void refresh()
    },
  })
  if (!me) return null
  const required = me.totpRequired
  let content
  if (codes) {
    content = <RecoveryCodes codes={codes} onContinue={() => setCodes(null)} />
  } else if (enrolling) {
    content = (
      <TotpEnrolment
        onDone={(c) => {
          setEnrolling(false)
          setCodes(c)
          void refresh()
        }}
      />
    )
  } else if (me.totpEnabled) {
    content = (
      <>
        <Flex align="center" gap={10} style={{ marginBottom: 12 }}>
          <CheckCircleFilled style={{ color: '#2f9e6e', fontSize: 20 }} />
          <Typography.Text strong>{t('totp.enabled')}</Typography.Text>
        </Flex>
        {required && !disabling && <Typography.Text type="secondary">{t('totp.required')}</Typography.Text>}
        {!disabling ? (
          <Button danger={!required} onClick={() => setDisabling(true)} style={{ marginTop: 12, display: 'block' }}>
            {t('totp.disable')}
          </Button>
        ) : (
          <Form layout="vertical" requiredMark={false} onFinish={(v: { password: string; code: string }) => off.mutate({ password: v.password, code: v.code.trim() })} style={{ maxWidth: 360, marginTop: 12 }}>
            <Typography.Paragraph type="secondary">{t('totp.disableHint')}</Typography.Paragraph>
            <ErrorAlert error={off.error} />
            <Form.Item name="password" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item name="code" label={t('login.code')} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.codeInvalid') }]}>
              <Input maxLength={6} inputMode="numeric" style={{ fontFamily: monoFamily, letterSpacing: 6, width: 180 }} />
            </Form.Item>
            <Flex gap={8}>
              <Button danger type="primary" htmlType="submit" loading={off.isPending}>
                {t('totp.disable')}
              </Button>
              <Button onClick={() => setDisabling(false)}>{t('common.cancel')}</Button>
            </Flex>
          </Form>
        )}
      </>
    )
  } else {
    content = (
      <>
        <Alert type="warning" showIcon title={t('dashboard.totpOff')} style={{ marginBottom: 16 }} />
        <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setEnrolling(true)}>
          {t('totp.enable')}
        </Button>
      </>
    )
  }
  return (
    <Card
      title={t('security.totp')}
      extra={me.totpEnabled ? <Badge status="success" text={t('totp.enabledAt')} /> : <Badge status="default" text={t('totp.notEnabled')} />}
    >
      <Typography.Paragraph type="secondary">{t('security.totpDesc')}</Typography.Paragraph>
      {content}
    </Card>
  )
}

function SessionsCard() {
  const { t, formatTime, fromNow } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const q = useQuery({ queryKey: ['auth', 'sessions'], queryFn: () => call(listMySessions) })
  const revoke = useMutation({
    mutationFn: (id: string) => call(revokeMySession, { params: { id } }),
    onSuccess: () => {
      void message.success(t('security.revoked'))
      void qc.invalidateQueries({ queryKey: ['auth', 'sessions'] })
    },
  })
  return (
    <Card title={t('security.sessions')}>
      <Typography.Paragraph type="secondary">{t('security.sessionsDesc')}</Typography.Paragraph>
      <ErrorAlert error={revoke.error} />
      {q.error ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<SessionRow>
          rowKey="id"
          size="middle"
          loading={q.isPending}
          dataSource={q.data?.items ?? []}
          pagination={false}
          scroll={{ x: 760 }}
          columns={[
            {
              title: t('security.device'),
              dataIndex: 'userAgent',
              render: (ua: string | null, s) => (
                <Flex vertical gap={2}>
                  <Typography.Text ellipsis style={{ maxWidth: 360 }} title={ua ?? ''}>
                    {ua ?? '—'}
                  </Typography.Text>
                  {s.current && (
                    <Tag color="green" style={{ width: 'fit-content' }}>
                      {t('security.current')}
                    </Tag>
                  )}
                </Flex>
              ),
            },
            { title: t('security.ip'), dataIndex: 'ip', width: 140, render: (ip: string | null) => ip ?? '—' },
            { title: t('security.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v) },
            { title: t('security.lastSeenAt'), dataIndex: 'lastSeenAt', width: 120, render: (v: string) => <span title={formatTime(v)}>{fromNow(v)}</span> },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 130,
              render: (_, s) =>
                s.current ? null : (
                  <Popconfirm title={t('security.revokeConfirm')} onConfirm={() => revoke.mutateAsync(s.id)}>
                    <Button size="small" danger>
                      {t('security.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
    </Card>
  )
}

export function SecurityPage() {
  const { t } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  return (
    <>
      <PageHeader title={t('security.title')} />
      <Row gutter={[20, 20]}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={20}>
            <TotpCard />
            <SessionsCard />
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('security.password')}>
            <Typography.Paragraph type="secondary">{t('security.passwordDesc')}</Typography.Paragraph>
            <ChangePasswordForm
              onDone={() => {
                void message.success(t('password.changed'))
                void qc.invalidateQueries({ queryKey: ['auth', 'sessions'] })
              }}
            />
          </Card>
        </Col>
      </Row>
    </>
  )
}
