// 工单配置: the case desk's working settings, one tab each — queues and members, routing rules, declared
// interests (回避), SLA policy rules, the work calendar, message templates and webhooks.
import { useSearchParams } from 'react-router-dom'
import { Tabs } from 'antd'
import { useI18n } from '../../../i18n/index.tsx'
import { PageHeader } from '../../../components/Common.tsx'
import { QueuesTab } from './QueuesTab.tsx'
import { RoutingRulesTab } from './RoutingRulesTab.tsx'
import { InterestsTab } from './InterestsTab.tsx'
import { SlaPolicyTab } from './SlaPolicyTab.tsx'
import { CalendarTab } from './CalendarTab.tsx'
import { TemplatesTab } from './TemplatesTab.tsx'
import { WebhooksTab } from './WebhooksTab.tsx'

const tabs = {
  queues: QueuesTab,
  routing: RoutingRulesTab,
  interests: InterestsTab,
  sla: SlaPolicyTab,
  calendar: CalendarTab,
  templates: TemplatesTab,
  webhooks: WebhooksTab,
} as const
type TabKey = keyof typeof tabs
const tabKeys = Object.keys(tabs) as TabKey[]

export function CaseSettingsPage() {
  const { t } = useI18n()
  const [params, setParams] = useSearchParams()
  const active: TabKey = tabKeys.includes(params.get('tab') as TabKey) ? (params.get('tab') as TabKey) : 'queues'
  return (
    <>
      <PageHeader title={t('caseSettings.title')} description={t('caseSettings.description')} />
      <Tabs
        activeKey={active}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={tabKeys.map((k) => {
          const Tab = tabs[k]
          return { key: k, label: t(`caseSettings.tab.${k}`), children: active === k ? <Tab /> : null }
        })}
      />
    </>
  )
}
