// 黑产团伙: suspected campaigns (score, size, growth) and burst alerts, in two tabs.
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App as AntApp, Button, Card, Empty, Flex, Select, Table, Tabs, Tag, Tooltip, Typography } from 'antd'
import { call, type Result } from '../../api/client.ts'
import { ackBurst, listBursts, listCampaigns, reclusterCampaigns, campaignStatuses } from '../../../../src/contracts/campaigns.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import type { MessageKey } from '../../i18n/zh-CN.ts'
import { can, useSession } from '../../auth/session.tsx'
import { ErrorState, PageHeader } from '../../components/Common.tsx'
import { Sparkline } from './Sparkline.tsx'

type CampaignItem = Result<typeof listCampaigns>['items'][number]
type BurstItem = Result<typeof listBursts>['items'][number]
type Status = (typeof campaignStatuses)[number]

export const statusColor: Record<Status, string> = { open: 'orange', confirmed: 'red', dismissed: 'default' }

export function ScoreTag({ score, low }: { score: number; low?: boolean }) {
  const color = score >= 0.8 ? 'red' : score >= 0.5 ? 'orange' : 'gold'
  return (
    <Tag color={low ? 'default' : color} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {score.toFixed(2)}
    </Tag>
  )
}

function CampaignList() {
  const { t, formatTime, errorText } = useI18n()
  const { me } = useSession()
  const { message } = AntApp.useApp()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const [status, setStatus] = useState<Status | undefined>(undefined)
  const q = useQuery({ queryKey: ['campaigns', 'list', status], queryFn: () => call(listCampaigns, { query: { status, limit: 100 } }) })
  const recluster = useMutation({
    mutationFn: () => call(reclusterCampaigns),
    onSuccess: () => {
      void message.success(t('campaigns.recluster.done'))
      void qc.invalidateQueries({ queryKey: ['campaigns'] })
    },
    onError: (e) => void message.error(errorText(e)),
  })
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  const columns = [
    { title: t('campaigns.col.score'), dataIndex: 'score', width: 90, render: (s: number, r: CampaignItem) => (
      <Tooltip title={r.belowThreshold ? t('campaigns.lowConfidence') : undefined}><span><ScoreTag score={s} low={r.belowThreshold} /></span></Tooltip>
    ) },
    { title: t('campaigns.col.status'), dataIndex: 'status', width: 100, render: (s: Status) => <Tag color={statusColor[s]}>{t(`campaigns.status.${s}` as MessageKey)}</Tag> },
    { title: t('campaigns.col.members'), dataIndex: 'members', width: 90, align: 'right' as const },
    { title: t('campaigns.col.complainants'), dataIndex: 'complainants', width: 90, align: 'right' as const },
    { title: t('campaigns.col.growth'), dataIndex: 'growth7d', width: 100, align: 'right' as const, render: (n: number) => (n > 0 ? <Typography.Text strong>+{n}</Typography.Text> : '0') },
    { title: t('campaigns.col.trend'), dataIndex: 'daily', width: 100, render: (d: number[]) => <Sparkline values={d} /> },
    { title: t('campaigns.col.reason'), dataIndex: 'topReason', ellipsis: true, render: (r: string | null, row: CampaignItem) => (
      <Link to={`/campaigns/${row.id}`}>{r ?? row.templateExcerpt ?? row.id}</Link>
    ) },
    { title: t('campaigns.col.span'), key: 'span', width: 190, render: (_: unknown, r: CampaignItem) => `${formatTime(r.firstFiledAt, 'MM-DD')} — ${formatTime(r.lastFiledAt, 'MM-DD')}` },
  ]
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} wrap gap={8}>
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary">{t('campaigns.filter.status')}</Typography.Text>
          <Select
            style={{ width: 140 }}
            value={status ?? 'all'}
            onChange={(v) => setStatus(v === 'all' ? undefined : (v as Status))}
            options={[{ value: 'all', label: t('campaigns.filter.all') }, ...campaignStatuses.map((s) => ({ value: s, label: t(`campaigns.status.${s}` as MessageKey) }))]}
          />
          {q.data && q.data.threshold > 0 && <Typography.Text type="secondary">{t('campaigns.threshold', { value: q.data.threshold.toFixed(2) })}</Typography.Text>}
        </Flex>
        {can(me, 'settings:manage') && (
          <Button onClick={() => recluster.mutate()} loading={recluster.isPending}>
            {t('campaigns.recluster')}
          </Button>
        )}
      </Flex>
      <Table<CampaignItem>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        columns={columns}
        pagination={false}
        locale={{ emptyText: <Empty description={t('campaigns.empty')} /> }}
        onRow={(r) => ({ onClick: () => navigate(`/campaigns/${r.id}`), style: { cursor: 'pointer' } })}
        data-testid="campaigns-table"
      />
    </>
  )
}

export function BurstList() {
  const { t, formatTime, errorText } = useI18n()
  const { me } = useSession()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const q = useQuery({ queryKey: ['campaigns', 'bursts'], queryFn: () => call(listBursts, { query: { limit: 200 } }) })
  const ack = useMutation({
    mutationFn: (id: string) => call(ackBurst, { params: { id } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['campaigns', 'bursts'] }),
    onError: (e) => void message.error(errorText(e)),
  })
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  const canManage = can(me, 'campaigns:manage')
  return (
    <>
      <Typography.Paragraph type="secondary">{t('bursts.note')}</Typography.Paragraph>
      <Table<BurstItem>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('bursts.empty')} /> }}
        data-testid="bursts-table"
        columns={[
          { title: t('bursts.col.window'), dataIndex: 'window', width: 120 },
          { title: t('bursts.col.kind'), dataIndex: 'kind', width: 100, render: (k: string) => (k === 'subject' || k === 'category' ? t(`bursts.kind.${k}`) : k) },
          { title: t('bursts.col.key'), dataIndex: 'name' },
          { title: t('bursts.col.observed'), dataIndex: 'observed', width: 100, align: 'right' as const, render: (n: number) => <Typography.Text strong type="danger">{n}</Typography.Text> },
          { title: t('bursts.col.expected'), dataIndex: 'expected', width: 100, align: 'right' as const, render: (n: number) => n.toFixed(1) },
          { title: t('bursts.col.status'), dataIndex: 'status', width: 180, render: (s: BurstItem['status'], r: BurstItem) => (
            s === 'acknowledged'
              ? <Tooltip title={formatTime(r.acknowledgedAt)}><Tag>{t('bursts.status.acknowledged')}</Tag></Tooltip>
              : canManage
                ? <Button size="small" onClick={() => ack.mutate(r.id)} loading={ack.isPending && ack.variables === r.id}>{t('bursts.ack')}</Button>
                : <Tag color="red">{t('bursts.status.open')}</Tag>
          ) },
        ]}
      />
    </>
  )
}

export function CampaignsPage({ tab = 'list' }: { tab?: 'list' | 'bursts' }) {
  const { t } = useI18n()
  const navigate = useNavigate()
  return (
    <>
      <PageHeader title={t('campaigns.title')} description={t('campaigns.desc')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => navigate(k === 'bursts' ? '/campaigns/bursts' : '/campaigns')}
          items={[
            { key: 'list', label: t('campaigns.tab.list'), children: tab === 'list' ? <CampaignList /> : null },
            { key: 'bursts', label: t('campaigns.tab.bursts'), children: tab === 'bursts' ? <BurstList /> : null },
          ]}
        />
      </Card>
    </>
  )
}
