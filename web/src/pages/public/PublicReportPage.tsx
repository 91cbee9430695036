// 匿名举报: anyone files a report without logging in and gets a receipt code, shown once, to follow it.
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useMutation } from '@tanstack/react-query'
import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, Result, Row, Select, Typography } from 'antd'
import { call, type Result as ApiResult } from '../../api/client.ts'
import { createPublicReport } from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { SecretBox } from '../../components/Common.tsx'
import { PublicLayout } from './PublicLayout.tsx'

const reportableSubjects = ['merchant', 'listing', 'product', 'order', 'employee', 'branch', 'institution'] as const
type SubjectType = (typeof reportableSubjects)[number]

interface Values {
  subjectType: SubjectType
  subjectName: string
  subjectRef?: string
  category?: string
  text: string
  anonymous: boolean
  name?: string
  phone?: string
  email?: string
}

const blank = (s?: string) => (s?.trim() ? s.trim() : undefined)

export function PublicReportPage() {
  const { t, td, errorText } = useI18n()
  const navigate = useNavigate()
  const [form] = Form.useForm<Values>()
  const anonymous = Form.useWatch('anonymous', form) ?? true
  const [receipt, setReceipt] = useState<ApiResult<typeof createPublicReport> | null>(null)

  const file = useMutation({
    mutationFn: (v: Values) => {
      const reporter = v.anonymous ? undefined : { name: blank(v.name), phone: blank(v.phone), email: blank(v.email) }
      return call(createPublicReport, {
        body: {
          subject: { type: v.subjectType, name: v.subjectName.trim(), ref: blank(v.subjectRef) },
          text: v.text,
          category: blank(v.category),
          reporter: reporter && Object.values(reporter).some(Boolean) ? reporter : undefined,
        },
      })
    },
    onSuccess: (r) => {
      setReceipt(r)
      form.resetFields()
    },
  })

  if (receipt) {
    return (
      <PublicLayout>
        <Card data-testid="report-receipt">
          <Result
            status="success"
            title={t('public.report.received')}
            subTitle={<span data-testid="report-number">{t('public.report.number', { number: receipt.caseNumber })}</span>}
          />
          <Typography.Paragraph strong>{t('public.report.code')}</Typography.Paragraph>
          <SecretBox value={receipt.receiptCode} testId="receipt-code" label={t('public.report.code')} />
          <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('public.report.codeOnce')} />
          <Flex gap={8} justify="center" style={{ marginTop: 24 }}>
            <Button type="primary" onClick={() => void navigate('/public/track', { state: { code: receipt.receiptCode } })} data-testid="receipt-track">
              {t('public.report.track')}
            </Button>
            <Button onClick={() => setReceipt(null)}>{t('public.report.another')}</Button>
          </Flex>
        </Card>
      </PublicLayout>
    )
  }

  const required = [{ required: true, message: t('intake.required') }]
  return (
    <PublicLayout>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>{t('public.report.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('public.report.desc')}</Typography.Paragraph>
        <Form<Values> form={form} layout="vertical" initialValues={{ subjectType: 'merchant', anonymous: true }} onFinish={(v) => file.mutate(v)} data-testid="report-form">
          <Typography.Text strong>{t('public.report.subject')}</Typography.Text>
          <Row gutter={12} style={{ marginTop: 8 }}>
            <Col xs={24} md={6}>
              <Form.Item name="subjectType" label={t('intake.subject.type')}>
                <Select options={reportableSubjects.map((s) => ({ value: s, label: td(`case.subjectType.${s}`, s) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="subjectName" label={t('intake.subject.name')} rules={required}><Input maxLength={200} data-testid="report-subject" /></Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="subjectRef" label={t('intake.subject.ref')}><Input maxLength={200} /></Form.Item>
            </Col>
          </Row>
          <Form.Item name="category" label={t('public.report.category')}><Input maxLength={100} /></Form.Item>
          <Form.Item name="text" label={t('public.report.text')} rules={required}>
            <Input.TextArea rows={6} maxLength={20000} showCount placeholder={t('public.report.text.placeholder')} data-testid="report-text" />
          </Form.Item>
          <Form.Item name="anonymous" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="report-anonymous">{t('public.report.anonymous')}</Checkbox>
          </Form.Item>
          {!anonymous && (
            <Card size="small" title={t('public.report.identity')} style={{ marginBottom: 16 }}>
              <Row gutter={12}>
                <Col xs={24} md={8}><Form.Item name="name" label={t('case.party.name')}><Input maxLength={100} /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="phone" label={t('case.party.phone')}><Input maxLength={20} /></Form.Item></Col>
                <Col xs={24} md={8}><Form.Item name="email" label={t('case.party.email')}><Input maxLength={200} /></Form.Item></Col>
              </Row>
            </Card>
          )}
          {file.error && <Alert type="error" showIcon title={errorText(file.error)} style={{ marginBottom: 16 }} data-testid="report-error" />}
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Button type="primary" htmlType="submit" loading={file.isPending} data-testid="report-submit">{t('public.report.submit')}</Button>
            <Link to="/public/track">{t('public.toTrack')}</Link>
          </Flex>
        </Form>
      </Card>
    </PublicLayout>
  )
}
