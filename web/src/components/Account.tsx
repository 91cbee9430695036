// Account forms shared by the forced first-login flow and the security page.
import { useEffect, useRef, useState } from 'react'
import { Alert, Button, Col, Flex, Form, Image, Input, Row, Skeleton, Typography, App as AntApp } from 'antd'
import { CopyOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { call } from '../api/client.ts'
import { changePassword, confirmTotp, enrolTotp } from '../../../src/contracts/auth.schema.ts'
import { useI18n } from '../i18n/index.tsx'
import { ErrorAlert, SecretBox } from './Common.tsx'
import { copyText } from './copy.ts'
import { monoFamily } from '../theme.ts'

const MIN_PASSWORD = 10

export function ChangePasswordForm({ onDone, submitText }: { onDone: () => void; submitText?: string }) {
  const { t } = useI18n()
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>()
  const m = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => call(changePassword, { body: v }),
    onSuccess: () => {
      form.resetFields()
      onDone()
    },
  })
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) => m.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}
      data-testid="change-password-form"
    >
      <ErrorAlert error={m.error} />
      <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={t('password.rule')}
        rules={[
          { required: true, message: t('password.required') },
          { min: MIN_PASSWORD, message: t('password.tooShort') },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={m.isPending} block data-testid="change-password-submit">
        {submitText ?? t('password.submit')}
      </Button>
    </Form>
  )
}

/** Starts enrolment once on mount (a ref keeps StrictMode's second effect run from starting another). */
export function TotpEnrolment({ onDone }: { onDone: (recoveryCodes: string[]) => void }) {
  const { t } = useI18n()
  const started = useRef(false)
  const start = useMutation({ mutationFn: () => call(enrolTotp) })
  const confirm = useMutation({
    mutationFn: (code: string) => call(confirmTotp, { body: { code } }),
    onSuccess: (r) => onDone(r.recoveryCodes),
  })
  useEffect(() => {
    if (started.current) return
    started.current = true
    start.mutate()
  }, [start])

  if (start.error) {
    return (
      <>
        <ErrorAlert error={start.error} />
        <Button onClick={() => start.mutate()}>{t('common.retry')}</Button>
      </>
    )
  }
  if (!start.data) return <Skeleton active paragraph={{ rows: 5 }} />
  const enrolment = start.data
  return (
    <Row gutter={[24, 16]} align="top">
      <Col xs={24} sm={10}>
        <Typography.Text strong>{t('totp.scan')}</Typography.Text>
        <div style={{ marginTop: 8, padding: 8, border: '1px solid #e3e9ec', borderRadius: 8, background: '#fff', width: 'fit-content' }}>
          <Image src={enrolment.qrDataUrl} alt="TOTP QR" width={176} height={176} preview={false} data-testid="totp-qr" />
        </div>
      </Col>
      <Col xs={24} sm={14}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 6, fontSize: 13 }}>
          {t('totp.manual')}
        </Typography.Paragraph>
        <SecretBox value={enrolment.secret} testId="totp-secret" label={t('totp.secret')} />
        <Form
          layout="vertical"
          requiredMark={false}
          style={{ marginTop: 16 }}
          onFinish={(v: { code: string }) => confirm.mutate(v.code.trim())}
        >
          <ErrorAlert error={confirm.error} />
          <Form.Item
            name="code"
            label={<Typography.Text strong>{t('totp.enterCode')}</Typography.Text>}
            rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.codeInvalid') }]}
          >
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder="000000"
              style={{ fontFamily: monoFamily, fontSize: 20, letterSpacing: 8, width: 200 }}
              data-testid="totp-code"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={confirm.isPending} data-testid="totp-confirm">
            {t('totp.confirm')}
          </Button>
        </Form>
      </Col>
    </Row>
  )
}

export function RecoveryCodes({ codes, onContinue, continueText }: { codes: string[]; onContinue: () => void; continueText?: string }) {
  const { t } = useI18n()
  const { message } = AntApp.useApp()
  const [saved, setSaved] = useState(false)
  const text = codes.join('\n')
  const download = () => {
    const url = URL.createObjectURL(new Blob([`tianping recovery codes\n\n${text}\n`], { type: 'text/plain' }))
    const a = document.createElement('a')
    a.href = url
    a.download = 'tianping-recovery-codes.txt'
    a.click()
    URL.revokeObjectURL(url)
    setSaved(true)
  }
  return (
    <div data-testid="recovery-codes">
      <Alert type="warning" showIcon title={t('totp.recoveryHint')} style={{ marginBottom: 16 }} />
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
          gap: '8px 16px',
          padding: 16,
          background: '#f5f8fa',
          border: '1px dashed #b7c8cf',
          borderRadius: 8,
          fontFamily: monoFamily,
          fontSize: 15,
          color: '#0a3d47',
        }}
      >
        {codes.map((c) => (
          <span key={c} data-testid="recovery-code">
            {c}
          </span>
        ))}
      </div>
      <Flex gap={8} wrap style={{ marginTop: 12 }}>
        <Button
          icon={<CopyOutlined />}
          onClick={() => {
            void copyText(text).then((ok) => {
              if (ok) {
                setSaved(true)
                void message.success(t('common.copied'))
              } else void message.error(t('common.copyFailed'))
            })
          }}
          data-testid="copy-recovery"
        >
          {t('totp.copyAll')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          {t('totp.download')}
        </Button>
      </Flex>
      <Button type={saved ? 'primary' : 'default'} block size="large" style={{ marginTop: 20 }} onClick={onContinue} data-testid="recovery-continue">
        {continueText ?? t('common.iHaveSaved')}
      </Button>
    </div>
  )
}
