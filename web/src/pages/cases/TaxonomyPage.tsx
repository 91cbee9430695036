// 分类体系: one tab per kind. Categories show as an indented tree (add child, rename, deactivate); the flat
// kinds as editable tables. Terms are deactivated, never deleted: cases keep the codes they were filed with.
import { useState } from 'react'
import { App as AntApp, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag } from 'antd'
import { PlusOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { call } from '../../api/client.ts'
import { createTaxonomyTerm, taxonomyKinds, updateTaxonomyTerm, type TaxonomyKind } from '../../../../src/contracts/taxonomy.schema.ts'
import { sectors } from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { ErrorAlert, ErrorState, PageHeader } from '../../components/Common.tsx'
import { taxonomyKey, useTaxonomy, type TaxonomyTermView as Term } from './api.ts'

interface Editing {
  term?: Term // absent: a new term
  parentCode?: string | null
}
interface Values {
  code?: string
  labelZh: string
  labelEn: string
  sector?: (typeof sectors)[number]
  position?: number
}

function TermModal({ kind, editing, onClose }: { kind: TaxonomyKind; editing: Editing; onClose: () => void }) {
  const { t, td } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const [form] = Form.useForm<Values>()
  const { term, parentCode } = editing
  // A product line's sector picks the clock, playbook and routing of its cases: required on create, fixed once
  // set (only a product line added before sectors existed may get one).
  const hasSector = kind === 'product_line'
  const sectorEditable = hasSector && (!term || term.sector === null)
  const m = useMutation({
    mutationFn: (v: Values) =>
      term
        ? call(updateTaxonomyTerm, {
            params: { id: term.id },
            body: {
              labelZh: v.labelZh, labelEn: v.labelEn, ...(v.position === undefined ? {} : { position: v.position }),
              ...(sectorEditable && v.sector ? { sector: v.sector } : {}),
            },
          })
        : call(createTaxonomyTerm, {
            body: {
              kind, labelZh: v.labelZh, labelEn: v.labelEn, parentCode: parentCode ?? null,
              code: kind === 'category' && parentCode ? `${parentCode}/${(v.code ?? '').trim()}` : (v.code ?? '').trim(),
              ...(v.position === undefined ? {} : { position: v.position }),
              ...(hasSector ? { sector: v.sector } : {}),
            },
          }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: taxonomyKey(kind) })
      void message.success(t('taxonomy.saved'))
      onClose()
    },
  })
  return (
    <Modal
      open
      title={term ? `${t('taxonomy.edit')} · ${term.code}` : parentCode ? `${t('taxonomy.addChild')} · ${parentCode}` : t('taxonomy.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={m.isPending}
      destroyOnHidden
    >
      {m.error && <ErrorAlert error={m.error} />}
      <Form form={form} layout="vertical" initialValues={term ? { labelZh: term.labelZh, labelEn: term.labelEn, position: term.position, ...(term.sector ? { sector: term.sector } : {}) } : {}} onFinish={(v) => m.mutate(v)}>
        {!term && (
          <Form.Item
            name="code"
            label={parentCode ? t('taxonomy.segment') : t('taxonomy.code')}
            extra={parentCode ? `${parentCode}/…` : t('taxonomy.codeHelp')}
            rules={[{ required: true, whitespace: true, max: 100 }, { pattern: /^[^/\s][^/]*$/, message: '/' }]}
          >
            <Input data-testid="taxonomy-code" />
          </Form.Item>
        )}
        <Form.Item name="labelZh" label={t('taxonomy.labelZh')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="taxonomy-label-zh" />
        </Form.Item>
        <Form.Item name="labelEn" label={t('taxonomy.labelEn')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="taxonomy-label-en" />
        </Form.Item>
        {hasSector && (
          <Form.Item name="sector" label={t('taxonomy.sector')} extra={t('taxonomy.sectorHelp')} rules={sectorEditable ? [{ required: true, message: t('taxonomy.sectorRequired') }] : []}>
            <Select disabled={!sectorEditable} options={sectors.map((s) => ({ value: s, label: td(`case.sector.${s}`, s) }))} data-testid="taxonomy-sector" />
          </Form.Item>
        )}
        <Form.Item name="position" label={t('taxonomy.position')}>
          <InputNumber min={0} max={1_000_000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function KindTab({ kind }: { kind: TaxonomyKind }) {
  const { t, td, locale } = useI18n()
  const { message } = AntApp.useApp()
  const qc = useQueryClient()
  const q = useTaxonomy(kind)
  const [editing, setEditing] = useState<Editing | null>(null)
  const toggle = useMutation({
    mutationFn: (term: Term) => call(updateTaxonomyTerm, { params: { id: term.id }, body: { active: !term.active } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: taxonomyKey(kind) })
      void message.success(t('taxonomy.saved'))
    },
  })
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />
  const tree = kind === 'category'
  return (
    <>
      {toggle.error && <ErrorAlert error={toggle.error} />}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ parentCode: null })} data-testid="taxonomy-add">
          {tree ? t('taxonomy.addRoot') : t('taxonomy.add')}
        </Button>
      </Space>
      <Table<Term>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        columns={[
          {
            // The label in the UI's language first, the other language in its own column.
            title: locale === 'zh-CN' ? t('taxonomy.labelZh') : t('taxonomy.labelEn'), key: 'label',
            render: (_, r) => (
              <span style={{ paddingInlineStart: r.depth * 24, opacity: r.active ? 1 : 0.5 }}>
                {locale === 'zh-CN' ? r.labelZh : r.labelEn}
              </span>
            ),
          },
          { title: t('taxonomy.code'), dataIndex: 'code', key: 'code' },
          { title: locale === 'zh-CN' ? t('taxonomy.labelEn') : t('taxonomy.labelZh'), key: 'other', render: (_, r) => (locale === 'zh-CN' ? r.labelEn : r.labelZh) },
          ...(kind === 'product_line'
            ? [{
                title: t('taxonomy.sector'), key: 'sector', width: 120,
                render: (_: unknown, r: Term) => (r.sector ? td(`case.sector.${r.sector}`, r.sector) : <Tag color="orange">{t('taxonomy.sectorMissing')}</Tag>),
              }]
            : []),
          { title: t('taxonomy.position'), dataIndex: 'position', key: 'position', width: 80 },
          {
            title: t('taxonomy.status'), key: 'status', width: 100,
            render: (_, r) => (r.active ? <Tag color="green">{t('taxonomy.active')}</Tag> : <Tag>{t('taxonomy.inactive')}</Tag>),
          },
          {
            title: '', key: 'actions', width: 260,
            render: (_, r) => (
              <Space size={4}>
                {tree && (
                  <Button size="small" type="link" onClick={() => setEditing({ parentCode: r.code })} data-testid={`taxonomy-add-child-${r.code}`}>
                    {t('taxonomy.addChild')}
                  </Button>
                )}
                <Button size="small" type="link" onClick={() => setEditing({ term: r })}>{t('taxonomy.edit')}</Button>
                <Button size="small" type="link" danger={r.active} loading={toggle.isPending && toggle.variables.id === r.id} onClick={() => toggle.mutate(r)}>
                  {r.active ? t('taxonomy.deactivate') : t('taxonomy.activate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && <TermModal kind={kind} editing={editing} onClose={() => setEditing(null)} />}
    </>
  )
}

export function TaxonomyPage() {
  const { t } = useI18n()
  const [kind, setKind] = useState<TaxonomyKind>('category')
  return (
    <>
      <PageHeader title={t('taxonomy.title')} description={t('taxonomy.description')} />
      <Tabs
        activeKey={kind}
        onChange={(k) => setKind(k as TaxonomyKind)}
        items={taxonomyKinds.map((k) => ({ key: k, label: t(`taxonomy.kind.${k}`), children: kind === k ? <KindTab kind={k} /> : null }))}
      />
    </>
  )
}
