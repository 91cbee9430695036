// Small shared pieces: page header, loading, error and forbidden states, a copyable secret.
import type { ReactNode } from 'react'
import { Alert, Button, Flex, Modal, Result, Spin, Typography, App as AntApp, type ModalProps } from 'antd'
import { CopyOutlined, ReloadOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { useI18n } from '../i18n/index.tsx'
import { ApiError } from '../api/client.ts'
import { monoFamily } from '../theme.ts'
import { copyText } from './copy.ts'

export function PageHeader({ title, description, extra }: { title: ReactNode; description?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 20 }}>
      <div style={{ minWidth: 0, flex: '1 1 420px' }}>
        <Typography.Title level={3} style={{ margin: 0, fontWeight: 600 }}>
          {title}
        </Typography.Title>
        {description && (
          <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', maxWidth: 860 }}>
            {description}
          </Typography.Paragraph>
        )}
      </div>
      {extra && <Flex gap={8} wrap>{extra}</Flex>}
    </Flex>
  )
}

export function Loading({ tip }: { tip?: string }) {
  const { t } = useI18n()
  return (
    <Flex justify="center" align="center" style={{ padding: '64px 0' }} vertical gap={12}>
      <Spin size="large" />
      <Typography.Text type="secondary">{tip ?? t('common.loading')}</Typography.Text>
    </Flex>
  )
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, errorText } = useI18n()
  const requestId = error instanceof ApiError ? error.requestId : null
  return (
    <Result
      status="error"
      title={t('common.loadFailed')}
      subTitle={
        <>
          <div>{errorText(error)}</div>
          {requestId && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.requestId')}: {requestId}
            </Typography.Text>
          )}
        </>
      }
      extra={
        onRetry && (
          <Button icon={<ReloadOutlined />} onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  )
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { errorText } = useI18n()
  if (!error) return null
  return <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} data-testid="error-alert" />
}

export function Forbidden() {
  const { t } = useI18n()
  return (
    <Result
      status="403"
      title={t('common.forbidden')}
      subTitle={t('common.forbiddenHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  )
}

export function NotFound() {
  const { t } = useI18n()
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      subTitle={t('common.notFoundHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  )
}

/** A value shown once (password, token, secret): monospace, selectable, with a copy button. */
export function SecretBox({ value, testId, label }: { value: string; testId?: string; label?: string }) {
  const { t } = useI18n()
  const { message } = AntApp.useApp()
  return (
    <Flex align="center" gap={8} style={{ background: '#f5f8fa', border: '1px solid #d9e2e7', borderRadius: 6, padding: '8px 8px 8px 12px' }}>
      <code
        data-testid={testId}
        aria-label={label}
        style={{ fontFamily: monoFamily, fontSize: 15, flex: 1, wordBreak: 'break-all', userSelect: 'all', color: '#0a3d47' }}
      >
        {value}
      </code>
      <Button
        icon={<CopyOutlined />}
        onClick={() => {
          void copyText(value).then((ok) => (ok ? message.success(t('common.copied')) : message.error(t('common.copyFailed'))))
        }}
      >
        {t('common.copy')}
      </Button>
    </Flex>
  )
}

export function Mono({ children, size = 12 }: { children: ReactNode; size?: number }) {
  return <span style={{ fontFamily: monoFamily, fontSize: size, wordBreak: 'break-all' }}>{children}</span>
}

/**
 * A dialog that runs one mutation: OK shows its progress, cancelling forgets its error, and the content is
 * dropped on close so the next opening starts clean.
 */
export function MutationModal({ mutation, onClose, children, ...props }: Omit<ModalProps, 'onCancel' | 'confirmLoading' | 'destroyOnHidden'> & {
  mutation: { isPending: boolean; reset: () => void }
  onClose: () => void
}) {
  return (
    <Modal
      {...props}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      onCancel={() => {
        mutation.reset()
        onClose()
      }}
    >
      {children}
    </Modal>
  )
}
