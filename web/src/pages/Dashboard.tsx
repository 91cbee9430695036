import { Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd'
import { CheckCircleFilled, ExclamationCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons'
import { Link } from 'react-router-dom'
import { useQuery } from '@tanstack/react-query'
import { call } from '../api/client.ts'
import { auditHead } from '../../../src/contracts/audit.schema.ts'
import { useI18n } from '../i18n/index.tsx'
import { can, useSession } from '../auth/session.tsx'
import { moduleItems } from '../nav.tsx'
import { ErrorAlert, Mono } from '../components/Common.tsx'
import { brand } from '../theme.ts'

export function Dashboard() {
  const { t, td } = useI18n()
  const { me } = useSession()
  const mayAudit = can(me, 'audit:read')
  const head = useQuery({ queryKey: ['audit', 'head'], queryFn: () => call(auditHead), enabled: mayAudit })
  if (!me) return null
  return (
    <>
      <Card
        style={{ marginBottom: 20, background: `linear-gradient(120deg, ${brand.deep} 0%, ${brand.primary} 100%)`, border: 0 }}
        styles={{ body: { padding: '28px 32px' } }}
        data-testid="welcome-card"
      >
        <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
          {t('dashboard.greeting', { name: me.displayName || me.username })}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.78)', margin: '8px 0 16px' }}>{t('dashboard.greetingHint')}</Typography.Paragraph>
        <Flex gap={8} wrap align="center">
          <Typography.Text style={{ color: 'rgba(255,255,255,0.7)' }}>{t('dashboard.roles')}</Typography.Text>
          {me.roles.map((r) => (
            <Tag key={r} color="cyan" variant="solid" style={{ marginInlineEnd: 0 }} data-testid="my-role">
              {td(`role.${r}`)}
            </Tag>
          ))}
          <Typography.Text style={{ color: 'rgba(255,255,255,0.6)', fontSize: 12 }}>{t('dashboard.permissions', { count: me.permissions.length })}</Typography.Text>
        </Flex>
      </Card>

      <Row gutter={[20, 20]}>
        <Col xs={24} lg={14}>
          <Card title={t('dashboard.auditHead')} style={{ height: '100%' }} extra={mayAudit && <Link to="/admin/audit">{t('nav.audit')}</Link>}>
            {!mayAudit ? (
              <Typography.Text type="secondary">{t('dashboard.auditNoAccess')}</Typography.Text>
            ) : head.error ? (
              <ErrorAlert error={head.error} />
            ) : (
              <>
                <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                  {t('dashboard.auditHeadHint')}
                </Typography.Paragraph>
                <div style={{ background: '#f5f8fa', border: '1px solid #e1e9ed', borderRadius: 6, padding: '10px 12px' }} data-testid="audit-head">
                  {head.data ? <Mono size={13}>{head.data.hash}</Mono> : <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
                </div>
                {head.data && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
                    {t('dashboard.auditSeq', { seq: head.data.seq })}
                  </Typography.Text>
                )}
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('dashboard.security')} style={{ height: '100%' }} extra={<Link to="/account/security">{t('nav.security')}</Link>}>
            <Flex align="center" gap={12}>
              {me.totpEnabled ? (
                <CheckCircleFilled style={{ fontSize: 28, color: '#2f9e6e' }} />
              ) : (
                <ExclamationCircleFilled style={{ fontSize: 28, color: '#d48806' }} />
              )}
              <Typography.Text>{me.totpEnabled ? t('dashboard.totpOn') : t('dashboard.totpOff')}</Typography.Text>
            </Flex>
            <Descriptions column={1} size="small" style={{ marginTop: 16 }} styles={{ label: { width: 80 } }}>
              <Descriptions.Item label={t('dashboard.username')}>
                <SafetyCertificateOutlined style={{ marginInlineEnd: 6, color: brand.primary }} />
                {me.username}
              </Descriptions.Item>
              <Descriptions.Item label={t('dashboard.email')}>{me.email ?? <Typography.Text type="secondary">{t('dashboard.notSet')}</Typography.Text>}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>

      <Typography.Title level={5} style={{ margin: '28px 0 12px' }}>
        {t('dashboard.modules')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {moduleItems
          .filter((i) => can(me, i.permission))
          .map((i) => (
            <Col key={i.key} xs={24} sm={12} xl={6}>
              <Link to={i.path}>
                <Card hoverable size="small" style={{ height: '100%' }} styles={{ body: { padding: 16 } }}>
                  <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                    <Flex align="center" gap={8}>
                      <span style={{ color: brand.primary, fontSize: 18 }}>{i.icon}</span>
                      <Typography.Text strong>{t(i.label)}</Typography.Text>
                    </Flex>
                    {i.soon && <Tag style={{ marginInlineEnd: 0 }}>{t('dashboard.comingSoon')}</Tag>}
                  </Flex>
                  {i.soon && (
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 2 }}>
                      {t(i.soon)}
                    </Typography.Paragraph>
                  )}
                </Card>
              </Link>
            </Col>
          ))}
      </Row>
    </>
  )
}
