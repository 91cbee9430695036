// Login and the forced first-login steps: password → 2FA code → change one-time password → enrol 2FA →
// recovery codes (shown once) → dashboard. The server decides which steps are owed (me.must*).
import { useState } from 'react'
import { Navigate, useLocation, useNavigate } from 'react-router-dom'
import { Button, Card, Flex, Form, Input, Steps, Typography } from 'antd'
import { LockOutlined, UserOutlined, SafetyOutlined, LogoutOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import { call, setCsrfToken } from '../api/client.ts'
import { login, login2fa } from '../../../src/contracts/auth.schema.ts'
import { useI18n, storedLocale } from '../i18n/index.tsx'
import { useSession, type Me } from '../auth/session.tsx'
import { ScaleMark } from '../components/Logo.tsx'
import { LanguageSwitch } from '../components/LanguageSwitch.tsx'
import { ErrorAlert, Loading } from '../components/Common.tsx'
import { ChangePasswordForm, RecoveryCodes, TotpEnrolment } from '../components/Account.tsx'
import { brand, monoFamily } from '../theme.ts'

function nextPath(search: string): string {
  const n = new URLSearchParams(search).get('next')
  // Only same-origin paths: an attacker's ?next=https://… must not become an open redirect.
  return n && n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/login') ? n : '/'
}

export function LoginPage() {
  const { t, setLocale } = useI18n()
  const { me, loading, setMe, refresh, logout } = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const [mfa, setMfa] = useState(false)
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null)
  const [forced, setForced] = useState(false)
  const next = nextPath(location.search)

  if (loading) return <Shell><Loading /></Shell>

  const owesSetup = !!me && (me.mustChangePassword || me.mustEnrolTotp)
  if (me && !owesSetup && !recoveryCodes) return <Navigate to={next} replace />

  // Steps show only for a first login that owes setup; a plain login is one card.
  const showSteps = forced || owesSetup || !!recoveryCodes
  const current = recoveryCodes ? 3 : me?.mustChangePassword ? 1 : me?.mustEnrolTotp ? 2 : 0
  const steps = showSteps ? (
    <Steps
      size="small"
      current={current}
      style={{ marginBottom: 24 }}
      items={[{ title: t('login.steps.password') }, { title: t('login.steps.change') }, { title: t('login.steps.enrol') }, { title: t('login.steps.done') }]}
    />
  ) : null

  const onLoggedIn = (m: Me) => {
    // A choice made on this browser wins; otherwise the language saved in the profile applies.
    if (!storedLocale() && m.locale) setLocale(m.locale)
    if (m.mustChangePassword || m.mustEnrolTotp) setForced(true)
    setMe(m)
  }

  let body
  if (recoveryCodes) {
    body = (
      <StepCard title={t('totp.recoveryTitle')} steps={steps} wide>
        <RecoveryCodes
          codes={recoveryCodes}
          continueText={t('login.continue')}
          onContinue={() => {
            setRecoveryCodes(null)
            void navigate(next, { replace: true })
          }}
        />
      </StepCard>
    )
  } else if (me?.mustChangePassword) {
    body = (
      <StepCard title={t('login.changeTitle')} hint={t('login.changeHint')} steps={steps} onLogout={logout}>
        <ChangePasswordForm onDone={() => void refresh()} />
      </StepCard>
    )
  } else if (me?.mustEnrolTotp) {
    body = (
      <StepCard title={t('login.enrolTitle')} hint={t('login.enrolHint')} steps={steps} wide onLogout={logout}>
        <TotpEnrolment
          onDone={(codes) => {
            setRecoveryCodes(codes)
            void refresh()
          }}
        />
      </StepCard>
    )
  } else if (mfa) {
    body = <MfaCard onLoggedIn={onLoggedIn} onBack={() => setMfa(false)} />
  } else {
    body = (
      <PasswordCard
        onResult={(r) => {
          if (r.mfaRequired || !r.me) setMfa(true)
          else onLoggedIn(r.me)
        }}
      />
    )
  }
  return <Shell>{body}</Shell>
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useI18n()
  return (
    <div style={{ minHeight: '100vh', display: 'flex', background: '#eef3f5' }} data-testid="login-page">
      <aside
        className="tp-login-brand"
        style={{
          flex: '0 0 42%',
          maxWidth: 620,
          background: `linear-gradient(160deg, ${brand.deep} 0%, ${brand.primary} 70%, #13808b 100%)`,
          color: '#fff',
          padding: '48px 56px',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
          position: 'relative',
          overflow: 'hidden',
        }}
      >
        <Flex align="center" gap={14}>
          <ScaleMark size={44} background="rgba(255,255,255,0.12)" />
          <div>
            <div style={{ fontSize: 26, fontWeight: 700, letterSpacing: 6 }}>天平</div>
            <div style={{ fontSize: 12, letterSpacing: 3, opacity: 0.7 }}>TIANPING</div>
          </div>
        </Flex>
        <div>
          <div style={{ fontSize: 30, fontWeight: 600, lineHeight: 1.35, marginBottom: 16 }}>{t('app.tagline')}</div>
          <div style={{ fontSize: 15, opacity: 0.8, letterSpacing: 1 }}>{t('app.subtitle')}</div>
        </div>
        <div style={{ fontSize: 12, opacity: 0.6 }}>{t('app.footer')}</div>
        <svg viewBox="0 0 200 200" width="420" height="420" aria-hidden style={{ position: 'absolute', right: -120, bottom: -90, opacity: 0.07 }}>
          <g fill="none" stroke="#fff" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round">
            <path d="M100 30v130M60 165h80M40 55h120M40 55l-22 45h44zM160 55l-22 45h44z" />
          </g>
        </svg>
      </aside>
      <main style={{ flex: 1, display: 'flex', flexDirection: 'column', minWidth: 0 }}>
        <Flex justify="flex-end" style={{ padding: '16px 24px' }}>
          <LanguageSwitch />
        </Flex>
        <Flex flex={1} justify="center" align="center" style={{ padding: '0 24px 48px' }}>
          {children}
        </Flex>
      </main>
    </div>
  )
}

function StepCard(props: { title: string; hint?: string; steps: React.ReactNode; wide?: boolean; children: React.ReactNode; onLogout?: () => Promise<void> }) {
  const { t } = useI18n()
  return (
    <Card style={{ width: '100%', maxWidth: props.wide ? 640 : 460, boxShadow: '0 8px 28px rgba(10,61,71,0.08)' }} styles={{ body: { padding: 32 } }}>
      {props.steps}
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="step-title">
        {props.title}
      </Typography.Title>
      {props.hint && <Typography.Paragraph type="secondary">{props.hint}</Typography.Paragraph>}
      {props.children}
      {props.onLogout && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button type="link" size="small" icon={<LogoutOutlined />} onClick={() => void props.onLogout?.()}>
            {t('login.logoutInstead')}
          </Button>
        </Flex>
      )}
    </Card>
  )
}

type LoginResult = Awaited<ReturnType<typeof call<typeof login>>>

function PasswordCard({ onResult }: { onResult: (r: LoginResult) => void }) {
  const { t } = useI18n()
  const m = useMutation({
    mutationFn: (v: { username: string; password: string }) => call(login, { body: v }),
    onSuccess: (r) => {
      setCsrfToken(r.csrfToken)
      onResult(r)
    },
  })
  return (
    <Card style={{ width: '100%', maxWidth: 420, boxShadow: '0 8px 28px rgba(10,61,71,0.08)' }} styles={{ body: { padding: '36px 36px 28px' } }}>
      <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('login.welcome')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
        {t('app.tagline')}
      </Typography.Paragraph>
      <Form layout="vertical" requiredMark={false} onFinish={(v: { username: string; password: string }) => m.mutate(v)} data-testid="login-form">
        <ErrorAlert error={m.error} />
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input size="large" prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password size="large" prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" size="large" htmlType="submit" block loading={m.isPending} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 20, marginBottom: 0 }}>
        {t('login.securityNote')}
      </Typography.Paragraph>
    </Card>
  )
}

function MfaCard({ onLoggedIn, onBack }: { onLoggedIn: (me: Me) => void; onBack: () => void }) {
  const { t } = useI18n()
  const [useRecovery, setUseRecovery] = useState(false)
  const m = useMutation({
    mutationFn: (v: { code?: string; recoveryCode?: string }) => call(login2fa, { body: v }),
    onSuccess: (r) => {
      setCsrfToken(r.csrfToken)
      if (r.me) onLoggedIn(r.me)
    },
  })
  return (
    <Card style={{ width: '100%', maxWidth: 420, boxShadow: '0 8px 28px rgba(10,61,71,0.08)' }} styles={{ body: { padding: '36px 36px 28px' } }}>
      <Flex align="center" gap={10} style={{ marginBottom: 8 }}>
        <SafetyOutlined style={{ fontSize: 22, color: brand.primary }} />
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="step-title">
          {t('login.mfaTitle')}
        </Typography.Title>
      </Flex>
      <Typography.Paragraph type="secondary">{useRecovery ? t('totp.recoveryHint') : t('login.mfaHint')}</Typography.Paragraph>
      <Form
        key={useRecovery ? 'recovery' : 'code'}
        layout="vertical"
        requiredMark={false}
        onFinish={(v: { code?: string; recoveryCode?: string }) => m.mutate(useRecovery ? { recoveryCode: v.recoveryCode?.trim() } : { code: v.code?.trim() })}
        data-testid="mfa-form"
      >
        <ErrorAlert error={m.error} />
        {useRecovery ? (
          <Form.Item name="recoveryCode" label={t('login.recoveryCode')} rules={[{ required: true, whitespace: true, message: t('login.recoveryRequired') }]}>
            <Input size="large" autoComplete="off" style={{ fontFamily: monoFamily }} data-testid="mfa-recovery" autoFocus />
          </Form.Item>
        ) : (
          <Form.Item name="code" label={t('login.code')} rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('login.codeInvalid') }]}>
            <Input
              size="large"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              placeholder="000000"
              autoFocus
              style={{ fontFamily: monoFamily, fontSize: 22, letterSpacing: 10, textAlign: 'center' }}
              data-testid="mfa-code"
            />
          </Form.Item>
        )}
        <Button type="primary" size="large" htmlType="submit" block loading={m.isPending} data-testid="mfa-submit">
          {t('login.verify')}
        </Button>
      </Form>
      <Flex justify="space-between" style={{ marginTop: 12 }}>
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={onBack}>
          {t('login.back')}
        </Button>
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setUseRecovery((v) => !v)}>
          {useRecovery ? t('login.useCode') : t('login.useRecovery')}
        </Button>
      </Flex>
    </Card>
  )
}

