// The cases routes inside the authenticated shell, and the public report pages outside it.
import { lazy } from 'react'
import { Route } from 'react-router-dom'
import { Guard } from './Guard.tsx'

const CasesInbox = lazy(() => import('./CasesInbox.tsx').then((m) => ({ default: m.CasesInbox })))
const CasePage = lazy(() => import('./CasePage.tsx').then((m) => ({ default: m.CasePage })))
const IntakePage = lazy(() => import('./IntakePage.tsx').then((m) => ({ default: m.IntakePage })))
const SlaDashboard = lazy(() => import('./SlaDashboard.tsx').then((m) => ({ default: m.SlaDashboard })))
const TaxonomyPage = lazy(() => import('./TaxonomyPage.tsx').then((m) => ({ default: m.TaxonomyPage })))
const CaseSettingsPage = lazy(() => import('./settings/CaseSettingsPage.tsx').then((m) => ({ default: m.CaseSettingsPage })))
const PublicReportPage = lazy(() => import('../public/PublicReportPage.tsx').then((m) => ({ default: m.PublicReportPage })))
const PublicTrackPage = lazy(() => import('../public/PublicTrackPage.tsx').then((m) => ({ default: m.PublicTrackPage })))

/** Call as a function inside the shell's <Route>: <Routes> reads its children, not components. */
export function casesRoutes() {
  return (
    <>
      <Route path="cases" element={<Guard permission="cases:read"><CasesInbox /></Guard>} />
      <Route path="cases/new" element={<Guard permission="cases:create"><IntakePage /></Guard>} />
      <Route path="cases/dashboard" element={<Guard permission="cases:read"><SlaDashboard /></Guard>} />
      <Route path="cases/:id" element={<Guard permission="cases:read"><CasePage /></Guard>} />
      <Route path="admin/taxonomy" element={<Guard permission="cases:configure"><TaxonomyPage /></Guard>} />
      <Route path="admin/case-settings" element={<Guard permission="cases:configure"><CaseSettingsPage /></Guard>} />
    </>
  )
}

export function publicRoutes() {
  return (
    <>
      <Route path="/public/report" element={<Guard public><PublicReportPage /></Guard>} />
      <Route path="/public/track" element={<Guard public><PublicTrackPage /></Guard>} />
    </>
  )
}
