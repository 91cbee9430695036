// The campaigns routes inside the authenticated shell.
import { lazy } from 'react'
import { Route } from 'react-router-dom'
import { Guard } from '../cases/Guard.tsx'

const CampaignsPage = lazy(() => import('./CampaignsPage.tsx').then((m) => ({ default: m.CampaignsPage })))
const CampaignPage = lazy(() => import('./CampaignPage.tsx').then((m) => ({ default: m.CampaignPage })))

/** Call as a function inside the shell's <Route>: <Routes> reads its children, not components. */
export function campaignsRoutes() {
  return (
    <>
      <Route path="campaigns" element={<Guard permission="campaigns:read"><CampaignsPage /></Guard>} />
      <Route path="campaigns/bursts" element={<Guard permission="campaigns:read"><CampaignsPage tab="bursts" /></Guard>} />
      <Route path="campaigns/:id" element={<Guard permission="campaigns:read"><CampaignPage /></Guard>} />
    </>
  )
}
