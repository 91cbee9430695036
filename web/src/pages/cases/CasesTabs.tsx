// Queue | SLA dashboard: two views of the same cases.
import { Tabs } from 'antd'
import { useNavigate } from 'react-router-dom'
import { useI18n } from '../../i18n/index.tsx'

export function CasesTabs({ active }: { active: 'inbox' | 'dashboard' }) {
  const { t } = useI18n()
  const navigate = useNavigate()
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
