// One campaign: reasons and signals, member timeline, shared-attribute graph, each member diffed against the
// template, and the reviewer's actions (confirm, dismiss, playbook, evidence export).
import { useMemo, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { App as AntApp, Button, Card, Col, Descriptions, Dropdown, Flex, Form, Input, Modal, Progress, Row, Select, Space, Tag, Timeline, Typography } from 'antd'
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons'
import { call, type Result } from '../../api/client.ts'
import { applyCampaignPlaybook, confirmCampaign, dismissCampaign, getCampaign } from '../../../../src/contracts/campaigns.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import type { MessageKey } from '../../i18n/zh-CN.ts'
import { can, useSession } from '../../auth/session.tsx'
import { ErrorState, Loading, PageHeader } from '../../components/Common.tsx'
import { CampaignGraph } from './CampaignGraph.tsx'
import { diffTexts, sameShare } from './diff.ts'
import { ScoreTag, statusColor } from './CampaignsPage.tsx'

type Detail = Result<typeof getCampaign>
type Member = Detail['members'][number]


export function DiffView({ template, text }: { template: string; text: string }) {
  const parts = useMemo(() => diffTexts(template, text), [template, text])
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9, marginBottom: 0 }} data-testid="campaign-diff">
      {parts.map((p, i) =>
        p.op === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.op === 'added' ? (
          <mark key={i} style={{ background: '#d9f7be', padding: 0 }}>{p.text}</mark>
        ) : (
          <del key={i} style={{ color: '#cf1322', background: '#fff1f0' }}>{p.text}</del>
        ),
      )}
    </Typography.Paragraph>
  )
}

function ReviewModal({ kind, id, onClose }: { kind: 'confirm' | 'dismiss' | null; id: string; onClose: () => void }) {
  const { t, errorText } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const [form] = Form.useForm<{ reason: string }>()
  const m = useMutation({
    mutationFn: (reason: string) => call(kind === 'confirm' ? confirmCampaign : dismissCampaign, { params: { id }, body: { reason } }),
    onSuccess: () => {
      void message.success(t('campaigns.action.done'))
      void qc.invalidateQueries({ queryKey: ['campaigns'] })
      form.resetFields()
      onClose()
    },
    onError: (e) => void message.error(errorText(e)),
  })
  return (
    <Modal
      open={kind !== null}
      title={kind === 'confirm' ? t('campaigns.action.confirm') : t('campaigns.action.dismiss')}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => m.mutate(v.reason))}
      confirmLoading={m.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('campaigns.action.reason')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function PlaybookModal({ open, id, onClose }: { open: boolean; id: string; onClose: () => void }) {
  const { t, errorText } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const [form] = Form.useForm<{ tag?: string; note?: string }>()
  const m = useMutation({
    mutationFn: (v: { tag?: string; note?: string }) => call(applyCampaignPlaybook, { params: { id }, body: { tag: v.tag?.trim() || undefined, note: v.note?.trim() || undefined } }),
    onSuccess: (r) => {
      void message.success(t('campaigns.action.playbook.done', { tagged: r.tagged, noted: r.noted }))
      void qc.invalidateQueries({ queryKey: ['campaigns'] })
      form.resetFields()
      onClose()
    },
    onError: (e) => void message.error(errorText(e)),
  })
  return (
    <Modal open={open} title={t('campaigns.action.playbook')} onCancel={onClose} onOk={() => void form.validateFields().then((v) => m.mutate(v))} confirmLoading={m.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ tag: '疑似黑产' }}>
        <Form.Item name="tag" label={t('campaigns.action.playbook.tag')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('campaigns.action.playbook.note')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

const signalKeys = ['text', 'identity', 'agent', 'timing', 'demand', 'history'] as const

export function CampaignPage() {
  const { id = '' } = useParams()
  const { t, formatTime } = useI18n()
  const { me } = useSession()
  const q = useQuery({ queryKey: ['campaigns', 'detail', id], queryFn: () => call(getCampaign, { params: { id } }) })
  const [review, setReview] = useState<'confirm' | 'dismiss' | null>(null)
  const [playbook, setPlaybook] = useState(false)
  const [selected, setSelected] = useState<string | null>(null)
  const graphLabels = useMemo(
    () => ({ case: t('campaigns.detail.graph.case'), attribute: t('campaigns.detail.graph.attribute'), template: t('campaigns.detail.graph.template') }),
    [t],
  )
  if (q.isLoading) return <Loading />
  if (q.error || !q.data) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  const c = q.data
  const canManage = can(me, 'campaigns:manage')
  const others = c.members.filter((m) => m.caseId !== c.template.caseId)
  const member: Member | undefined = c.members.find((m) => m.caseId === selected) ?? others[0] ?? c.members[0]
  const evidenceUrl = (format: 'json' | 'pdf') => `/api/v1/campaigns/${c.id}/evidence?format=${format}`

  return (
    <>
      <Link to="/campaigns"><ArrowLeftOutlined /> {t('campaigns.back')}</Link>
      <PageHeader
        title={<Space>{t('campaigns.detail.title', { id: c.id.slice(-8) })}<Tag color={statusColor[c.status]}>{t(`campaigns.status.${c.status}` as MessageKey)}</Tag><ScoreTag score={c.score} low={c.belowThreshold} /></Space>}
        description={c.reasons[0]}
        extra={
          <>
            {canManage && c.status !== 'confirmed' && <Button danger onClick={() => setReview('confirm')}>{t('campaigns.action.confirm')}</Button>}
            {canManage && c.status !== 'dismissed' && <Button onClick={() => setReview('dismiss')}>{t('campaigns.action.dismiss')}</Button>}
            {canManage && <Button onClick={() => setPlaybook(true)}>{t('campaigns.action.playbook')}</Button>}
            <Dropdown
              menu={{
                items: [
                  { key: 'json', label: <a href={evidenceUrl('json')} download>{t('campaigns.action.exportJson')}</a> },
                  { key: 'pdf', label: <a href={evidenceUrl('pdf')} download>{t('campaigns.action.exportPdf')}</a> },
                ],
              }}
            >
              <Button icon={<DownloadOutlined />}>{t('campaigns.action.export')}</Button>
            </Dropdown>
          </>
        }
      />
      {c.review.at && (
        <Typography.Paragraph type="secondary">{t('campaigns.detail.review', { by: c.review.by ?? '—', at: formatTime(c.review.at), note: c.review.note ?? '' })}</Typography.Paragraph>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('campaigns.detail.reasons')} size="small">
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="campaign-reasons">
              {c.reasons.map((r) => <li key={r}>{r}</li>)}
            </ul>
            <Descriptions size="small" column={2} style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('campaigns.col.members')}>{c.members.length}</Descriptions.Item>
              <Descriptions.Item label={t('campaigns.col.complainants')}>{c.complainants}</Descriptions.Item>
              <Descriptions.Item label={t('campaigns.col.growth')}>+{c.growth7d}</Descriptions.Item>
              <Descriptions.Item label={t('campaigns.col.span')}>{formatTime(c.firstFiledAt, 'YYYY-MM-DD')} — {formatTime(c.lastFiledAt, 'YYYY-MM-DD')}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('campaigns.detail.signals')} size="small">
            {signalKeys.map((k) => (
              <Flex key={k} align="center" gap={8}>
                <Typography.Text style={{ width: 80 }}>{t(`campaigns.signal.${k}`)}</Typography.Text>
                <Progress percent={Math.round(c.signals[k] * 100)} size="small" showInfo style={{ flex: 1, margin: 0 }} />
              </Flex>
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('campaigns.detail.graph')} size="small">
            <CampaignGraph graph={c.graph} labels={graphLabels} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('campaigns.detail.timeline')} size="small" style={{ maxHeight: 440, overflow: 'auto' }}>
            <Timeline
              items={c.members.map((m) => ({
                color: m.caseId === c.template.caseId ? 'purple' : 'blue',
                children: (
                  <div>
                    <Link to={`/cases/${m.caseId}`}>{m.number}</Link>{' '}
                    <Typography.Text type="secondary">{formatTime(m.filedAt, 'YYYY-MM-DD HH:mm')}</Typography.Text>{' '}
                    {m.similarity !== null && <Tag>{t('campaigns.detail.similarity', { value: `${Math.round(m.similarity * 100)} %` })}</Tag>}
                    <Button type="link" size="small" onClick={() => setSelected(m.caseId)}>{t('campaigns.detail.diff')}</Button>
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card
            title={t('campaigns.detail.diff')}
            size="small"
            extra={
              <Select
                style={{ width: 260 }}
                value={member?.caseId}
                onChange={setSelected}
                options={c.members.map((m) => ({ value: m.caseId, label: `${m.number}${m.similarity !== null ? ` · ${Math.round(m.similarity * 100)} %` : ''}` }))}
              />
            }
          >
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Typography.Text strong>{t('campaigns.detail.template')}</Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9 }}>{c.template.text}</Typography.Paragraph>
              </Col>
              <Col xs={24} md={12}>
                {member && (
                  <>
                    <Typography.Text strong>{t('campaigns.detail.member')} {member.number}</Typography.Text>{' '}
                    <Typography.Text type="secondary">{t('campaigns.detail.same', { value: `${Math.round(sameShare(diffTexts(c.template.text, member.text)) * 100)} %` })}</Typography.Text>
                    <DiffView template={c.template.text} text={member.text} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('campaigns.detail.legend')}</Typography.Text>
                  </>
                )}
              </Col>
            </Row>
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('campaigns.detail.history')} size="small">
            <Timeline
              items={c.history.map((h) => ({
                children: (
                  <span>
                    <Typography.Text type="secondary">{formatTime(h.at)}</Typography.Text>{' '}
                    {(['opened', 'member_added', 'member_removed', 'confirmed', 'dismissed', 'playbook_applied'] as const).includes(h.event as 'opened')
                      ? t(`campaigns.history.${h.event}` as MessageKey)
                      : h.event}
                    {typeof h.data.reason === 'string' ? ` — ${h.data.reason}` : ''}
                    {Array.isArray(h.data.caseIds) ? ` (${h.data.caseIds.length})` : ''}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <ReviewModal kind={review} id={c.id} onClose={() => setReview(null)} />
      <PlaybookModal open={playbook} id={c.id} onClose={() => setPlaybook(false)} />
    </>
  )
}
