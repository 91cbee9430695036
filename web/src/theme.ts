import type { ThemeConfig } from 'antd'

export const brand = {
  primary: '#0e6a75', // 深青: calm, institutional, readable on white
  deep: '#0a3d47',
  sider: '#0b2f38',
  siderActive: '#0e6a75',
  accent: '#7fd4c9',
}

export const fontFamily =
  "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
export const monoFamily = "'JetBrains Mono', 'SFMono-Regular', Menlo, Consolas, 'Liberation Mono', 'Noto Sans Mono CJK SC', monospace"

export const theme: ThemeConfig = {
  token: {
    colorPrimary: brand.primary,
    colorInfo: brand.primary,
    colorLink: brand.primary,
    borderRadius: 6,
    fontFamily,
    fontSize: 14,
    colorBgLayout: '#f3f6f8',
  },
  components: {
    Layout: { siderBg: brand.sider, headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px', triggerBg: brand.deep },
    Menu: {
      darkItemBg: brand.sider,
      darkSubMenuItemBg: '#092830',
      darkItemSelectedBg: brand.siderActive,
      darkItemColor: 'rgba(255,255,255,0.72)',
      darkGroupTitleColor: 'rgba(255,255,255,0.45)',
    },
    Table: { headerBg: '#f5f8fa' },
    Card: { headerFontSize: 15 },
  },
}
