// The reporter follows a report by its receipt code: status, messages, and adding information.
import { useRef, useState } from 'react'
import { Link, useLocation } from 'react-router-dom'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Empty, Flex, Input, Space, Tag, Typography } from 'antd'
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons'
import { call, upload } from '../../api/client.ts'
import { addPublicReportFile, addPublicReportMessage, CaseLimits, getPublicReport } from '../../../../src/contracts/cases.schema.ts'
import { useI18n } from '../../i18n/index.tsx'
import { StatusTag } from '../cases/tags.tsx'
import { PublicLayout } from './PublicLayout.tsx'

export function PublicTrackPage() {
  const { t, errorText, formatTime } = useI18n()
  const qc = useQueryClient()
  // The code arrives in router state from the receipt page, never in the URL (history, logs, referrers).
  const initial = (useLocation().state as { code?: string } | null)?.code ?? ''
  const [input, setInput] = useState(initial)
  const [code, setCode] = useState(initial)
  const [text, setText] = useState('')

  const report = useQuery({
    queryKey: ['public', 'report', code],
    queryFn: () => call(getPublicReport, { params: { receiptCode: code } }),
    enabled: code.length > 0,
    retry: false,
  })
  const picker = useRef<HTMLInputElement>(null)
  const attach = useMutation({
    mutationFn: (f: File) => upload(addPublicReportFile, { receiptCode: code }, f),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['public', 'report', code] }),
  })
  const send = useMutation({
    mutationFn: () => call(addPublicReportMessage, { params: { receiptCode: code }, body: { text: text.trim() } }),
    onSuccess: () => {
      setText('')
      void qc.invalidateQueries({ queryKey: ['public', 'report', code] })
    },
  })

  return (
    <PublicLayout>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>{t('public.track.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('public.track.desc')}</Typography.Paragraph>
        <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
          <Input
            value={input} onChange={(e) => setInput(e.target.value)} placeholder={t('public.track.code')} autoComplete="off"
            onPressEnter={() => setCode(input.trim())} data-testid="track-code" style={{ fontFamily: 'monospace' }}
          />
          <Button type="primary" onClick={() => setCode(input.trim())} loading={report.isFetching} data-testid="track-lookup">{t('public.track.lookup')}</Button>
        </Space.Compact>
        {report.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={errorText(report.error)} data-testid="track-error" />}
        <div style={{ marginTop: 12 }}><Link to="/public/report">{t('public.toReport')}</Link></div>
      </Card>
      {report.data && (
        <Card data-testid="track-result">
          <Descriptions
            column={{ xs: 1, md: 2 }} size="small"
            items={[
              { key: 'n', label: t('public.track.number'), children: report.data.caseNumber },
              { key: 's', label: t('public.track.status'), children: <span data-testid="track-status"><StatusTag status={report.data.status} /></span> },
              { key: 'r', label: t('public.track.received'), children: formatTime(report.data.receivedAt, 'YYYY-MM-DD HH:mm') },
              { key: 'u', label: t('public.track.updated'), children: formatTime(report.data.updatedAt, 'YYYY-MM-DD HH:mm') },
            ]}
          />
          <Typography.Title level={5}>{t('public.track.messages')}</Typography.Title>
          {report.data.messages.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('public.track.noMessages')} />
          ) : (
            <Flex vertical gap={0} data-testid="track-messages">
              {report.data.messages.map((m, i) => (
                <Flex key={i} vertical gap={2} style={{ padding: '10px 0', borderBottom: '1px solid #eef2f4' }}>
                  <Space size={6}>
                    <Tag color={m.from === 'staff' ? 'blue' : 'default'}>{m.from === 'staff' ? t('public.track.fromStaff') : t('public.track.fromReporter')}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(m.at, 'YYYY-MM-DD HH:mm')}</Typography.Text>
                  </Space>
                  <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{m.text}</Typography.Text>
                </Flex>
              ))}
            </Flex>
          )}
          {!['closed', 'withdrawn'].includes(report.data.status) && (
            <div style={{ marginTop: 16 }}>
              <Typography.Text strong>{t('public.track.add')}</Typography.Text>
              <Input.TextArea rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} style={{ marginTop: 8 }} data-testid="track-message" />
              {send.error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorText(send.error)} />}
              <Button type="primary" style={{ marginTop: 8 }} disabled={!text.trim()} loading={send.isPending} onClick={() => send.mutate()} data-testid="track-send">
                {t('public.track.send')}
              </Button>
            </div>
          )}
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('public.track.files')}</Typography.Title>
          {report.data.files.length > 0 && (
            <Flex vertical gap={0} data-testid="track-files">
              {report.data.files.map((f) => (
                <Space key={f.sha256 + f.at} style={{ padding: '8px 0', borderBottom: '1px solid #eef2f4' }}>
                  <PaperClipOutlined />{f.filename}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatTime(f.at, 'YYYY-MM-DD HH:mm')}</Typography.Text>
                </Space>
              ))}
            </Flex>
          )}
          {!['closed', 'withdrawn'].includes(report.data.status) && (
            <div style={{ marginTop: 8 }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('public.track.filesHint', { mb: CaseLimits.publicFileMaxBytes / 1024 / 1024, perHour: CaseLimits.publicFilesPerHour, max: CaseLimits.publicFilesPerReport })}
              </Typography.Paragraph>
              <input
                ref={picker} type="file" hidden accept=".pdf,.jpg,.jpeg,.png,.webp,.mp3,.mp4,.txt" data-testid="track-file-input"
                onChange={(e) => {
                  const f = e.target.files?.[0]
                  if (f) attach.mutate(f)
                  e.target.value = ''
                }}
              />
              <Button icon={<UploadOutlined />} loading={attach.isPending} onClick={() => picker.current?.click()} data-testid="track-attach">{t('public.track.attach')}</Button>
              {attach.error && <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorText(attach.error)} data-testid="track-attach-error" />}
            </div>
          )}
        </Card>
      )}
    </PublicLayout>
  )
}
