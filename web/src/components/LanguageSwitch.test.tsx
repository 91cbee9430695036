import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { useI18n } from '../i18n/index.tsx'
import { ME_KEY } from '../auth/session.tsx'
import { json, makeMe, mockFetch, renderWithProviders } from '../test-utils.tsx'
import { setCsrfToken } from '../api/client.ts'

function Probe() {
  const { t } = useI18n()
  return <h1>{t('nav.dashboard')}</h1>
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

test('Chinese by default; choosing English switches the UI, remembers it and saves it to the profile', async () => {
  const { calls } = mockFetch({ 'PATCH /api/v1/auth/me': (r) => json(200, makeMe({ locale: (r.body as { locale: 'en-US' }).locale })) })
  const { client } = renderWithProviders(
    <>
      <LanguageSwitch />
      <Probe />
    </>,
  )
  client.setQueryData(ME_KEY, makeMe())
  setCsrfToken('csrf-me')
  expect(screen.getByRole('heading').textContent).toBe('工作台')
  expect(document.documentElement.lang).toBe('zh-CN')

  fireEvent.click(screen.getByTestId('lang-switch'))
  fireEvent.click(await screen.findByTestId('lang-en-US'))

  await waitFor(() => expect(screen.getByRole('heading').textContent).toBe('Dashboard'))
  expect(localStorage.getItem('tp.locale')).toBe('en-US')
  expect(document.documentElement.lang).toBe('en-US')
  await waitFor(() => expect(calls).toHaveLength(1))
  expect(calls[0]).toMatchObject({ method: 'PATCH', url: '/api/v1/auth/me', body: { locale: 'en-US' } })
  expect(calls[0]!.headers['x-csrf-token']).toBe('csrf-me')
})

test('a remembered choice applies on the next visit; logged out, nothing is sent to the server', async () => {
  localStorage.setItem('tp.locale', 'en-US')
  const { calls } = mockFetch({})
  renderWithProviders(
    <>
      <LanguageSwitch />
      <Probe />
    </>,
  )
  expect(screen.getByRole('heading').textContent).toBe('Dashboard')
  fireEvent.click(screen.getByTestId('lang-switch'))
  fireEvent.click(await screen.findByTestId('lang-zh-CN'))
  await waitFor(() => expect(screen.getByRole('heading').textContent).toBe('工作台'))
  expect(localStorage.getItem('tp.locale')).toBe('zh-CN')
  expect(calls).toHaveLength(0)
})
