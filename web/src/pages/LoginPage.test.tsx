import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { fireEvent, screen, waitFor, cleanup } from '@testing-library/react'
import { Route, Routes } from 'react-router-dom'
import { LoginPage } from './LoginPage.tsx'
import { apiError, json, makeMe, mockFetch, renderWithProviders } from '../test-utils.tsx'
import { getCsrfToken, setCsrfToken } from '../api/client.ts'

function renderLogin(path = '/login') {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={<div>HOME</div>} />
      <Route path="/admin/audit" element={<div>AUDIT PAGE</div>} />
    </Routes>,
    { path },
  )
}

function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } })
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

describe('login flow', () => {
  test('password, then the 2FA code, then the page named by ?next', async () => {
    let meCalls = 0
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () => (meCalls++ === 0 ? apiError(401, 'auth.unauthenticated') : json(200, makeMe({ csrfToken: 'csrf-2' }))),
      'POST /api/v1/auth/login': () => json(200, { mfaRequired: true, csrfToken: 'csrf-pending', me: null }),
      'POST /api/v1/auth/login/2fa': () => json(200, { mfaRequired: false, csrfToken: 'csrf-2', me: makeMe({ csrfToken: 'csrf-2' }) }),
    })
    renderLogin('/login?next=%2Fadmin%2Faudit')
    await screen.findByTestId('login-form')
    fill('login-username', 'admin')
    fill('login-password', 'secret-password')
    fireEvent.click(screen.getByTestId('login-submit'))
    await screen.findByTestId('mfa-form')
    expect(calls.find((c) => c.url === '/api/v1/auth/login')?.body).toEqual({ username: 'admin', password: 'secret-password' })

    fill('mfa-code', '123456')
    fireEvent.click(screen.getByTestId('mfa-submit'))
    await screen.findByText('AUDIT PAGE')
    expect(calls.find((c) => c.url === '/api/v1/auth/login/2fa')?.body).toEqual({ code: '123456' })
    expect(getCsrfToken()).toBe('csrf-2')
  })

  test('wrong credentials show the Chinese translation of the error code', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => apiError(401, 'auth.unauthenticated'),
      'POST /api/v1/auth/login': () => apiError(401, 'auth.invalid_credentials', 'wrong username or password'),
    })
    renderLogin()
    await screen.findByTestId('login-form')
    fill('login-username', 'admin')
    fill('login-password', 'nope-nope-nope')
    fireEvent.click(screen.getByTestId('login-submit'))
    const alert = await screen.findByTestId('error-alert')
    expect(alert.textContent).toContain('用户名或密码错误')
    expect(alert.textContent).not.toContain('wrong username or password')
  })

  test('an unknown error code falls back to the server message', async () => {
    mockFetch({
      'GET /api/v1/auth/me': () => apiError(401, 'auth.unauthenticated'),
      'POST /api/v1/auth/login': () => apiError(400, 'auth.something_new', 'a brand-new reason'),
    })
    renderLogin()
    await screen.findByTestId('login-form')
    fill('login-username', 'admin')
    fill('login-password', 'whatever-it-is')
    fireEvent.click(screen.getByTestId('login-submit'))
    expect((await screen.findByTestId('error-alert')).textContent).toContain('a brand-new reason')
  })

  test('a one-time password forces the password change step, then 2FA enrolment, then recovery codes', async () => {
    let stage: 'password' | 'enrol' | 'done' = 'password'
    const { calls } = mockFetch({
      'GET /api/v1/auth/me': () =>
        json(200, makeMe({ mustChangePassword: stage === 'password', mustEnrolTotp: stage !== 'done', totpEnabled: stage === 'done' })),
      'POST /api/v1/auth/password': () => {
        stage = 'enrol'
        return json(200, { ok: true })
      },
      'POST /api/v1/auth/2fa/enrol': () => json(200, { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/x', qrDataUrl: 'data:image/png;base64,AA==' }),
      'POST /api/v1/auth/2fa/confirm': () => {
        stage = 'done'
        return json(200, { recoveryCodes: ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'] })
      },
    })
    renderLogin()
    await screen.findByTestId('change-password-form')
    fill('current-password', 'one-time-pass')
    fill('new-password', 'a-much-better-password')
    fill('confirm-password', 'a-much-better-password')
    fireEvent.click(screen.getByTestId('change-password-submit'))

    expect((await screen.findByTestId('totp-secret')).textContent).toBe('JBSWY3DPEHPK3PXP')
    expect(calls.filter((c) => c.url === '/api/v1/auth/2fa/enrol')).toHaveLength(1)
    fill('totp-code', '654321')
    fireEvent.click(screen.getByTestId('totp-confirm'))

    const codes = await screen.findAllByTestId('recovery-code')
    expect(codes.map((c) => c.textContent)).toEqual(['aaaa-bbbb-cccc', 'dddd-eeee-ffff'])
    // The codes stay until acknowledged, even though me no longer owes anything.
    await waitFor(() => expect(stage).toBe('done'))
    expect(screen.queryByText('HOME')).toBeNull()
    fireEvent.click(screen.getByTestId('recovery-continue'))
    await screen.findByText('HOME')
    expect(calls.find((c) => c.url === '/api/v1/auth/password')?.headers['x-csrf-token']).toBe('csrf-me')
  })

  test('mismatched new passwords are caught before any request', async () => {
    const { calls } = mockFetch({ 'GET /api/v1/auth/me': () => json(200, makeMe({ mustChangePassword: true })) })
    renderLogin()
    await screen.findByTestId('change-password-form')
    fill('current-password', 'one-time-pass')
    fill('new-password', 'a-much-better-password')
    fill('confirm-password', 'something-else-entirely')
    fireEvent.click(screen.getByTestId('change-password-submit'))
    await screen.findByText('两次输入的密码不一致')
    expect(calls.some((c) => c.url === '/api/v1/auth/password')).toBe(false)
  })
})
