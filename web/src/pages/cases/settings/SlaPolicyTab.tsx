// Placeholder until its screen lands in this session; CaseSettingsPage renders it as one tab.
import { Empty } from 'antd'

export function SlaPolicyTab() {
  return <Empty />
}
