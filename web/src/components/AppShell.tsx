// Layout for logged-in pages: sider with the modules the user may see, header with language and user menu.
import { useState } from 'react'
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom'
import { Avatar, Button, Dropdown, Flex, Layout, Menu, Tooltip, Typography } from 'antd'
import type { MenuProps } from 'antd'
import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons'
import { useI18n } from '../i18n/index.tsx'
import { can, useSession } from '../auth/session.tsx'
import { adminItems, dashboardItem, moduleItems, type NavItem } from '../nav.tsx'
import { Logo } from './Logo.tsx'
import { LanguageSwitch } from './LanguageSwitch.tsx'
import { brand } from '../theme.ts'

const COLLAPSE_KEY = 'tp.sider.collapsed'

function selectedKey(pathname: string): string {
  const all = [...moduleItems, ...adminItems]
  const hit = all.find((i) => pathname === i.path || pathname.startsWith(`${i.path}/`))
  return hit?.key ?? (pathname === '/' ? 'dashboard' : '')
}

export function AppShell() {
  const { t, td } = useI18n()
  const { me, logout } = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSE_KEY) === '1')

  const toMenu = (i: NavItem) => ({ key: i.key, icon: i.icon, label: <Link to={i.path}>{t(i.label)}</Link> })
  const visibleModules = moduleItems.filter((i) => can(me, i.permission))
  const visibleAdmin = adminItems.filter((i) => can(me, i.permission))
  const items: MenuProps['items'] = [
    toMenu(dashboardItem),
    ...visibleModules.map(toMenu),
    ...(visibleAdmin.length
      ? [{ type: 'group' as const, key: 'admin', label: collapsed ? null : t('nav.admin'), children: visibleAdmin.map(toMenu) }]
      : []),
  ]

  const userMenu: MenuProps['items'] = [
    { key: 'profile', icon: <UserOutlined />, label: t('nav.profile') },
    { key: 'security', icon: <SafetyOutlined />, label: t('nav.security') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('nav.logout')}</span>, danger: true },
  ]
  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') void navigate('/account/profile')
    else if (key === 'security') void navigate('/account/security')
    else if (key === 'logout') void logout().then(() => navigate('/login', { replace: true }))
  }

  const toggle = () => {
    setCollapsed((c) => {
      localStorage.setItem(COLLAPSE_KEY, c ? '0' : '1')
      return !c
    })
  }

  const name = me?.displayName || me?.username || ''
  return (
    <Layout style={{ minHeight: '100vh', background: brand.sider }}>
      <Layout.Sider
        className="tp-sider"
        width={224}
        collapsedWidth={64}
        collapsed={collapsed}
        trigger={null}
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Link to="/" style={{ display: 'block', padding: collapsed ? '14px 16px' : '14px 20px', borderBottom: '1px solid rgba(255,255,255,0.06)' }}>
          <Logo collapsed={collapsed} subtitle={t('app.short')} />
        </Link>
        <Menu theme="dark" mode="inline" selectedKeys={[selectedKey(location.pathname)]} items={items} style={{ borderInlineEnd: 0, paddingTop: 8, flex: 1 }} data-testid="nav" />
      </Layout.Sider>
      <Layout style={{ minWidth: 0, background: '#f3f6f8' }}>
        <Layout.Header
          style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #e6ecef', position: 'sticky', top: 0, zIndex: 10 }}
        >
          <Tooltip title={collapsed ? t('nav.expand') : t('nav.collapse')}>
            <Button type="text" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={toggle} aria-label={collapsed ? t('nav.expand') : t('nav.collapse')} />
          </Tooltip>
          <Flex align="center" gap={8}>
            <LanguageSwitch />
            <Dropdown trigger={['click']} menu={{ items: userMenu, onClick: onUserMenu }} placement="bottomRight">
              <Button type="text" style={{ height: 40, paddingInline: 8 }} data-testid="user-menu">
                <Flex align="center" gap={8}>
                  <Avatar size={28} style={{ background: brand.primary, flex: 'none' }}>
                    {name.slice(0, 1).toUpperCase()}
                  </Avatar>
                  <Flex vertical align="flex-start" style={{ lineHeight: 1.2 }}>
                    <Typography.Text strong style={{ fontSize: 13, maxWidth: 160 }} ellipsis>
                      {name}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 11, maxWidth: 160 }} ellipsis>
                      {me?.roles.map((r) => td(`role.${r}`)).join(' · ')}
                    </Typography.Text>
                  </Flex>
                </Flex>
              </Button>
            </Dropdown>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24, minWidth: 0 }}>
          <div style={{ maxWidth: 1440, margin: '0 auto' }}>
            <Outlet />
          </div>
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', color: '#8a9aa2', fontSize: 12, padding: '12px 24px 20px', background: 'transparent' }}>
          {t('app.footer')}
        </Layout.Footer>
      </Layout>
    </Layout>
  )
}
