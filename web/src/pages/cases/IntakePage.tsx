// Staff intake: a complaint received by phone, email, app, an agent or a regulator transfer.
import { useRef, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App as AntApp, AutoComplete, Button, Card, Checkbox, Col, DatePicker, Divider, Flex, Form, Input, InputNumber, Row, Select, Space, TreeSelect, Typography } from 'antd'
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import type { z } from 'zod'
import { call, newIdempotencyKey } from '../../api/client.ts'
import {
  caseChannels, caseKinds, casePriorities, createComplaint, demandTypes, subjectTypes, type ComplaintCreate,
} from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { PageHeader } from '../../components/Common.tsx'
import { useQueues, useTaxonomy } from './api.ts'
import { categoryTree, useProductLineOptions } from './terms.ts'
import { yuanToFen } from './clock.ts'
import { uploadFile } from './Insights.tsx'

interface PartyValues { name?: string; phone?: string; idNumber?: string; email?: string; address?: string; bankAccount?: string }
interface Values {
  kind: ComplaintCreate['kind']
  channel: ComplaintCreate['channel']
  priority: ComplaintCreate['priority']
  text: string
  receivedAt?: Dayjs
  subject: { type: ComplaintCreate['subject']['type']; name: string; ref?: string }
  complainants: PartyValues[]
  hasAgent?: boolean
  agent?: PartyValues & { organization?: string; powerOfAttorneyEvidenceId?: string }
  category?: string
  productLine?: string
  issueType?: string
  demandType?: ComplaintCreate['demandType']
  demandAmount?: number
  region?: string
  tags?: string[]
  queueId?: string
  regulatorReference?: string
  regulatorDueAt?: Dayjs
}

/** Drops empty strings: the API reads an absent field as "not given", an empty one as invalid. */
function party<T extends object>(p: T): T {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => typeof v !== 'string' || v.trim() !== '')) as T
}

export function IntakePage() {
  const { t, td, errorText, locale } = useI18n()
  const navigate = useNavigate()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()
  const queues = useQueues()
  // Admin-edited taxonomy: active terms with their labels; the built-in lists while it loads or if it fails.
  const demandTerms = useTaxonomy('demand_type').data?.items.filter((x) => x.active)
  const issueTerms = useTaxonomy('issue_type').data?.items.filter((x) => x.active)
  const categories = categoryTree(useTaxonomy('category').data?.items, locale)
  const termOptions = (items: { code: string; labelZh: string; labelEn: string }[]) =>
    items.map((x) => ({ value: x.code, label: locale === 'zh-CN' ? x.labelZh : x.labelEn }))
  const productLineOptions = useProductLineOptions()
  const [form] = Form.useForm<Values>()
  const [key] = useState(newIdempotencyKey) // one key per opened form: a retried submit creates nothing new
  const kind = Form.useWatch('kind', form)
  const channel = Form.useWatch('channel', form)
  const hasAgent = Form.useWatch('hasAgent', form)
  const regulator = kind === 'regulator_transfer' || channel === 'regulator'
  // 授权委托书: uploaded before the case exists; the intake attaches it by its evidence id.
  const poaInput = useRef<HTMLInputElement>(null)
  const [poaName, setPoaName] = useState<string | null>(null)
  const poaUpload = useMutation({
    mutationFn: (f: File) => uploadFile(null, f),
    onSuccess: (ev) => {
      setPoaName(`${ev.filename} · SHA-256 ${ev.sha256.slice(0, 12)}…`)
      form.setFieldValue(['agent', 'powerOfAttorneyEvidenceId'], ev.id)
    },
  })

  const create = useMutation({
    mutationFn: (v: Values) => {
      const body: z.input<typeof ComplaintCreate> = {
        kind: v.kind, channel: v.channel, priority: v.priority, text: v.text,
        receivedAt: v.receivedAt?.toISOString(),
        subject: party({ type: v.subject.type, name: v.subject.name, ref: v.subject.ref }),
        complainants: (v.complainants ?? []).filter((p) => p.name?.trim()).map((p) => party({ ...p, name: p.name ?? '' })),
        agent: v.hasAgent && v.agent?.name ? party({ ...v.agent, name: v.agent.name }) : undefined,
        category: v.category || undefined, productLine: v.productLine, issueType: v.issueType || undefined, demandType: v.demandType,
        demandAmountFen: v.demandAmount !== undefined && v.demandAmount !== null ? yuanToFen(v.demandAmount) : undefined,
        region: v.region || undefined, queueId: v.queueId, tags: v.tags?.length ? v.tags : undefined,
        regulator: regulator && v.regulatorReference && v.regulatorDueAt ? { reference: v.regulatorReference, dueAt: v.regulatorDueAt.toISOString() } : undefined,
      }
      return call(createComplaint, { body }, { idempotencyKey: key })
    },
    onSuccess: (c) => {
      message.success(t('intake.created', { number: c.number }))
      void qc.invalidateQueries({ queryKey: ['cases'] })
      void navigate(`/cases/${c.id}`)
    },
  })

  const enumOptions = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: td(`${prefix}.${v}`, v) }))
  const required = [{ required: true, message: t('intake.required') }]
  const partyFields = (prefix: (string | number)[]) => (
    <Row gutter={12}>
      <Col xs={24} md={8}><Form.Item name={[...prefix, 'name']} label={t('case.party.name')}><Input maxLength={100} data-testid="intake-party-name" /></Form.Item></Col>
      <Col xs={24} md={8}><Form.Item name={[...prefix, 'phone']} label={t('case.party.phone')}><Input maxLength={20} /></Form.Item></Col>
      <Col xs={24} md={8}><Form.Item name={[...prefix, 'idNumber']} label={t('case.party.idNumber')}><Input maxLength={20} /></Form.Item></Col>
      <Col xs={24} md={8}><Form.Item name={[...prefix, 'email']} label={t('case.party.email')}><Input maxLength={200} /></Form.Item></Col>
      <Col xs={24} md={8}><Form.Item name={[...prefix, 'bankAccount']} label={t('case.party.bankAccount')}><Input maxLength={30} /></Form.Item></Col>
      <Col xs={24} md={8}><Form.Item name={[...prefix, 'address']} label={t('case.party.address')}><Input maxLength={300} /></Form.Item></Col>
    </Row>
  )

  return (
    <div data-testid="intake-page">
      <PageHeader title={t('intake.title')} description={t('intake.desc')} />
      <Form<Values>
        form={form} layout="vertical" onFinish={(v) => create.mutate(v)} data-testid="intake-form"
        initialValues={{ kind: 'complaint', channel: 'hotline', priority: 'normal', subject: { type: 'merchant' }, complainants: [{}] }}
      >
        <Card title={t('intake.basics')} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={6}><Form.Item name="kind" label={t('intake.kind')}><Select options={enumOptions(caseKinds, 'case.kind')} /></Form.Item></Col>
            <Col xs={24} md={6}><Form.Item name="channel" label={t('intake.channel')}><Select options={enumOptions(caseChannels, 'case.channel')} /></Form.Item></Col>
            <Col xs={24} md={6}><Form.Item name="priority" label={t('intake.priority')}><Select options={enumOptions(casePriorities, 'case.priority')} /></Form.Item></Col>
            <Col xs={24} md={6}><Form.Item name="receivedAt" label={t('intake.receivedAt')}><DatePicker showTime style={{ width: '100%' }} /></Form.Item></Col>
          </Row>
          <Form.Item name="text" label={t('intake.text')} rules={required}>
            <Input.TextArea rows={5} maxLength={20000} showCount placeholder={t('intake.text.placeholder')} data-testid="intake-text" />
          </Form.Item>
          {regulator && (
            <Row gutter={12}>
              <Col xs={24} md={12}><Form.Item name="regulatorReference" label={t('intake.regulator.reference')} rules={required}><Input maxLength={100} /></Form.Item></Col>
              <Col xs={24} md={12}><Form.Item name="regulatorDueAt" label={t('intake.regulator.dueAt')} rules={required}><DatePicker showTime style={{ width: '100%' }} /></Form.Item></Col>
            </Row>
          )}
        </Card>
        <Card title={t('intake.subject')} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={6}><Form.Item name={['subject', 'type']} label={t('intake.subject.type')}><Select options={enumOptions(subjectTypes, 'case.subjectType')} /></Form.Item></Col>
            <Col xs={24} md={10}><Form.Item name={['subject', 'name']} label={t('intake.subject.name')} rules={required}><Input maxLength={200} data-testid="intake-subject-name" /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name={['subject', 'ref']} label={t('intake.subject.ref')}><Input maxLength={200} /></Form.Item></Col>
          </Row>
        </Card>
        <Card title={t('intake.complainant')} size="small" style={{ marginBottom: 16 }}>
          <Form.List name="complainants">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key}>
                    {i > 0 && <Divider style={{ margin: '4px 0 12px' }} />}
                    <Flex justify="space-between"><Typography.Text type="secondary">#{i + 1}</Typography.Text>
                      {fields.length > 1 && <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />}
                    </Flex>
                    {partyFields([f.name])}
                  </div>
                ))}
                {fields.length < 5 && <Button icon={<PlusOutlined />} onClick={() => add({})}>{t('intake.complainant.add')}</Button>}
              </>
            )}
          </Form.List>
          <Divider style={{ margin: '16px 0 12px' }} />
          <Form.Item name="hasAgent" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('intake.agent.enable')}</Checkbox>
          </Form.Item>
          {hasAgent && (
            <>
              <Alert type="info" showIcon title={t('intake.agent.poaHint')} style={{ marginBottom: 12 }} />
              {partyFields(['agent'])}
              <Row gutter={12}>
                <Col xs={24} md={12}><Form.Item name={['agent', 'organization']} label={t('case.party.organization')}><Input maxLength={200} /></Form.Item></Col>
                <Col xs={24} md={12}>
                  <Form.Item label={t('intake.agent.poa')} required>
                    <Space.Compact style={{ width: '100%' }}>
                      <Form.Item name={['agent', 'powerOfAttorneyEvidenceId']} noStyle rules={required}>
                        <Input maxLength={36} readOnly placeholder={poaName ?? ''} data-testid="intake-poa-id" />
                      </Form.Item>
                      <Button icon={<UploadOutlined />} loading={poaUpload.isPending} onClick={() => poaInput.current?.click()}>{t('case.evidence.upload')}</Button>
                    </Space.Compact>
                    <input ref={poaInput} type="file" hidden data-testid="intake-poa-file"
                      onChange={(e) => { const f = e.target.files?.[0]; if (f) poaUpload.mutate(f); e.target.value = '' }} />
                    {poaName && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{poaName}</Typography.Text>}
                    {poaUpload.error !== null && <div><Typography.Text type="danger" style={{ fontSize: 12 }}>{errorText(poaUpload.error)}</Typography.Text></div>}
                  </Form.Item>
                </Col>
              </Row>
            </>
          )}
        </Card>
        <Card title={t('intake.classification')} size="small" style={{ marginBottom: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="category" label={t('intake.category')}>
                <TreeSelect allowClear showSearch={{ treeNodeFilterProp: 'path' }} treeNodeLabelProp="path" treeData={categories} data-testid="intake-category" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="productLine" label={t('intake.productLine')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={productLineOptions} data-testid="intake-product-line" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="issueType" label={t('intake.issueType')} extra={t('intake.issueType.help')}>
                <AutoComplete maxLength={100} allowClear filterOption={(input, o) => `${String(o?.value ?? '')} ${String(o?.label ?? '')}`.includes(input)}
                  options={(issueTerms ?? []).map((x) => ({ value: x.code, label: `${locale === 'zh-CN' ? x.labelZh : x.labelEn} (${x.code})` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}><Form.Item name="demandType" label={t('intake.demandType')}><Select allowClear options={demandTerms ? termOptions(demandTerms) : enumOptions(demandTypes, 'case.demand')} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="demandAmount" label={t('intake.demandAmount')}><InputNumber<number> min={0} precision={2} style={{ width: '100%' }} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="region" label={t('intake.region')}><Input maxLength={100} /></Form.Item></Col>
            <Col xs={24} md={8}><Form.Item name="queueId" label={t('intake.queue')}><Select allowClear options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))} /></Form.Item></Col>
            <Col xs={24} md={16}>
              <Form.Item name="tags" label={t('intake.tags')} extra={t('intake.tags.help')} rules={[{ type: 'array', max: 20 }]}>
                <Select mode="tags" tokenSeparators={[',', '，', ';', '；']} maxTagTextLength={50} open={false} data-testid="intake-tags" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        {create.error && <IntakeError error={create.error} />}
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="intake-submit">{t('intake.submit')}</Button>
          <Button onClick={() => navigate('/cases')}>{t('common.cancel')}</Button>
        </Flex>
      </Form>
    </div>
  )
}

function IntakeError({ error }: { error: unknown }) {
  const { errorText } = useI18n()
  return <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} data-testid="intake-error" />
}
