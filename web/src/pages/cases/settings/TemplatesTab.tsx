// 消息模板: the reply templates handlers pick when messaging a complainant. Added, edited and removed
// locally, then saved as one list (the API replaces it). The placeholders come from the server's own list,
// which is also what it checks on save, so the editor can flag an unknown one before the round trip.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { Alert, App as AntApp, Button, Flex, Form, Input, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd'
import type { TextAreaRef } from 'antd/es/input/TextArea'
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call } from '../../../api/client.ts'
import { CaseLimits, listMessageTemplatePlaceholders, listMessageTemplates, setMessageTemplates } from '../../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../../i18n/index.tsx'
import { can, useSession } from '../../../auth/session.tsx'
import { ErrorAlert, ErrorState, Mono } from '../../../components/Common.tsx'

interface Template {
  id: string
  name: string
  text: string
}
const TEMPLATES_KEY = ['cases', 'message-templates'] as const
const PLACEHOLDERS_KEY = ['cases', 'message-template-placeholders'] as const
const placeholderPattern = /\{\{\s*(\w+)\s*\}\}/g

const placeholdersIn = (text: string): string[] => [...new Set([...text.matchAll(placeholderPattern)].map((m) => m[1]!))]

/**
 * The text with each {{placeholder}} as a tag: blue and in words when known (the raw name on hover), red and
 * as typed when the server would refuse it.
 */
function TemplateText({ text, known }: { text: string; known: ReadonlySet<string> }) {
  const { td } = useI18n()
  const parts: ReactNode[] = []
  let last = 0
  for (const m of text.matchAll(placeholderPattern)) {
    if (m.index > last) parts.push(text.slice(last, m.index))
    const name = m[1]!
    parts.push(
      known.has(name)
        ? <Tag key={m.index} color="blue" title={`{{${name}}}`} style={{ marginInline: 2 }}>{td(`caseSettings.templates.placeholder.${name}`, name)}</Tag>
        : <Tag key={m.index} color="red" style={{ marginInline: 2 }}>{name}</Tag>,
    )
    last = m.index + m[0].length
  }
  parts.push(text.slice(last))
  return <span style={{ whiteSpace: 'pre-wrap' }}>{parts}</span>
}

function TemplateModal({ editing, others, known, onDone, onClose }: {
  editing: Template | null // null: a new template
  others: Template[]
  known: readonly string[]
  onDone: (t: Template) => void
  onClose: () => void
}) {
  const { t, td } = useI18n()
  const [form] = Form.useForm<Template>()
  const area = useRef<TextAreaRef>(null)
  const insert = (name: string) => {
    const el = area.current?.resizableTextArea?.textArea
    const current = form.getFieldValue('text') ?? ''
    const at = el ? el.selectionStart : current.length
    const end = el ? el.selectionEnd : current.length
    form.setFieldValue('text', `${current.slice(0, at)}{{${name}}}${current.slice(end)}`)
    void form.validateFields(['text'])
  }
  return (
    <Modal
      open
      title={editing ? `${t('caseSettings.templates.edit')} · ${editing.id}` : t('caseSettings.templates.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'template-ok' }}
      width={680}
      destroyOnHidden
    >
      <Form<Template>
        form={form}
        layout="vertical"
        initialValues={editing ?? { id: '', name: '', text: '' }}
        onFinish={(v) => onDone({ id: v.id.trim(), name: v.name.trim(), text: v.text.trim() })}
      >
        <Form.Item
          name="id"
          label={t('caseSettings.templates.id')}
          extra={t('caseSettings.templates.idHelp')}
          rules={[
            { required: true, whitespace: true },
            { pattern: /^[a-z0-9_]{1,50}$/, message: t('caseSettings.templates.idInvalid') },
            { validator: async (_, v: string) => { if (others.some((o) => o.id === v?.trim())) throw new Error(t('caseSettings.templates.idTaken')) } },
          ]}
        >
          <Input disabled={editing !== null} data-testid="template-id" />
        </Form.Item>
        <Form.Item name="name" label={t('caseSettings.templates.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="template-name" />
        </Form.Item>
        <Form.Item
          name="text"
          label={t('caseSettings.templates.text')}
          rules={[
            { required: true, whitespace: true, max: CaseLimits.noteMax },
            {
              validator: async (_, v: string | undefined) => {
                const unknown = placeholdersIn(v ?? '').filter((p) => !known.includes(p))
                if (unknown.length) throw new Error(t('caseSettings.templates.unknownPlaceholders', { names: unknown.join(', ') }))
              },
            },
          ]}
        >
          <Input.TextArea ref={area} rows={5} data-testid="template-text" />
        </Form.Item>
        <Typography.Text type="secondary">{t('caseSettings.templates.placeholders')} · {t('caseSettings.templates.insertHint')}</Typography.Text>
        <Flex gap={6} wrap style={{ marginTop: 6 }}>
          {known.map((p) => (
            <Button key={p} size="small" onClick={() => insert(p)} data-testid={`template-insert-${p}`}>
              {`{{${p}}}`} · {td(`caseSettings.templates.placeholder.${p}`, p)}
            </Button>
          ))}
        </Flex>
      </Form>
    </Modal>
  )
}

export function TemplatesTab() {
  const { t, td } = useI18n()
  const { message } = AntApp.useApp()
  const { me } = useSession()
  const editable = can(me, 'cases:configure')
  const qc = useQueryClient()
  const q = useQuery({ queryKey: TEMPLATES_KEY, queryFn: () => call(listMessageTemplates) })
  const ph = useQuery({ queryKey: PLACEHOLDERS_KEY, queryFn: () => call(listMessageTemplatePlaceholders), staleTime: Infinity })
  const [rows, setRows] = useState<Template[] | null>(null)
  const [dirty, setDirty] = useState(false)
  const [editing, setEditing] = useState<{ template: Template | null } | null>(null)
  useEffect(() => {
    if (q.data && !dirty) setRows(q.data.items)
  }, [q.data, dirty])

  const save = useMutation({
    mutationFn: (items: Template[]) => call(setMessageTemplates, { body: { items } }),
    onSuccess: (r) => {
      qc.setQueryData(TEMPLATES_KEY, r)
      setRows(r.items)
      setDirty(false)
      void message.success(t('caseSettings.templates.saved'))
    },
  })

  const error = q.error ?? ph.error
  if (error) return <ErrorState error={error} onRetry={() => void Promise.all([q.refetch(), ph.refetch()])} />
  const list = rows ?? []
  const known = ph.data?.items ?? []
  const knownSet = new Set(known)
  const change = (next: Template[]) => {
    setRows(next)
    setDirty(true)
  }

  return (
    <>
      <Alert type="info" showIcon title={t('caseSettings.templates.intro')} style={{ marginBottom: 16 }} />
      {me && !editable && <Alert type="warning" showIcon title={t('caseSettings.readOnly')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={save.error} />
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        {editable && (
          <>
            <Button icon={<PlusOutlined />} onClick={() => setEditing({ template: null })} data-testid="template-add">
              {t('caseSettings.templates.add')}
            </Button>
            <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(list)} data-testid="templates-save">
              {t('common.save')}
            </Button>
          </>
        )}
        {dirty && (
          <>
            <Button onClick={() => { setDirty(false); save.reset() }}>{t('caseSettings.discard')}</Button>
            <Typography.Text type="warning">{t('caseSettings.unsaved')}</Typography.Text>
          </>
        )}
      </Flex>
      <Flex gap={6} wrap align="center" style={{ marginBottom: 12 }} data-testid="template-placeholders">
        <Typography.Text type="secondary">{t('caseSettings.templates.placeholders')}:</Typography.Text>
        {known.map((p) => (
          <Tooltip key={p} title={td(`caseSettings.templates.placeholder.${p}`, p)}>
            <Tag color="blue">{`{{${p}}}`} {td(`caseSettings.templates.placeholder.${p}`, p)}</Tag>
          </Tooltip>
        ))}
      </Flex>
      <Table<Template>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={list}
        pagination={false}
        locale={{ emptyText: t('caseSettings.templates.empty') }}
        data-testid="templates-table"
        columns={[
          { title: t('caseSettings.templates.id'), dataIndex: 'id', key: 'id', width: 170, render: (v: string) => <Mono>{v}</Mono> },
          { title: t('caseSettings.templates.name'), dataIndex: 'name', key: 'name', width: 160 },
          { title: t('caseSettings.templates.text'), dataIndex: 'text', key: 'text', render: (v: string) => <TemplateText text={v} known={knownSet} /> },
          ...(editable
            ? [{
                title: t('common.actions'), key: 'actions', width: 140,
                render: (_: unknown, r: Template) => (
                  <Space size={4}>
                    <Button size="small" type="link" onClick={() => setEditing({ template: r })}>{t('caseSettings.templates.edit')}</Button>
                    <Popconfirm title={t('caseSettings.templates.removeConfirm', { name: r.name })} onConfirm={() => change(list.filter((x) => x.id !== r.id))}>
                      <Button size="small" type="link" danger>{t('caseSettings.remove')}</Button>
                    </Popconfirm>
                  </Space>
                ),
              }]
            : []),
        ]}
      />
      {editing && (
        <TemplateModal
          editing={editing.template}
          others={list.filter((x) => x.id !== editing.template?.id)}
          known={known}
          onClose={() => setEditing(null)}
          onDone={(tpl) => {
            change(editing.template ? list.map((x) => (x.id === editing.template!.id ? tpl : x)) : [...list, tpl])
            setEditing(null)
          }}
        />
      )}
    </>
  )
}
