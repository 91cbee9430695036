// 时限看板: due today, breached, warning, on-time rate by queue and handler, and a daily trend.
import { useMemo, useState } from 'react'
import { Navigate, useNavigate } from 'react-router-dom'
import { useQuery } from '@tanstack/react-query'
import { Card, Col, Progress, Row, Segmented, Statistic, Table, Typography } from 'antd'
import { call, type Result } from '../../api/client.ts'
import { slaDashboard } from '../../../../src/contracts/cases-dashboard.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { ErrorState, Loading, PageHeader } from '../../components/Common.tsx'
import { CasesTabs } from './CasesTabs.tsx'
import { useSession } from '../../auth/session.tsx'
import { isGrantee } from './api.ts'
import { EChart, type ChartOption } from './EChart.tsx'

type Dashboard = Result<typeof slaDashboard>
type Group = Dashboard['byQueue'][number] | Dashboard['byAssignee'][number]

const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)

export function SlaDashboard() {
  const { t, formatTime } = useI18n()
  const navigate = useNavigate()
  const [days, setDays] = useState(14)
  // The dashboard counts the whole desk: a grantee (refused by the API) goes back to their granted cases.
  const grantee = isGrantee(useSession().me)
  const q = useQuery({ queryKey: ['cases', 'dashboard', days], queryFn: () => call(slaDashboard, { query: { days } }), refetchInterval: 60_000, enabled: !grantee })

  const trend: ChartOption | null = useMemo(() => {
    if (!q.data) return null
    const d = q.data.trend
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('sla.trend.received'), t('sla.trend.resolved'), t('sla.trend.breached')], bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 40 },
      xAxis: { type: 'category', data: d.map((p) => p.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('sla.trend.received'), type: 'bar', data: d.map((p) => p.received), itemStyle: { color: '#1f6f7a' } },
        { name: t('sla.trend.resolved'), type: 'bar', data: d.map((p) => p.resolved), itemStyle: { color: '#52c41a' } },
        { name: t('sla.trend.breached'), type: 'line', data: d.map((p) => p.breached), itemStyle: { color: '#f5222d' }, smooth: false },
      ],
    }
  }, [q.data, t])

  const groupColumns = (label: string, nameOf: (g: Group) => string) => [
    { title: label, key: 'name', render: (_: unknown, g: Group) => nameOf(g) },
    { title: t('sla.col.open'), dataIndex: 'open', width: 70, align: 'right' as const },
    { title: t('sla.col.breached'), dataIndex: 'breached', width: 70, align: 'right' as const, render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
    { title: t('sla.col.done'), dataIndex: 'done', width: 80, align: 'right' as const },
    {
      title: t('sla.col.rate'), key: 'rate', width: 160,
      render: (_: unknown, g: Group) => g.rate === null ? '—' : (
        <Progress percent={Math.round(g.rate * 1000) / 10} size="small" status={g.rate < 0.9 ? 'exception' : 'success'} format={() => percent(g.rate)} />
      ),
    },
  ]

  if (grantee) return <Navigate to="/cases" replace />
  return (
    <div data-testid="sla-dashboard">
      <PageHeader
        title={t('cases.title')}
        description={q.data ? t('sla.asOf', { time: formatTime(q.data.asOf, 'YYYY-MM-DD HH:mm') }) : t('cases.desc')}
        extra={<Segmented value={days} onChange={(v) => setDays(Number(v))} options={[7, 14, 30, 90].map((n) => ({ value: n, label: `${n}d` }))} />}
      />
      <CasesTabs active="dashboard" />
      {q.isLoading ? <Loading /> : q.error || !q.data ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {([
              ['dueToday', q.data.dueToday, '#d48806', '/cases?sla=due_soon'],
              ['breached', q.data.breached, '#cf1322', '/cases?sla=breached'],
              ['warning', q.data.warning, '#d46b08', null],
              ['paused', q.data.paused, '#8c8c8c', '/cases?status=waiting'],
              ['open', q.data.open, '#1f6f7a', '/cases'],
            ] as const).map(([key, value, color, link]) => (
              <Col xs={12} md={8} xl={4} key={key}>
                <Card size="small" style={{ height: '100%' }} hoverable={link !== null} onClick={() => link && void navigate(link)} data-testid={`sla-${key}`}>
                  <Statistic title={t(`sla.${key}`)} value={value} styles={{ content: { color, fontWeight: 600 } }} />
                </Card>
              </Col>
            ))}
            <Col xs={12} md={8} xl={4}>
              <Card size="small" style={{ height: '100%' }} data-testid="sla-compliance">
                <Statistic title={t('sla.compliance')} value={percent(q.data.compliance.rate)} styles={{ content: { fontWeight: 600 } }} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{q.data.compliance.onTime}/{q.data.compliance.done}</Typography.Text>
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('sla.trend', { days })} style={{ marginBottom: 16 }}>
            {trend && <EChart option={trend} testId="sla-trend" />}
          </Card>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('sla.byQueue')} style={{ marginBottom: 16 }}>
                <Table size="small" pagination={false} rowKey={(g) => g.queueId ?? 'none'} dataSource={q.data.byQueue}
                  columns={groupColumns(t('sla.col.group'), (g) => ('queueName' in g ? g.queueName : null) ?? t('sla.noQueue'))} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('sla.byAssignee')} style={{ marginBottom: 16 }}>
                <Table size="small" pagination={false} rowKey={(g) => g.assigneeId ?? 'none'} dataSource={q.data.byAssignee}
                  columns={groupColumns(t('sla.col.assignee'), (g) => ('assigneeName' in g ? g.assigneeName : null) ?? t('sla.noAssignee'))} />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  )
}
