// The frame of the pages anyone may open without logging in: brand, language, one centred column.
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { Flex, Layout, Typography } from 'antd'
import { ScaleMark } from '../../components/Logo.tsx'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'
import { useI18n } from '../../i18n/index.tsx'

export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n()
  return (
    <Layout style={{ minHeight: '100vh', background: '#f3f6f8' }}>
      <Layout.Header style={{ background: '#fff', borderBottom: '1px solid #e5ebef', paddingInline: 24, height: 60, lineHeight: 'normal', display: 'flex', alignItems: 'center' }}>
        <Flex justify="space-between" align="center" style={{ maxWidth: 880, margin: '0 auto', width: '100%' }}>
          <Link to="/public/report" style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
            <ScaleMark size={28} />
            <Typography.Text strong style={{ fontSize: 16 }}>{t('public.brand')}</Typography.Text>
          </Link>
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: '32px 16px 48px' }}>
        <div style={{ maxWidth: 880, margin: '0 auto' }}>{children}</div>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', background: 'transparent', color: '#7a8a94', fontSize: 12 }}>{t('app.footer')}</Layout.Footer>
    </Layout>
  )
}
