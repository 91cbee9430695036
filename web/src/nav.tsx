// The console's modules: one list drives the sider, the routes and the dashboard tiles.
import type { ReactNode } from 'react'
import {
  DashboardOutlined, FileTextOutlined, ClusterOutlined, TagsOutlined, ShoppingOutlined, ShopOutlined, RadarChartOutlined,
  BarChartOutlined, TeamOutlined, KeyOutlined, AuditOutlined, ApartmentOutlined, SettingOutlined, SafetyCertificateOutlined,
} from '@ant-design/icons'
import type { Permission } from '../../src/contracts/permissions.ts'
import type { MessageKey } from './i18n/zh-CN.ts'

export interface NavItem {
  key: string
  path: string
  label: MessageKey
  icon: ReactNode
  permission?: Permission
  /** Not built yet: the route shows the 建设中 state. */
  soon?: MessageKey
}

export const moduleItems: NavItem[] = [
  { key: 'cases', path: '/cases', label: 'nav.cases', icon: <FileTextOutlined />, permission: 'cases:read' },
  { key: 'campaigns', path: '/campaigns', label: 'nav.campaigns', icon: <ClusterOutlined />, permission: 'campaigns:read' },
  { key: 'keywords', path: '/keywords', label: 'nav.keywords', icon: <TagsOutlined />, permission: 'keywords:read' },
  { key: 'listings', path: '/listings', label: 'nav.listings', icon: <ShoppingOutlined />, permission: 'listings:read', soon: 'soon.listings' },
  { key: 'merchants', path: '/merchants', label: 'nav.merchants', icon: <ShopOutlined />, permission: 'merchants:read', soon: 'soon.merchants' },
  { key: 'monitoring', path: '/monitoring', label: 'nav.monitoring', icon: <RadarChartOutlined />, permission: 'monitoring:read', soon: 'soon.monitoring' },
  { key: 'reports', path: '/reports', label: 'nav.reports', icon: <BarChartOutlined />, permission: 'reports:read', soon: 'soon.reports' },
]

export const dashboardItem: NavItem = { key: 'dashboard', path: '/', label: 'nav.dashboard', icon: <DashboardOutlined /> }

export const adminItems: NavItem[] = [
  { key: 'users', path: '/admin/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'users:read' },
  { key: 'api-keys', path: '/admin/api-keys', label: 'nav.apiKeys', icon: <KeyOutlined />, permission: 'apikeys:manage' },
  { key: 'audit', path: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit:read' },
  { key: 'grants', path: '/admin/grants', label: 'nav.grants', icon: <SafetyCertificateOutlined />, permission: 'grants:manage' },
  { key: 'taxonomy', path: '/admin/taxonomy', label: 'nav.taxonomy', icon: <ApartmentOutlined />, permission: 'cases:configure' },
  { key: 'case-settings', path: '/admin/case-settings', label: 'nav.caseSettings', icon: <SettingOutlined />, permission: 'cases:configure' },
]
