// 时限规则: the ordered rules choosing a new case's clock preset (first match wins). The table is edited
// locally and saved as one list, since the API replaces the whole list; each preset's meaning is spelled
// out from the presets endpoint, so the text follows the code's own targets and extensions.
import { useEffect, useState } from 'react'
import { Alert, App as AntApp, Button, Flex, Input, Select, Space, Table, Tag, Typography } from 'antd'
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call, type Result } from '../../../api/client.ts'
import {
  caseChannels, caseKinds, getSlaPolicyRules, listSlaPolicyPresets, policyPresets, sectors, setSlaPolicyRules,
} from '../../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../../i18n/index.tsx'
import { can, useSession } from '../../../auth/session.tsx'
import { ErrorAlert, ErrorState } from '../../../components/Common.tsx'

type Preset = (typeof policyPresets)[number]
type PresetView = Result<typeof listSlaPolicyPresets>['items'][number]
interface Row {
  key: number
  match: Record<string, string>
  preset: Preset
}

const RULES_KEY = ['cases', 'sla-policy-rules'] as const
const PRESETS_KEY = ['cases', 'sla-policy-presets'] as const
/** Conditions edited in the table; any other condition a rule carries (region, subject) is kept as it is. */
const edited = ['kind', 'channel', 'sector', 'category'] as const

let nextKey = 1
const toRows = (items: { match: Record<string, string>; preset: Preset }[]): Row[] => items.map((r) => ({ key: nextKey++, match: { ...r.match }, preset: r.preset }))

/** One line per target: "作出处理决定：15 日（自然日）；末日逢法定休息日顺延；可延至 30 日（自然日）；再延 30 日（自然日）（须主管审批）" */
function usePresetMeaning() {
  const { t, td } = useI18n()
  return (p: PresetView): string[] =>
    p.targets.map((tg) => {
      const label = td(`caseSettings.sla.target.${tg.key}`, tg.label)
      if (tg.basis === 'absolute' || tg.amount === null || tg.unit === null) return label
      const span = (n: number) => t(`caseSettings.sla.unit.${tg.unit!}`, { n })
      const parts = [span(tg.amount)]
      if (tg.rollForwardFromRestDay) parts.push(t('caseSettings.sla.rollForward'))
      if (!tg.pausable) parts.push(t('caseSettings.sla.notPausable'))
      for (const e of tg.extensions) {
        const ext = t(e.mode === 'extend_to' ? 'caseSettings.sla.extendTo' : 'caseSettings.sla.extendBy', { amount: span(e.amount) })
        parts.push(e.approvalRoles.length ? ext + t('caseSettings.sla.approval', { roles: e.approvalRoles.map((r) => td(`role.${r}`, r)).join('/') }) : ext)
      }
      return t('caseSettings.sla.targetLine', { target: label, rules: parts.join(t('caseSettings.sla.separator')) })
    })
}

export function SlaPolicyTab() {
  const { t, td, locale } = useI18n()
  const { message } = AntApp.useApp()
  const { me } = useSession()
  const editable = can(me, 'cases:configure')
  const qc = useQueryClient()
  const rules = useQuery({ queryKey: RULES_KEY, queryFn: () => call(getSlaPolicyRules) })
  const presets = useQuery({ queryKey: PRESETS_KEY, queryFn: () => call(listSlaPolicyPresets), staleTime: Infinity })
  const meaning = usePresetMeaning()
  const [rows, setRows] = useState<Row[] | null>(null)
  const [dirty, setDirty] = useState(false)
  useEffect(() => {
    if (rules.data && !dirty) setRows(toRows(rules.data.items))
  }, [rules.data, dirty])

  const save = useMutation({
    mutationFn: (items: Row[]) => call(setSlaPolicyRules, { body: { items: items.map((r) => ({ match: r.match, preset: r.preset })) } }),
    onSuccess: (r) => {
      qc.setQueryData(RULES_KEY, r)
      setRows(toRows(r.items))
      setDirty(false)
      void message.success(t('caseSettings.sla.saved'))
    },
  })

  const error = rules.error ?? presets.error
  if (error) return <ErrorState error={error} onRetry={() => void Promise.all([rules.refetch(), presets.refetch()])} />
  const list = rows ?? []
  const change = (next: Row[]) => {
    setRows(next)
    setDirty(true)
  }
  const update = (key: number, f: (r: Row) => Row) => change(list.map((r) => (r.key === key ? f(r) : r)))
  const setCond = (key: number, field: string, value: string | undefined) =>
    update(key, (r) => {
      const match = { ...r.match }
      if (value === undefined || value.trim() === '') delete match[field]
      else match[field] = value
      return { ...r, match }
    })
  const move = (i: number, by: number) => {
    const next = [...list]
    const [row] = next.splice(i, 1)
    next.splice(i + by, 0, row!)
    change(next)
  }
  const presetById = new Map((presets.data?.items ?? []).map((p) => [p.preset, p]))
  const presetOptions = policyPresets.map((p) => ({ value: p, label: t(`caseSettings.sla.preset.${p}`) }))
  const enumSelect = (key: number, field: (typeof edited)[number], values: readonly string[], prefix: string, current: string | undefined) => (
    <Select
      size="small"
      allowClear
      disabled={!editable}
      placeholder={t('caseSettings.sla.any')}
      style={{ width: '100%' }}
      value={current}
      onChange={(v: string | undefined) => setCond(key, field, v)}
      options={values.map((v) => ({ value: v, label: td(`${prefix}.${v}`, v) }))}
      data-testid={`sla-${field}-${key}`}
    />
  )

  return (
    <>
      <Alert type="info" showIcon title={t('caseSettings.sla.intro')} style={{ marginBottom: 16 }} />
      {me && !editable && <Alert type="warning" showIcon title={t('caseSettings.readOnly')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={save.error} />
      {editable && (
        <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => change([...list, { key: nextKey++, match: {}, preset: 'banking_insurance_2020' }])} data-testid="sla-add">
            {t('caseSettings.sla.add')}
          </Button>
          <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(list)} data-testid="sla-save">
            {t('common.save')}
          </Button>
          {dirty && (
            <>
              <Button onClick={() => { setDirty(false); save.reset() }}>{t('caseSettings.discard')}</Button>
              <Typography.Text type="warning">{t('caseSettings.unsaved')}</Typography.Text>
            </>
          )}
        </Flex>
      )}
      <Table<Row>
        rowKey="key"
        size="small"
        loading={rules.isLoading}
        dataSource={list}
        pagination={false}
        scroll={{ x: 1130 }}
        locale={{ emptyText: t('caseSettings.sla.empty') }}
        data-testid="sla-rules"
        columns={[
          {
            title: t('caseSettings.sla.order'), key: 'order', width: 90,
            render: (_, r, i) => (
              <Space size={2}>
                <span style={{ minWidth: 18, display: 'inline-block' }}>{i + 1}</span>
                {editable && (
                  <>
                    <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('caseSettings.moveUp')} />
                    <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === list.length - 1} onClick={() => move(i, 1)} aria-label={t('caseSettings.moveDown')} />
                  </>
                )}
              </Space>
            ),
          },
          { title: t('caseSettings.sla.kind'), key: 'kind', width: 120, render: (_, r) => enumSelect(r.key, 'kind', caseKinds, 'case.kind', r.match.kind) },
          { title: t('caseSettings.sla.channel'), key: 'channel', width: 120, render: (_, r) => enumSelect(r.key, 'channel', caseChannels, 'case.channel', r.match.channel) },
          { title: t('caseSettings.sla.sector'), key: 'sector', width: 110, render: (_, r) => enumSelect(r.key, 'sector', sectors, 'case.sector', r.match.sector) },
          {
            title: t('caseSettings.sla.category'), key: 'category', width: 150,
            render: (_, r) => (
              <Input
                size="small"
                disabled={!editable}
                value={r.match.category ?? ''}
                placeholder={t('caseSettings.sla.categoryHint')}
                onChange={(e) => setCond(r.key, 'category', e.target.value)}
                data-testid={`sla-category-${r.key}`}
              />
            ),
          },
          {
            title: t('caseSettings.sla.otherConditions'), key: 'other', width: 110,
            render: (_, r) => {
              const others = Object.entries(r.match).filter(([k]) => !(edited as readonly string[]).includes(k))
              if (others.length) return others.map(([k, v]) => <Tag key={k}>{`${k}=${v}`}</Tag>)
              return Object.keys(r.match).length === 0 ? <Typography.Text type="danger">{t('caseSettings.sla.noCondition')}</Typography.Text> : null
            },
          },
          {
            title: t('caseSettings.sla.preset'), key: 'preset', width: 380,
            render: (_, r) => {
              const p = presetById.get(r.preset)
              return (
                <>
                  <Select<Preset>
                    size="small"
                    disabled={!editable}
                    style={{ width: '100%' }}
                    value={r.preset}
                    options={presetOptions}
                    onChange={(v) => update(r.key, (x) => ({ ...x, preset: v }))}
                    data-testid={`sla-preset-${r.key}`}
                  />
                  {p && (
                    <div data-testid={`sla-meaning-${r.key}`} style={{ marginTop: 4 }}>
                      {meaning(p).map((line) => <Typography.Text key={line} type="secondary" style={{ display: 'block', fontSize: 12 }}>{line}</Typography.Text>)}
                    </div>
                  )}
                </>
              )
            },
          },
          ...(editable
            ? [{
                title: '', key: 'remove', width: 50,
                render: (_: unknown, r: Row) => (
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('caseSettings.remove')} onClick={() => change(list.filter((x) => x.key !== r.key))} />
                ),
              }]
            : []),
        ]}
      />
      {presets.data && (
        <div style={{ marginTop: 20 }} data-testid="sla-presets">
          <Typography.Title level={5}>{t('caseSettings.sla.presetsTitle')}</Typography.Title>
          {presets.data.items.map((p) => (
            <div key={p.preset} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t(`caseSettings.sla.preset.${p.preset}`)}</Typography.Text>{' '}
              {/* The server's name is the Chinese title of the rules; the English UI has its own label above. */}
              {locale === 'zh-CN' && <Typography.Text type="secondary">{p.name}</Typography.Text>}
              {meaning(p).map((line) => <div key={line}>{line}</div>)}
            </div>
          ))}
        </div>
      )}
    </>
  )
}
