// Queue | SLA dashboard: two views of the same cases.
import { Tabs } from 'antd'
import { useNavigate } from 'react-router-dom'
import { useI18n } from '../../i18n/index.tsx'
import { useSession } from '../../auth/session.tsx'
import { isGrantee } from './api.ts'

export function CasesTabs({ active }: { active: 'inbox' | 'dashboard' }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  const { me } = useSession()
  // The SLA dashboard counts the whole desk's cases: not part of what a case grant exposes (the API answers 403).
  // With the dashboard gone a lone tab would only repeat the title.
  if (isGrantee(me)) return null
  return (
    <Tabs
      activeKey={active}
      onChange={(k) => navigate(k === 'dashboard' ? '/cases/dashboard' : '/cases')}
      items={[
        { key: 'inbox', label: <span data-testid="tab-inbox">{t('cases.tab.inbox')}</span> },
        { key: 'dashboard', label: <span data-testid="tab-dashboard">{t('cases.tab.dashboard')}</span> },
      ]}
      style={{ marginBottom: 4 }}
    />
  )
}
