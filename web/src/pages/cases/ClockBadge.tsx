// The SLA clock as a coloured tag with the time left or overdue; the due instant in the tooltip.
import { Tag, Tooltip } from 'antd'
import { ClockCircleOutlined, PauseCircleOutlined, CheckCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons'
import { useI18n } from '../../i18n/index.tsx'
import { clockColor, clockText, type ClockState } from './clock.ts'

const icons = {
  ok: <ClockCircleOutlined />,
  warning: <ClockCircleOutlined />,
  breached: <ExclamationCircleOutlined />,
  paused: <PauseCircleOutlined />,
  met: <CheckCircleOutlined />,
} satisfies Record<ClockState, unknown>

export function ClockBadge({ state, dueAt, now = Date.now() }: { state: ClockState; dueAt: string | null; now?: number }) {
  const { t, formatTime } = useI18n()
  const ms = dueAt ? new Date(dueAt).getTime() - now : null
  // The list's state was computed when the page loaded; a clock that has since passed its due instant is breached.
  const shown: ClockState = ms !== null && ms < 0 && (state === 'ok' || state === 'warning') ? 'breached' : state
  const tag = (
    <Tag color={clockColor[shown]} icon={icons[shown]} data-testid="clock-badge" data-state={shown} style={{ marginInlineEnd: 0 }}>
      {clockText(shown, ms, t)}
    </Tag>
  )
  return dueAt ? <Tooltip title={t('case.sla.due', { time: formatTime(dueAt) })}>{tag}</Tooltip> : tag
}
