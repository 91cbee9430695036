// Five-dimension analysis (五维度), complainant profile (投诉人画像), tags and root causes, evidence.
import { useRef, useState } from 'react'
import { Link } from 'react-router-dom'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Rate, Select, Space, Table, Tag, Typography } from 'antd'
import { DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons'
import { call, upload as postFile, type Result } from '../../api/client.ts'
import { analyseCase, caseProfile, fiveDimensionKeys, listCaseEvidence, updateCase, uploadEvidence } from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { caseKey, useStaff, type CaseDetail } from './api.ts'
import { StatusTag } from './tags.tsx'

const riskColor: Record<string, string> = { low: 'green', medium: 'gold', high: 'orange', critical: 'red' }

export function RiskTag({ level }: { level: string | null }) {
  const { td } = useI18n()
  if (!level) return null
  return <Tag color={riskColor[level] ?? 'default'} data-testid="risk-tag">{td(`case.risk.${level}`, level)}</Tag>
}

type Dim = (typeof fiveDimensionKeys)[number]

export function FiveDimensions({ c, canHandle }: { c: CaseDetail; canHandle: boolean }) {
  const { t, td, formatTime } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<Record<Dim, { score: number; note?: string }>>()
  const staff = useStaff()
  const save = useMutation({
    mutationFn: (v: Record<Dim, { score: number; note?: string }>) => {
      const body = Object.fromEntries(fiveDimensionKeys.map((k) => [k, { score: v[k]?.score ?? 0, note: v[k]?.note ?? '' }])) as Record<Dim, { score: number; note: string }>
      return call(analyseCase, { params: { id: c.id }, body })
    },
    onSuccess: (next) => {
      qc.setQueryData(caseKey(c.id), next)
      void qc.invalidateQueries({ queryKey: ['cases', 'timeline', c.id] })
      message.success(t('case.dimensions.saved'))
      setOpen(false)
    },
  })
  const a = c.analysis
  function edit() {
    save.reset()
    form.setFieldsValue(Object.fromEntries(fiveDimensionKeys.map((k) => [k, { score: a?.dimensions[k]?.score ?? 0, note: a?.dimensions[k]?.note ?? '' }])))
    setOpen(true)
  }
  return (
    <Card
      title={t('case.dimensions')} size="small" style={{ marginBottom: 16 }} data-testid="five-dimensions"
      extra={canHandle && <Button size="small" type="link" icon={<EditOutlined />} onClick={edit} data-testid="analysis-edit">{t('case.dimensions.edit')}</Button>}
    >
      {!a ? <Typography.Text type="secondary">{t('case.dimensions.none')}</Typography.Text> : (
        <>
          <Flex vertical style={{ marginBottom: 8 }}>
            <Space>
              <Typography.Text>{t('case.dimensions.risk')}</Typography.Text>
              <RiskTag level={a.risk.level} />
              <Typography.Text type="secondary">{Math.round(a.risk.score)}</Typography.Text>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('case.dimensions.by', { by: (a.by && (staff.byId.get(a.by)?.displayName ?? (a.by === staff.me?.id ? staff.me.displayName : null))) ?? '—', time: formatTime(a.at, 'MM-DD HH:mm') })}
            </Typography.Text>
          </Flex>
          {fiveDimensionKeys.map((k) => (
            <Flex key={k} justify="space-between" align="flex-start" gap={8} style={{ padding: '4px 0' }} data-testid={`dimension-${k}`}>
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Text strong={a.risk.drivers.includes(k)}>{td(`case.dimension.${k}`, k)}</Typography.Text>
                {a.dimensions[k]?.note && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.dimensions[k]?.note}</Typography.Text>}
              </Flex>
              <Rate disabled count={5} value={a.dimensions[k]?.score ?? 0} style={{ fontSize: 14, whiteSpace: 'nowrap' }} />
            </Flex>
          ))}
        </>
      )}
      <Modal open={open} title={t('case.dimensions')} onCancel={() => setOpen(false)} onOk={() => form.submit()} confirmLoading={save.isPending} okText={t('case.dimensions.save')} width={600}
        okButtonProps={{ 'data-testid': 'analysis-save' } as Record<string, string>}>
        {save.error !== null && <Alert type="error" showIcon title={<ErrText e={save.error} />} style={{ marginBottom: 12 }} />}
        <Typography.Paragraph type="secondary">{t('case.dimensions.score')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          {fiveDimensionKeys.map((k) => (
            <Flex key={k} gap={12} align="flex-start">
              <Form.Item name={[k, 'score']} label={td(`case.dimension.${k}`, k)} style={{ width: 200, marginBottom: 8 }}>
                <Rate count={5} allowClear data-testid={`analysis-score-${k}`} />
              </Form.Item>
              <Form.Item name={[k, 'note']} label={t('case.dimensions.note')} style={{ flex: 1, marginBottom: 8 }}>
                <Input maxLength={2000} />
              </Form.Item>
            </Flex>
          ))}
        </Form>
      </Modal>
    </Card>
  )
}

function ErrText({ e }: { e: unknown }) {
  const { errorText } = useI18n()
  return <>{errorText(e)}</>
}

function counts(rec: Record<string, number>, prefix: string, td: (k: string, f?: string) => string): string {
  return Object.entries(rec).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${td(`${prefix}.${k}`, k)} ${n}`).join('、') || '—'
}

export function ComplainantProfile({ c }: { c: CaseDetail }) {
  const { t, td, formatTime } = useI18n()
  const q = useQuery({ queryKey: ['cases', 'profile', c.id], queryFn: () => call(caseProfile, { params: { id: c.id } }) })
  const people = q.data?.complainants ?? []
  return (
    <Card title={t('case.profile')} size="small" style={{ marginBottom: 16 }} data-testid="complainant-profile" loading={q.isLoading}>
      {q.error ? <ErrText e={q.error} /> : people.length === 0 ? <Typography.Text type="secondary">{t('case.profile.none')}</Typography.Text> : people.map((p) => (
        <div key={p.partyId} style={{ marginBottom: 8 }}>
          <Space wrap size={6} style={{ marginBottom: 4 }}>
            <Typography.Text strong>{p.name ?? '—'}</Typography.Text>
            <Tag color={p.cases > 2 ? 'orange' : 'default'}>{t('case.profile.cases', { n: p.cases })}</Tag>
            {p.viaAgent > 0 && <Tag color="purple">{t('case.profile.viaAgent', { n: p.viaAgent })}</Tag>}
            {Object.keys(p.campaigns).map((id) => (
              <Link key={id} to={`/campaigns/${id}`} data-testid="profile-campaign">
                <Tag color="red">{t('case.profile.inCampaign', { n: p.campaigns[id] ?? 0 })}</Tag>
              </Link>
            ))}
          </Space>
          <Descriptions size="small" column={1}
            items={[
              { key: 's', label: '', children: t('case.profile.span', { first: formatTime(p.firstAt, 'YYYY-MM-DD'), last: formatTime(p.lastAt, 'YYYY-MM-DD') }) },
              { key: 'c', label: t('case.profile.channels'), children: counts(p.channels, 'case.channel', td) },
              { key: 'd', label: t('case.profile.demands'), children: counts(p.demandTypes, 'case.demand', td) },
              { key: 'o', label: t('case.profile.outcomes'), children: counts(p.outcomes, 'case.outcome', td) },
            ].filter((i) => i.key !== 's' || p.cases > 0)}
          />
          {p.recent.filter((r) => r.id !== c.id).length > 0 && (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('case.profile.recent')}</Typography.Text>
              {p.recent.filter((r) => r.id !== c.id).map((r) => (
                <Flex key={r.id} gap={6} align="center" style={{ fontSize: 12 }}>
                  <Link to={`/cases/${r.id}`}>{r.number}</Link>
                  <StatusTag status={r.status} />
                  <Typography.Text ellipsis style={{ fontSize: 12 }}>{r.subjectName}</Typography.Text>
                </Flex>
              ))}
            </>
          )}
        </div>
      ))}
    </Card>
  )
}

/** Tags and root causes (溯源整改), edited in place through PATCH /cases/:id. */
export function TagsEditor({ c, canHandle }: { c: CaseDetail; canHandle: boolean }) {
  const { t } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const [editing, setEditing] = useState(false)
  const [tags, setTags] = useState<string[]>(c.tags)
  const [rootCauses, setRootCauses] = useState<string[]>(c.rootCauses)
  const save = useMutation({
    mutationFn: () => call(updateCase, { params: { id: c.id }, body: { tags, rootCauses } }),
    onSuccess: (next) => {
      qc.setQueryData(caseKey(c.id), next)
      message.success(t('case.tags.saved'))
      setEditing(false)
    },
  })
  if (!editing) {
    return (
      <Flex gap={16} wrap align="center" data-testid="case-tags">
        <Space size={4} wrap><Typography.Text type="secondary">{t('case.tags')}:</Typography.Text>{c.tags.length ? c.tags.map((x) => <Tag key={x}>{x}</Tag>) : '—'}</Space>
        <Space size={4} wrap><Typography.Text type="secondary">{t('case.rootCauses')}:</Typography.Text>{c.rootCauses.length ? c.rootCauses.map((x) => <Tag key={x} color="geekblue">{x}</Tag>) : '—'}</Space>
        {canHandle && <Button size="small" type="link" icon={<EditOutlined />} onClick={() => { setTags(c.tags); setRootCauses(c.rootCauses); setEditing(true) }}>{t('case.tags.edit')}</Button>}
      </Flex>
    )
  }
  return (
    <Flex gap={8} wrap align="center">
      <Select mode="tags" value={tags} onChange={setTags} placeholder={`${t('case.tags')} · ${t('case.tags.hint')}`} style={{ minWidth: 220 }} open={false} />
      <Select mode="tags" value={rootCauses} onChange={setRootCauses} placeholder={`${t('case.rootCauses')} · ${t('case.tags.hint')}`} style={{ minWidth: 220 }} open={false} />
      <Button type="primary" size="small" loading={save.isPending} onClick={() => save.mutate()}>{t('common.save')}</Button>
      <Button size="small" onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
      {save.error !== null && <Typography.Text type="danger"><ErrText e={save.error} /></Typography.Text>}
    </Flex>
  )
}

type Evidence = Result<typeof listCaseEvidence>['items'][number]

/** Multipart is outside call(): upload() posts FormData with the session's CSRF token. */
export function uploadFile(caseId: string | null, file: File): Promise<Evidence> {
  return postFile(uploadEvidence, undefined, file, caseId ? { caseId } : {})
}

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`)

export function EvidenceCard({ c, canHandle }: { c: CaseDetail; canHandle: boolean }) {
  const { t, formatTime } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const input = useRef<HTMLInputElement>(null)
  const q = useQuery({ queryKey: ['cases', 'evidence', c.id], queryFn: () => call(listCaseEvidence, { params: { id: c.id } }) })
  const upload = useMutation({
    mutationFn: (f: File) => uploadFile(c.id, f),
    onSuccess: (e) => {
      message.success(t('case.evidence.uploaded', { name: e.filename }))
      void qc.invalidateQueries({ queryKey: ['cases', 'evidence', c.id] })
      void qc.invalidateQueries({ queryKey: ['cases', 'timeline', c.id] })
    },
  })
  return (
    <Card
      title={t('case.evidence')} size="small" style={{ marginBottom: 16 }} data-testid="evidence"
      extra={canHandle && (
        <>
          <input ref={input} type="file" hidden data-testid="evidence-file"
            onChange={(e) => { const f = e.target.files?.[0]; if (f) upload.mutate(f); e.target.value = '' }} />
          <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} onClick={() => input.current?.click()}>{t('case.evidence.upload')}</Button>
        </>
      )}
    >
      {upload.error !== null && <Alert type="error" showIcon title={<ErrText e={upload.error} />} style={{ marginBottom: 8 }} data-testid="evidence-error" />}
      {!q.data?.items.length ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.evidence.none')} /> : (
        <Table<Evidence>
          size="small" pagination={false} rowKey="id" dataSource={q.data.items} showHeader={false}
          columns={[
            { title: '', dataIndex: 'filename', ellipsis: true, render: (n: string, e) => <Typography.Text title={`SHA-256 ${e.sha256}`}>{n}</Typography.Text> },
            { title: '', dataIndex: 'sizeBytes', width: 80, render: size },
            { title: '', dataIndex: 'createdAt', width: 110, render: (v: string) => formatTime(v, 'MM-DD HH:mm') },
            { title: '', key: 'd', width: 40, render: (_, e) => <a href={`/api/v1/evidence/${e.id}/content`} download={e.filename} aria-label={t('case.evidence.download')}><DownloadOutlined /></a> },
          ]}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('case.evidence.limits')}</Typography.Text>
    </Card>
  )
}
