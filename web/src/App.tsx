import { lazy, Suspense, type ReactNode } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom'
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import antdZhCN from 'antd/locale/zh_CN'
import antdEnUS from 'antd/locale/en_US'
import { I18nProvider, useI18n } from './i18n/index.tsx'
import { ApiError, isLoggedOut, setCsrfToken } from './api/client.ts'
import { can, isPending, ME_KEY, useSession } from './auth/session.tsx'
import type { Permission } from '../../src/contracts/permissions.ts'
import { theme } from './theme.ts'
import { LoginPage } from './pages/LoginPage.tsx'
import { AppShell } from './components/AppShell.tsx'
import { Dashboard } from './pages/Dashboard.tsx'
import { ComingSoon } from './pages/ComingSoon.tsx'
import { Forbidden, Loading, NotFound, ErrorState } from './components/Common.tsx'
import { moduleItems } from './nav.tsx'
import { casesRoutes, publicRoutes } from './pages/cases/routes.tsx'
import { campaignsRoutes } from './pages/campaigns/routes.tsx'

const UsersPage = lazy(() => import('./pages/UsersPage.tsx').then((m) => ({ default: m.UsersPage })))
const ApiKeysPage = lazy(() => import('./pages/ApiKeysPage.tsx').then((m) => ({ default: m.ApiKeysPage })))
const AuditPage = lazy(() => import('./pages/AuditPage.tsx').then((m) => ({ default: m.AuditPage })))
const GrantsPage = lazy(() => import('./pages/GrantsPage.tsx').then((m) => ({ default: m.GrantsPage })))
const SecurityPage = lazy(() => import('./pages/SecurityPage.tsx').then((m) => ({ default: m.SecurityPage })))
const ProfilePage = lazy(() => import('./pages/ProfilePage.tsx').then((m) => ({ default: m.ProfilePage })))
const KeywordsPage = lazy(() => import('./pages/keywords/KeywordsPage.tsx').then((m) => ({ default: m.KeywordsPage })))

const SETUP_CODES = new Set(['auth.password_change_required', 'auth.totp_enrolment_required'])

export function makeQueryClient(): QueryClient {
  // Any call that finds the session gone returns the console to the login page; one that finds setup
  // owed (password, 2FA) refetches me, and the guard sends the user to finish it.
  const qc: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (e) => onApiError(e) }),
    mutationCache: new MutationCache({ onError: (e) => onApiError(e) }),
    defaultOptions: {
      queries: {
        retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
        refetchOnWindowFocus: false,
      },
    },
  })
  function onApiError(e: unknown) {
    if (isLoggedOut(e)) {
      setCsrfToken(null)
      qc.setQueryData(ME_KEY, null)
    } else if (e instanceof ApiError && SETUP_CODES.has(e.code)) {
      void qc.invalidateQueries({ queryKey: ME_KEY })
    }
  }
  return qc
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading, error, refresh } = useSession()
  const location = useLocation()
  if (loading) return <Loading />
  if (error) return <ErrorState error={error} onRetry={() => void refresh()} />
  if (!me || isPending(me)) {
    const next = location.pathname + location.search
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />
  }
  return <>{children}</>
}

function Guard({ permission, children }: { permission?: Permission; children: ReactNode }) {
  const { me } = useSession()
  return can(me, permission) ? <Suspense fallback={<Loading />}>{children}</Suspense> : <Forbidden />
}

// Users who ask their system for less motion get none (antd's fades and slides included).
const reducedMotion = typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches
const appliedTheme = reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useI18n()
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? antdZhCN : antdEnUS} theme={appliedTheme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  )
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {publicRoutes()}
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route index element={<Dashboard />} />
        {casesRoutes()}
        {campaignsRoutes()}
        <Route path="keywords" element={<Guard permission="keywords:read"><KeywordsPage /></Guard>} />
        {moduleItems.filter((i) => i.soon).map((i) => (
          <Route
            key={i.key}
            path={i.path.slice(1)}
            element={
              <Guard permission={i.permission}>
                <ComingSoon title={i.label} description={i.soon ?? 'soon.desc'} />
              </Guard>
            }
          />
        ))}
        <Route path="admin" element={<Navigate to="/admin/users" replace />} />
        <Route path="admin/users" element={<Guard permission="users:read"><UsersPage /></Guard>} />
        <Route path="admin/api-keys" element={<Guard permission="apikeys:manage"><ApiKeysPage /></Guard>} />
        <Route path="admin/audit" element={<Guard permission="audit:read"><AuditPage /></Guard>} />
        <Route path="admin/grants" element={<Guard permission="grants:manage"><GrantsPage /></Guard>} />
        <Route path="account/security" element={<Guard><SecurityPage /></Guard>} />
        <Route path="account/profile" element={<Guard><ProfilePage /></Guard>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  )
}

export function Providers({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const qc = client ?? defaultClient
  return (
    <QueryClientProvider client={qc}>
      <I18nProvider>
        <Themed>{children}</Themed>
      </I18nProvider>
    </QueryClientProvider>
  )
}

const defaultClient = makeQueryClient()

export function App() {
  return (
    <Providers>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  )
}
