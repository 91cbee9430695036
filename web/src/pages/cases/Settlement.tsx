// Settlement: the Ackerman helper (65/85/95/100 % of a target, a precise final figure), offers, approval.
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, App as AntApp, Button, Card, Flex, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd'
import { call, type Result } from '../../api/client.ts'
import { ackermanPlan, approveOffer, createOffer, listOffers } from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { can, useSession } from '../../auth/session.tsx'
import type { CaseDetail } from './api.ts'
import { fenToYuan, yuanToFen } from './clock.ts'

type Offer = Result<typeof listOffers>['items'][number]

export function Settlement({ c }: { c: CaseDetail }) {
  const { t, td, errorText, formatTime } = useI18n()
  const { me } = useSession()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [target, setTarget] = useState<number | null>(c.demandAmountFen !== null ? c.demandAmountFen / 100 : null)
  const [planFor, setPlanFor] = useState<number | null>(null)
  const [amount, setAmount] = useState<number | null>(null)
  const [direction, setDirection] = useState<'offer' | 'counter'>('offer')
  const [note, setNote] = useState('')
  const canHandle = can(me, 'cases:handle')

  const offers = useQuery({ queryKey: ['cases', 'offers', c.id], queryFn: () => call(listOffers, { params: { id: c.id } }) })
  const plan = useQuery({
    queryKey: ['cases', 'ackerman', planFor],
    queryFn: () => call(ackermanPlan, { query: { targetFen: planFor ?? 1 } }),
    enabled: planFor !== null && canHandle,
  })
  const record = useMutation({
    mutationFn: () => call(createOffer, { params: { id: c.id }, body: { direction, amountFen: yuanToFen(amount ?? 0), note: note.trim() || undefined } }),
    onSuccess: () => {
      setAmount(null)
      setNote('')
      message.success(t('case.settlement.recorded'))
      void qc.invalidateQueries({ queryKey: ['cases', 'offers', c.id] })
      void qc.invalidateQueries({ queryKey: ['cases', 'timeline', c.id] })
    },
  })
  const approve = useMutation({
    mutationFn: (offerId: string) => call(approveOffer, { params: { id: c.id, offerId } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['cases', 'offers', c.id] }),
  })
  const err = record.error ?? approve.error

  return (
    <Card title={t('case.settlement')} size="small" style={{ marginBottom: 16 }} data-testid="settlement">
      {canHandle && (
        <>
          <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
            <InputNumber<number> min={0.01} step={100} precision={2} value={target} onChange={setTarget} placeholder={t('case.settlement.target')} style={{ width: '100%' }} data-testid="ackerman-target" />
            <Button disabled={!target} onClick={() => setPlanFor(target ? yuanToFen(target) : null)} data-testid="ackerman-plan">{t('case.settlement.plan')}</Button>
          </Space.Compact>
          {plan.error && <Alert type="error" showIcon title={errorText(plan.error)} style={{ marginBottom: 8 }} />}
          {plan.data && (
            <Table
              size="small" pagination={false} rowKey="step" dataSource={plan.data.items} style={{ marginBottom: 12 }} data-testid="ackerman-table"
              columns={[
                { title: '', dataIndex: 'step', render: (n: number, r) => (r.final ? <Tag color="gold">{t('case.settlement.final')}</Tag> : t('case.settlement.step', { n })) },
                { title: '%', dataIndex: 'percent', render: (p: number) => `${p}%` },
                { title: t('case.settlement.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => <span data-testid="ackerman-amount">¥{fenToYuan(f)}</span> },
                { title: '', key: 'use', render: (_, r) => <Button size="small" type="link" onClick={() => { setDirection('offer'); setAmount(r.amountFen / 100) }}>{t('case.settlement.use')}</Button> },
              ]}
            />
          )}
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Select value={direction} onChange={setDirection} style={{ width: 110 }}
              options={(['offer', 'counter'] as const).map((d) => ({ value: d, label: t(`case.offer.direction.${d}`) }))} />
            <InputNumber<number> min={0} precision={2} value={amount} onChange={setAmount} placeholder={t('case.settlement.amount')} style={{ width: 140 }} data-testid="offer-amount" />
            <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('case.settlement.note')} style={{ flex: '1 1 120px' }} maxLength={5000} />
            <Button type="primary" disabled={amount === null} loading={record.isPending} onClick={() => record.mutate()} data-testid="offer-record">{t('case.settlement.record')}</Button>
          </Flex>
        </>
      )}
      {err && <Alert type="error" showIcon title={errorText(err)} style={{ marginBottom: 8 }} />}
      <Typography.Text strong>{t('case.settlement.offers')}</Typography.Text>
      <Table<Offer>
        size="small" pagination={false} rowKey="id" dataSource={offers.data?.items ?? []} loading={offers.isLoading}
        locale={{ emptyText: t('case.settlement.none') }} data-testid="offers"
        columns={[
          { title: t('case.settlement.direction'), dataIndex: 'direction', render: (d: string) => td(`case.offer.direction.${d}`, d) },
          { title: t('case.settlement.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => `¥${fenToYuan(f)}` },
          {
            title: t('common.status'), key: 's',
            render: (_, o) => (
              <Flex vertical>
                <Tag color={o.status === 'pending_approval' ? 'orange' : o.status === 'approved' || o.status === 'accepted' ? 'green' : 'default'}>{td(`case.offer.status.${o.status}`, o.status)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>{formatTime(o.createdAt, 'MM-DD HH:mm')}</Typography.Text>
              </Flex>
            ),
          },
          {
            title: '', key: 'a',
            render: (_, o) => o.status === 'pending_approval' && can(me, 'cases:approve') ? (
              <Button size="small" onClick={() => approve.mutate(o.id)} loading={approve.isPending && approve.variables === o.id} data-testid="offer-approve">{t('case.settlement.approve')}</Button>
            ) : null,
          },
        ]}
      />
    </Card>
  )
}
