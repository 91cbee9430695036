// One case: header with clock and actions, parties, text, timeline, playbook, clock detail and settlement.
import { useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert, App as AntApp, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, Modal, Row, Segmented, Select, Space, Table, Tag,
  Timeline, Typography,
} from 'antd'
import { ArrowLeftOutlined, CheckOutlined, EyeOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons'
import { call, type Result } from '../../api/client.ts'
import {
  addNote, caseTimeline, extendCase, getCase, revealParty, unsealReporter,
} from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { can } from '../../auth/session.tsx'
import { ErrorState, Loading } from '../../components/Common.tsx'
import { ClockBadge } from './ClockBadge.tsx'
import { ActionButtons } from './ActionButtons.tsx'
import { PriorityTag, StatusTag } from './tags.tsx'
import { caseKey, completeStepEp, isGrantee, useQueues, useStaff, type CaseDetail } from './api.ts'
import { fenToYuan } from './clock.ts'
import { useTermLabel } from './terms.ts'
import { Settlement } from './Settlement.tsx'
import { ComplainantProfile, EvidenceCard, FiveDimensions, RiskTag, TagsEditor } from './Insights.tsx'

type Party = CaseDetail['parties'][number]
type CaseEvent = Result<typeof caseTimeline>['items'][number]

export function CasePage() {
  const { id = '' } = useParams()
  const { t, td, formatTime } = useI18n()
  const q = useQuery({ queryKey: caseKey(id), queryFn: () => call(getCase, { params: { id } }) })
  const staff = useStaff()
  const queues = useQueues()
  const productLineLabel = useTermLabel('product_line', 'case.productLine')
  const issueTypeLabel = useTermLabel('issue_type')
  const demandTypeLabel = useTermLabel('demand_type', 'case.demand')
  const categoryLabel = useTermLabel('category')
  const [extendOpen, setExtendOpen] = useState(false)

  if (q.isLoading) return <Loading />
  if (q.error || !q.data) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  const c = q.data
  const me = staff.me
  const canHandle = can(me, 'cases:handle')
  // A grant shows the case, its parties (masked), clock and external timeline; nothing of the desk's work.
  const grantee = isGrantee(me)
  const assignee = c.assigneeId ? (c.assigneeId === me?.id ? `${t('cases.assignee.me')} (${me.displayName})` : (staff.byId.get(c.assigneeId)?.displayName ?? c.assigneeId.slice(0, 8))) : t('cases.assignee.unassigned')
  const open = c.sla.targets.filter((x) => !x.completedAt)
  const main = [...open].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0] ?? c.sla.targets[c.sla.targets.length - 1]

  return (
    <div data-testid="case-page" data-case-number={c.number}>
      <Link to="/cases"><Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>{t('case.back')}</Button></Link>
      <Card style={{ marginBottom: 16 }} data-testid="case-header">
        <Flex justify="space-between" gap={16} wrap>
          <div style={{ minWidth: 0 }}>
            <Space size={8} wrap align="center">
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-number">{c.number}</Typography.Title>
              <StatusTag status={c.status} />
              <PriorityTag priority={c.priority} />
              <RiskTag level={c.riskLevel} />
              <Tag>{td(`case.kind.${c.kind}`, c.kind)}</Tag>
              <Tag>{td(`case.channel.${c.channel}`, c.channel)}</Tag>
              {c.anonymous && <Tag icon={<LockOutlined />}>{t('cases.anonymous')}</Tag>}
              {c.duplicateOf && <Link to={`/cases/${c.duplicateOf}`}><Tag color="warning">{t('cases.duplicateOf')}</Tag></Link>}
              {c.campaignId && <Link to={`/campaigns/${c.campaignId}`}><Tag color="volcano" data-testid="case-campaign">{t('campaigns.partOf')}</Tag></Link>}
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
              {c.subject.name} · {t('case.header.received', { time: formatTime(c.receivedAt, 'YYYY-MM-DD HH:mm') })}
            </Typography.Paragraph>
          </div>
          <Flex vertical align="flex-end" gap={6}>
            <Space>
              {main ? <ClockBadge state={c.sla.state} dueAt={main.dueAt} /> : <ClockBadge state={c.sla.state} dueAt={c.slaDueAt} />}
              {canHandle && !['resolved', 'closed', 'withdrawn'].includes(c.status) && (
                <Button size="small" onClick={() => setExtendOpen(true)} data-testid="case-extend">{t('case.extend')}</Button>
              )}
            </Space>
            {main && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {td(`case.slaTarget.${main.key}`, main.label)} · {t('case.sla.due', { time: formatTime(main.dueAt, 'YYYY-MM-DD HH:mm') })}
                {main.dueIsProvisional && t('case.sla.provisional')}
              </Typography.Text>
            )}
          </Flex>
        </Flex>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 16 }}
          items={[
            // Who handles it and in which queue are the desk's business, not the grantee's.
            ...(grantee ? [] : [
              { key: 'a', label: t('case.header.assignee'), children: <span data-testid="case-assignee">{assignee}</span> },
              { key: 'q', label: t('case.header.queue'), children: queues.data?.items.find((x) => x.id === c.queueId)?.name ?? '—' },
            ]),
            { key: 'c', label: t('case.header.category'), children: <span data-testid="case-category">{categoryLabel(c.category)}</span> },
            { key: 'p', label: t('case.header.productLine'), children: c.productLine ? `${productLineLabel(c.productLine)} · ${td(`case.sector.${c.sector}`, c.sector)}` : td(`case.sector.${c.sector}`, c.sector) },
            ...(c.issueType ? [{ key: 'i', label: t('case.header.issueType'), children: issueTypeLabel(c.issueType) }] : []),
            { key: 'd', label: t('case.header.demand'), children: demandTypeLabel(c.demandType) },
            { key: 'm', label: t('case.header.amount'), children: c.demandAmountFen !== null ? `¥${fenToYuan(c.demandAmountFen)}` : '—' },
            ...(c.regulator?.reference ? [{ key: 'r', label: t('case.header.regulatorRef'), children: `${c.regulator.reference}${c.regulator.dueAt ? ` · ${formatTime(c.regulator.dueAt, 'YYYY-MM-DD')}` : ''}` }] : []),
            ...(c.outcome ? [{ key: 'o', label: t('case.header.outcome'), children: td(`case.outcome.${c.outcome}`, c.outcome) }] : []),
            ...(c.hold ? [{
              key: 'h', label: t('case.header.hold'),
              children: <span data-testid="case-hold">{c.hold.until ? t('case.header.holdUntil', { reason: c.hold.reason, until: formatTime(c.hold.until, 'YYYY-MM-DD') }) : c.hold.reason}</span>,
            }] : []),
            ...(c.escalation ? [{ key: 'e', label: t('case.header.escalation', { body: td(`case.body.${c.escalation.body}`, c.escalation.body) }), children: c.escalation.reference ?? formatTime(c.escalation.at, 'YYYY-MM-DD HH:mm') }] : []),
          ]}
        />
        {!grantee && <div style={{ marginTop: 8 }}><TagsEditor key={c.updatedAt} c={c} canHandle={canHandle} /></div>}
        {canHandle && <div style={{ marginTop: 12 }}><ActionButtons detail={c} /></div>}
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title={t('case.text')} size="small" style={{ marginBottom: 16 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="case-text">{c.text}</Typography.Paragraph>
          </Card>
          {!grantee && <EvidenceCard c={c} canHandle={canHandle} />}
          <CaseTimeline id={c.id} canHandle={canHandle} steps={c.playbook.steps} externalOnly={grantee} />
        </Col>
        <Col xs={24} xl={9}>
          {!grantee && <Playbook c={c} canHandle={canHandle} />}
          <Parties c={c} />
          <ClockCard c={c} />
          {!grantee && (
            <>
              <Settlement c={c} />
              <FiveDimensions c={c} canHandle={canHandle} />
              <ComplainantProfile c={c} />
            </>
          )}
        </Col>
      </Row>
      <ExtendDialog c={c} open={extendOpen} onClose={() => setExtendOpen(false)} />
    </div>
  )
}

function Playbook({ c, canHandle }: { c: CaseDetail; canHandle: boolean }) {
  const { t, locale, formatTime, td } = useI18n()
  const qc = useQueryClient()
  const [error, setError] = useState<unknown>(null)
  const done = c.playbook.steps.filter((s) => s.done).length
  const complete = useMutation({
    mutationFn: (stepId: string) => call(completeStepEp, { params: { id: c.id, stepId }, body: {} }),
    onSuccess: (next) => {
      setError(null)
      qc.setQueryData(caseKey(c.id), next)
      void qc.invalidateQueries({ queryKey: ['cases', 'timeline', c.id] })
    },
    onError: (e) => setError(e),
  })
  const finished = ['closed', 'withdrawn'].includes(c.status)
  return (
    <Card title={t('case.playbook')} size="small" style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{t('case.playbook.progress', { done, total: c.playbook.steps.length })}</Typography.Text>} data-testid="playbook">
      {error !== null && <ErrorBanner error={error} />}
      <Flex vertical gap={8}>
        {c.playbook.steps.map((s) => (
          <Flex key={s.id} justify="space-between" align="center" gap={8} data-testid={`step-${s.id}`} data-done={s.done}>
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text delete={false} strong={!s.done} type={s.done ? 'secondary' : undefined}>
                {s.done ? <CheckOutlined style={{ color: '#389e0d', marginInlineEnd: 6 }} /> : null}
                {locale === 'zh-CN' ? s.label.zh : s.label.en}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {s.done ? t('case.playbook.done', { time: formatTime(s.doneAt, 'MM-DD HH:mm') }) : s.optional ? t('case.playbook.optional') : t('case.playbook.before', { action: td(`case.action.${s.requiredBefore}`, s.requiredBefore) })}
              </Typography.Text>
            </Flex>
            {!s.done && canHandle && !finished && (
              <Button size="small" loading={complete.isPending && complete.variables === s.id} onClick={() => complete.mutate(s.id)} data-testid={`step-complete-${s.id}`}>
                {t('case.playbook.complete')}
              </Button>
            )}
          </Flex>
        ))}
      </Flex>
    </Card>
  )
}

function ErrorBanner({ error }: { error: unknown }) {
  const { errorText } = useI18n()
  return <Alert type="error" showIcon style={{ marginBottom: 8 }} title={errorText(error)} />
}

const piiFields = ['name', 'phone', 'idNumber', 'email', 'address', 'bankAccount', 'agentOrganization'] as const
const piiLabel = { name: 'case.party.name', phone: 'case.party.phone', idNumber: 'case.party.idNumber', email: 'case.party.email', address: 'case.party.address', bankAccount: 'case.party.bankAccount', agentOrganization: 'case.party.organization' } as const

function Parties({ c }: { c: CaseDetail }) {
  const { t, td } = useI18n()
  const staff = useStaff()
  const [revealed, setRevealed] = useState<Record<string, Party>>({})
  const [asking, setAsking] = useState<{ party: Party; unseal: boolean } | null>(null)
  const [form] = Form.useForm<{ reason: string }>()
  const reveal = useMutation({
    mutationFn: ({ party, unseal, reason }: { party: Party; unseal: boolean; reason: string }) =>
      call(unseal ? unsealReporter : revealParty, { params: { id: c.id, partyId: party.id }, body: { reason } }),
    onSuccess: (p) => {
      setRevealed((r) => ({ ...r, [p.id]: p }))
      setAsking(null)
    },
  })
  const parties = c.parties.filter((p) => p.role !== 'subject')
  return (
    <Card title={t('case.parties')} size="small" style={{ marginBottom: 16 }} data-testid="parties">
      {parties.length === 0 && <Typography.Text type="secondary">{t('case.party.none')}</Typography.Text>}
      <Flex vertical gap={12}>
        {parties.map((p0) => {
          const p = revealed[p0.id] ?? p0
          const canReveal = p.sealed ? can(staff.me, 'reporter:unseal') : can(staff.me, 'pii:read')
          return (
            <div key={p.id} data-testid={`party-${p.role}`}>
              <Flex justify="space-between" align="center">
                <Space size={6}>
                  <Tag color={p.role === 'agent' ? 'purple' : p.role === 'reporter' ? 'gold' : 'blue'}>{td(`case.role.${p.role}`, p.role)}</Tag>
                  {p.sealed && p.masked && <Tag icon={<LockOutlined />}>{t('case.party.sealed')}</Tag>}
                  {!p.sealed && p.masked && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('case.party.masked')}</Typography.Text>}
                </Space>
                {p.masked && canReveal && (
                  <Button size="small" type="link" icon={p.sealed ? <UnlockOutlined /> : <EyeOutlined />} onClick={() => { reveal.reset(); form.resetFields(); setAsking({ party: p, unseal: p.sealed }) }} data-testid="party-reveal">
                    {p.sealed ? t('case.party.unseal') : t('case.party.reveal')}
                  </Button>
                )}
              </Flex>
              <Descriptions size="small" column={1} style={{ marginTop: 4 }}
                items={piiFields.filter((f) => p[f]).map((f) => ({ key: f, label: t(piiLabel[f]), children: <span data-testid={`pii-${f}`}>{p[f]}</span> }))}
              />
            </div>
          )
        })}
      </Flex>
      <Modal open={asking !== null} title={t('case.party.reasonTitle')} onCancel={() => setAsking(null)} onOk={() => form.submit()} confirmLoading={reveal.isPending} okButtonProps={{ 'data-testid': 'reveal-confirm' } as Record<string, string>}>
        {reveal.error && <ErrorBanner error={reveal.error} />}
        <Form form={form} layout="vertical" onFinish={(v) => asking && reveal.mutate({ ...asking, reason: v.reason })}>
          <Form.Item name="reason" label={t('case.party.reason')} rules={[{ required: true, message: t('intake.required') }]}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}

function ClockCard({ c }: { c: CaseDetail }) {
  const { t, td, formatTime } = useI18n()
  return (
    <Card title={t('case.clock.title')} size="small" style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{td(`case.slaPolicy.${c.sla.policyId}`, c.sla.policyName)}</Typography.Text>}>
      <Table
        size="small" pagination={false} rowKey="key" dataSource={c.sla.targets}
        columns={[
          { title: t('case.clock.target'), key: 'label', render: (_, x) => td(`case.slaTarget.${x.key}`, x.label) },
          { title: t('case.clock.dueAt'), dataIndex: 'dueAt', render: (v: string) => formatTime(v, 'MM-DD HH:mm') },
          { title: '', key: 's', render: (_, x) => <ClockBadge state={x.state} dueAt={x.dueAt} /> },
        ]}
      />
      {c.sla.extensions.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('case.clock.extensions')}: {c.sla.extensions.map((e) => `${td(`case.extensionRule.${e.ruleId}`, e.ruleId)} ${formatTime(e.grantedAt, 'MM-DD')}${e.applied ? '' : ` (${t('case.clock.unapplied')})`}`).join('；')}
        </Typography.Paragraph>
      )}
      {c.sla.pauses.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
          {t('case.clock.pauses')}: {c.sla.pauses.map((p) => `${formatTime(p.from, 'MM-DD HH:mm')} → ${p.to ? formatTime(p.to, 'MM-DD HH:mm') : '…'}${p.reason ? ` ${td(`case.waitingOn.${p.reason}`, p.reason)}` : ''}`).join('；')}
        </Typography.Paragraph>
      )}
    </Card>
  )
}

function ExtendDialog({ c, open, onClose }: { c: CaseDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [form] = Form.useForm<{ ruleId: string; reason: string }>()
  const extend = useMutation({
    mutationFn: (v: { ruleId: string; reason: string }) =>
      call(extendCase, { params: { id: c.id }, body: { ruleId: v.ruleId, reason: v.reason, noticeSentAt: new Date().toISOString() } }),
    onSuccess: (next) => {
      qc.setQueryData(caseKey(c.id), next)
      message.success(t('case.extend.done'))
      onClose()
    },
  })
  return (
    <Modal open={open} title={t('case.extend.title')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={extend.isPending} destroyOnHidden>
      {extend.error && <ErrorBanner error={extend.error} />}
      <Form form={form} layout="vertical" initialValues={{ ruleId: 'complex' }} onFinish={(v) => extend.mutate(v)}>
        <Form.Item name="ruleId" label={t('case.extend.rule')}>
          <Select options={[{ value: 'complex', label: t('case.extend.rule.complex') }, { value: 'special', label: t('case.extend.rule.special') }]} />
        </Form.Item>
        <Form.Item name="reason" label={t('case.extend.reason')} rules={[{ required: true, message: t('intake.required') }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('case.extend.noticeSentAt')}: {new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</Typography.Text>
      </Form>
    </Modal>
  )
}

function describeEvent(e: CaseEvent, td: (k: string, f?: string) => string, stepLabel: (id: string) => string): string {
  const b = e.body as Record<string, unknown>
  if (e.type === 'status_changed') {
    const to = typeof b.to === 'string' ? td(`case.status.${b.to}`, b.to) : ''
    const act = typeof b.action === 'string' ? td(`case.action.${b.action}`, b.action) : ''
    return `${act} → ${to}`
  }
  if (e.type === 'step_completed' && typeof b.stepId === 'string') return stepLabel(b.stepId)
  if (e.type.startsWith('sla_') && typeof b.label === 'string') return b.label
  return ''
}

/** externalOnly: a grantee is only ever shown the external entries, so the internal/external filter would mislead. */
function CaseTimeline({ id, canHandle, steps, externalOnly = false }: { id: string; canHandle: boolean; steps: CaseDetail['playbook']['steps']; externalOnly?: boolean }) {
  const { t, td, formatTime, locale } = useI18n()
  const stepLabel = (stepId: string) => {
    const s = steps.find((x) => x.id === stepId)
    return s ? (locale === 'zh-CN' ? s.label.zh : s.label.en) : stepId
  }
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [filter, setFilter] = useState<'all' | 'internal' | 'external'>('all')
  const [visibility, setVisibility] = useState<'internal' | 'external'>('internal')
  const [text, setText] = useState('')
  const q = useQuery({
    queryKey: ['cases', 'timeline', id, filter],
    queryFn: () => call(caseTimeline, { params: { id }, query: { limit: 200, visibility: filter === 'all' ? undefined : filter } }),
  })
  const add = useMutation({
    mutationFn: () => call(addNote, { params: { id }, body: { visibility, text: text.trim() } }),
    onSuccess: () => {
      setText('')
      message.success(t('case.note.added'))
      void qc.invalidateQueries({ queryKey: ['cases', 'timeline', id] })
    },
  })
  return (
    <Card
      title={t('case.timeline')} size="small" style={{ marginBottom: 16 }} data-testid="timeline"
      extra={!externalOnly && <Segmented size="small" value={filter} onChange={(v) => setFilter(v as typeof filter)} options={[
        { value: 'all', label: t('case.timeline.all') }, { value: 'internal', label: t('case.timeline.internal') }, { value: 'external', label: t('case.timeline.external') },
      ]} />}
    >
      {canHandle && (
        <div style={{ marginBottom: 16 }}>
          <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('case.note.placeholder')} maxLength={5000} data-testid="note-text" />
          <Flex justify="space-between" style={{ marginTop: 8 }}>
            <Segmented value={visibility} onChange={(v) => setVisibility(v as typeof visibility)} options={[
              { value: 'internal', label: t('case.note.internal') }, { value: 'external', label: <span data-testid="note-external">{t('case.note.external')}</span> },
            ]} />
            <Button type="primary" disabled={!text.trim()} loading={add.isPending} onClick={() => add.mutate()} data-testid="note-add">{t('case.note.add')}</Button>
          </Flex>
          {add.error && <div style={{ marginTop: 8 }}><ErrorBanner error={add.error} /></div>}
        </div>
      )}
      {q.error ? <ErrorState error={q.error} /> : !q.data?.items.length ? (
        <Empty description={t('case.timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={[...q.data.items].reverse().map((e) => {
            const b = e.body as Record<string, unknown>
            const external = e.visibility === 'external'
            const who = e.actorName ?? (e.actorKind === 'public' ? t('case.timeline.reporter') : e.actorKind === 'system' ? t('case.timeline.system') : t('public.track.fromStaff'))
            return {
              key: e.id,
              color: external ? 'green' : e.type.startsWith('sla_') ? 'red' : 'blue',
              content: (
                <div data-testid="timeline-event" data-type={e.type}>
                  <Space size={6} wrap>
                    <Typography.Text strong>{td(`case.event.${e.type}`, e.type)}</Typography.Text>
                    {external && <Tag color="green">{t('case.timeline.external')}</Tag>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{who} · {formatTime(e.at, 'MM-DD HH:mm')}</Typography.Text>
                  </Space>
                  {describeEvent(e, td, stepLabel) && <div>{describeEvent(e, td, stepLabel)}</div>}
                  {typeof b.text === 'string' && <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{b.text}</Typography.Paragraph>}
                  {typeof b.note === 'string' && <Typography.Text type="secondary">{b.note}</Typography.Text>}
                </div>
              ),
            }
          })}
        />
      )}
    </Card>
  )
}
