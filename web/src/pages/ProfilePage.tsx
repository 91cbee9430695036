import { Button, Card, Descriptions, Flex, Form, Input, Segmented, Tag, App as AntApp } from 'antd'
import { useMutation } from '@tanstack/react-query'
import { call } from '../api/client.ts'
import { updateMe } from '../../../src/contracts/auth.schema.ts'
import { useI18n, locales, type Locale } from '../i18n/index.tsx'
import { can, useSession } from '../auth/session.tsx'
import { InterestsTab } from './cases/settings/InterestsTab.tsx'
import { ErrorAlert, PageHeader } from '../components/Common.tsx'

export function ProfilePage() {
  const { t, td, setLocale, locale } = useI18n()
  const { me, setMe } = useSession()
  const { message } = AntApp.useApp()
  const save = useMutation({
    mutationFn: (body: { displayName?: string; locale?: Locale }) => call(updateMe, { body }),
    onSuccess: (m) => {
      setMe(m)
      void message.success(t('common.saved'))
    },
  })
  if (!me) return null
  return (
    <>
      <PageHeader title={t('profile.title')} />
      <Card style={{ maxWidth: 960 }}>
        <Descriptions column={1} bordered size="middle" styles={{ label: { width: 160 } }}>
          <Descriptions.Item label={t('profile.username')}>{me.username}</Descriptions.Item>
          <Descriptions.Item label={t('profile.email')}>{me.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('profile.roles')}>
            <Flex gap={6} wrap>
              {me.roles.map((r) => (
                <Tag key={r} color="cyan">
                  {td(`role.${r}`)}
                </Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('profile.language')}>
            <Segmented<Locale>
              value={locale}
              options={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
              onChange={(l) => {
                setLocale(l)
                save.mutate({ locale: l })
              }}
            />
          </Descriptions.Item>
        </Descriptions>
        <Form layout="vertical" style={{ marginTop: 24, maxWidth: 420 }} initialValues={{ displayName: me.displayName }} onFinish={(v: { displayName: string }) => save.mutate({ displayName: v.displayName })}>
          <ErrorAlert error={save.error} />
          <Form.Item name="displayName" label={t('profile.displayName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      {/* 回避: a handler declares their own interests here; the case settings page is for cases:configure. */}
      {can(me, 'cases:handle') && (
        <Card title={t('profile.interests')} style={{ maxWidth: 960, marginTop: 16 }} data-testid="profile-interests">
          <InterestsTab />
        </Card>
      )}
    </>
  )
}
