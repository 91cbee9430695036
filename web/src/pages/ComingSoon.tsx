import { Card, Empty, Typography } from 'antd'
import { ToolOutlined } from '@ant-design/icons'
import { useI18n, type MessageKey } from '../i18n/index.tsx'
import { PageHeader } from '../components/Common.tsx'
import { brand } from '../theme.ts'

export function ComingSoon({ title, description }: { title: MessageKey; description: MessageKey }) {
  const { t } = useI18n()
  return (
    <>
      <PageHeader title={t(title)} description={t(description)} />
      <Card>
        <Empty
          image={<ToolOutlined style={{ fontSize: 56, color: brand.primary, opacity: 0.55 }} />}
          styles={{ image: { height: 72, display: 'flex', justifyContent: 'center', alignItems: 'center' } }}
          description={
            <div style={{ maxWidth: 520, margin: '0 auto' }} data-testid="coming-soon">
              <Typography.Title level={5} style={{ marginBottom: 8 }}>
                {t('soon.title', { module: t(title) })}
              </Typography.Title>
              <Typography.Text type="secondary">{t('soon.desc')}</Typography.Text>
            </div>
          }
          style={{ padding: '56px 0' }}
        />
      </Card>
    </>
  )
}
