// Status and priority tags, coloured the same on every cases page.
import { Tag } from 'antd'
import { useI18n } from '../../i18n/index.tsx'

const statusColor: Record<string, string> = {
  new: 'cyan', triaged: 'lime', assigned: 'geekblue', investigating: 'blue', waiting: 'gold', proposed: 'purple',
  resolved: 'green', closed: 'default', reopened: 'magenta', escalated: 'volcano', withdrawn: 'default', on_hold: 'orange',
}
const priorityColor: Record<string, string> = { urgent: 'red', high: 'orange', normal: 'default', low: 'default' }

export function StatusTag({ status }: { status: string }) {
  const { td } = useI18n()
  return (
    <Tag color={statusColor[status] ?? 'default'} data-testid="case-status" data-status={status}>
      {td(`case.status.${status}`, status)}
    </Tag>
  )
}

export function PriorityTag({ priority }: { priority: string }) {
  const { td } = useI18n()
  return <Tag color={priorityColor[priority] ?? 'default'} variant={priority === 'normal' || priority === 'low' ? 'filled' : 'outlined'}>{td(`case.priority.${priority}`, priority)}</Tag>
}
