// Header language menu: switches at once, remembers the choice in localStorage and, when logged in,
// saves it to the profile (PATCH /auth/me) so it follows the user to other browsers.
import { Button, Dropdown, App as AntApp } from 'antd'
import { GlobalOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { useI18n, locales, type Locale } from '../i18n/index.tsx'
import { call } from '../api/client.ts'
import { updateMe } from '../../../src/contracts/auth.schema.ts'
import { ME_KEY, type Me } from '../auth/session.tsx'

export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { locale, setLocale, t } = useI18n()
  const qc = useQueryClient()
  const { message } = AntApp.useApp()

  const choose = async (next: Locale) => {
    if (next === locale) return
    setLocale(next)
    const me = qc.getQueryData<Me | null>(ME_KEY)
    if (!me) return
    try {
      const updated = await call(updateMe, { body: { locale: next } })
      qc.setQueryData(ME_KEY, updated)
    } catch {
      void message.warning(t('lang.saveFailed'))
    }
  }

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: locales.map((l) => ({ key: l, label: <span data-testid={`lang-${l}`}>{t(`lang.${l}`)}</span> })),
        onClick: ({ key }) => void choose(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('lang.label')} data-testid="lang-switch" style={dark ? { color: '#fff' } : undefined}>
        {t(`lang.${locale}`)}
      </Button>
    </Dropdown>
  )
}
