// Workflow buttons for the actions the server allows now; each opens a dialog asking what that action needs.
import { useState } from 'react'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, App as AntApp, Button, DatePicker, Flex, Form, Input, Modal, Select, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { call, ApiError } from '../../api/client.ts'
import { casePriorities, escalationBodies, outcomes, waitingOn } from '../../../../src/contracts/cases.schema.ts'
import { useProductLineOptions } from './terms.ts'
import { useI18n } from '../../i18n/index.tsx'
import { caseActionEp, caseKey, findCaseByNumber, useQueues, useStaff, type CaseAction, type CaseDetail } from './api.ts'

/** Main path first, exits last: the first allowed one is the primary button. */
const order: CaseAction[] = [
  'triage', 'assign', 'start', 'resume', 'unhold', 'propose', 'resolve', 'close', 'wait', 'return', 'reassign', 'reopen', 'appeal', 'deescalate', 'hold',
  'close_duplicate', 'escalate', 'withdraw',
]
const danger = new Set<CaseAction>(['withdraw', 'escalate', 'close_duplicate'])

type Values = Record<string, string | undefined>
type FormValues = Record<string, string | Dayjs | undefined>

export function ActionButtons({ detail }: { detail: Pick<CaseDetail, 'id' | 'allowedActions' | 'category' | 'priority' | 'queueId'> }) {
  const { t, td, errorText } = useI18n()
  const productLines = useProductLineOptions()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const [open, setOpen] = useState<CaseAction | null>(null)
  const [form] = Form.useForm<FormValues>()
  const queues = useQueues()
  const staff = useStaff()

  const run = useMutation({
    mutationFn: async ({ action, values }: { action: CaseAction; values: Values }) => {
      const { duplicateOfNumber, ...rest } = values
      const body: Values = {}
      for (const [k, v] of Object.entries(rest)) if (v) body[k] = v
      // The original is named by its number, as staff know it; the list endpoint finds its id.
      if (action === 'close_duplicate' && duplicateOfNumber) body.duplicateOf = (await findCaseByNumber(duplicateOfNumber)).id
      return call(caseActionEp, { params: { id: detail.id, action }, body })
    },
    onSuccess: (next, { action }) => {
      qc.setQueryData(caseKey(detail.id), next)
      void qc.invalidateQueries({ queryKey: ['cases'] })
      setOpen(null)
      message.success(t('case.action.done', { action: td(`case.action.${action}`, action) }))
    },
  })

  const allowedFrom409 =
    run.error instanceof ApiError && run.error.code === 'cases.invalid_transition'
      ? ((run.error.details as { allowed?: string[] } | undefined)?.allowed ?? [])
      : null

  const actions = order.filter((a) => detail.allowedActions.includes(a))
  const enumOptions = (values: readonly string[], prefix: string) => values.map((v) => ({ value: v, label: td(`${prefix}.${v}`, v) }))

  function openDialog(a: CaseAction) {
    run.reset()
    form.resetFields()
    if (a === 'triage') form.setFieldsValue({ category: detail.category ?? undefined, priority: detail.priority, queueId: detail.queueId ?? undefined })
    setOpen(a)
  }

  const required = [{ required: true, message: t('intake.required') }]
  return (
    <>
      <Flex gap={8} wrap data-testid="case-actions">
        {actions.length === 0 && <Typography.Text type="secondary">{t('case.actions.none')}</Typography.Text>}
        {actions.map((a, i) => (
          <Button key={a} type={i === 0 ? 'primary' : 'default'} danger={danger.has(a)} onClick={() => openDialog(a)} data-testid={`action-${a}`}>
            {td(`case.action.${a}`, a)}
          </Button>
        ))}
      </Flex>
      <Modal
        open={open !== null}
        title={open === 'escalate' ? t('case.escalate.title') : open ? td(`case.action.${open}`, open) : ''}
        onCancel={() => setOpen(null)}
        onOk={() => form.submit()}
        confirmLoading={run.isPending}
        okButtonProps={{ 'data-testid': 'action-confirm' } as Record<string, string>}
        forceRender
      >
        {run.error && (
          <Alert
            type="error" showIcon style={{ marginBottom: 12 }} data-testid="action-error"
            title={errorText(run.error)}
            description={allowedFrom409 && t('case.action.allowed', { actions: allowedFrom409.map((a) => td(`case.action.${a}`, a)).join('、') || t('common.none') })}
          />
        )}
        <Form
          form={form} layout="vertical"
          onFinish={(values) => {
            if (!open) return
            const plain: Values = {}
            for (const [k, v] of Object.entries(values)) plain[k] = typeof v === 'string' || v === undefined ? v : v.toISOString()
            run.mutate({ action: open, values: plain })
          }}
        >
          {open === 'triage' && (
            <>
              <Form.Item name="category" label={t('case.action.category')}><Input maxLength={100} data-testid="action-category" /></Form.Item>
              <Form.Item name="priority" label={t('case.action.priority')}><Select options={enumOptions(casePriorities, 'case.priority')} /></Form.Item>
              <Form.Item name="productLine" label={t('case.action.productLine')}><Select allowClear showSearch optionFilterProp="label" options={productLines} /></Form.Item>
              <Form.Item name="queueId" label={t('case.action.queue')}>
                <Select allowClear options={(queues.data?.items ?? []).map((q) => ({ value: q.id, label: q.name }))} />
              </Form.Item>
            </>
          )}
          {(open === 'assign' || open === 'reassign') && (
            <Form.Item name="assigneeId" label={t('case.action.assignee')}>
              <Select
                allowClear placeholder={t('cases.assignee.auto')} data-testid="action-assignee"
                options={[
                  ...(staff.me ? [{ value: staff.me.id, label: `${t('cases.assignee.me')} (${staff.me.displayName})` }] : []),
                  ...staff.handlers.filter((u) => u.id !== staff.me?.id).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` })),
                ]}
              />
            </Form.Item>
          )}
          {open === 'wait' && (
            <Form.Item name="waitingOn" label={t('case.action.waitingOn')} initialValue="complainant">
              <Select options={enumOptions(waitingOn, 'case.waitingOn')} />
            </Form.Item>
          )}
          {open === 'resolve' && (
            <Form.Item name="outcome" label={t('case.action.outcome')} rules={required}>
              <Select options={enumOptions(outcomes, 'case.outcome')} data-testid="action-outcome" />
            </Form.Item>
          )}
          {open === 'escalate' && (
            <>
              <Form.Item name="body" label={t('case.escalate.body')} rules={required}>
                <Select options={enumOptions(escalationBodies, 'case.body')} data-testid="action-body" />
              </Form.Item>
              <Form.Item name="reference" label={t('case.escalate.reference')}><Input maxLength={200} /></Form.Item>
            </>
          )}
          {open === 'hold' && (
            <>
              <Typography.Paragraph type="secondary">{t('case.action.holdClock')}</Typography.Paragraph>
              <Form.Item name="reason" label={t('case.action.reason')} rules={required}>
                <Input.TextArea rows={2} maxLength={1000} data-testid="action-reason" />
              </Form.Item>
              <Form.Item name="until" label={t('case.action.until')}>
                <DatePicker showTime data-testid="action-until" />
              </Form.Item>
            </>
          )}
          {open === 'close_duplicate' && (
            <>
              <Typography.Paragraph type="secondary">{t('case.action.closeDuplicateHint')}</Typography.Paragraph>
              <Form.Item name="duplicateOfNumber" label={t('case.action.duplicateOf')} rules={required}>
                <Input placeholder="TP-2026-000123" maxLength={40} data-testid="action-duplicate-of" />
              </Form.Item>
            </>
          )}
          {open === 'appeal' && (
            <Form.Item name="reason" label={t('case.action.grounds')} rules={required}>
              <Input.TextArea rows={3} maxLength={1000} data-testid="action-reason" />
            </Form.Item>
          )}
          {(open === 'reopen' || open === 'withdraw' || open === 'return') && (
            <Form.Item name="reason" label={t('case.action.reason')} rules={open === 'reopen' ? required : undefined}>
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          )}
          <Form.Item name="note" label={t('case.action.note')}>
            <Input.TextArea rows={2} maxLength={5000} data-testid="action-note" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
