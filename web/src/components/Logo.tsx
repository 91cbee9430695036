// 天平 mark: a balance scale drawn inline, so the logo needs no asset request and follows the theme.
import { brand } from '../theme.ts'

export function ScaleMark({ size = 32, color = '#ffffff', background = brand.primary }: { size?: number; color?: string; background?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" role="img" aria-label="天平" style={{ flex: 'none', display: 'block' }}>
      <rect width="64" height="64" rx="14" fill={background} />
      <g fill="none" stroke={color} strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round">
        <path d="M32 13v36M20 50h24M13 21h38" />
        <path d="M13 21l-7 14h14zM51 21l-7 14h14z" />
        <path d="M6 35a7 4 0 0 0 14 0M44 35a7 4 0 0 0 14 0" />
      </g>
      <circle cx="32" cy="12" r="3.5" fill={brand.accent} />
    </svg>
  )
}

export function Logo({ collapsed = false, dark = true, subtitle }: { collapsed?: boolean; dark?: boolean; subtitle?: string }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
      <ScaleMark size={32} background={brand.primary} />
      {!collapsed && (
        <div style={{ lineHeight: 1.15, minWidth: 0 }}>
          <div style={{ fontSize: 18, fontWeight: 700, letterSpacing: 4, color: dark ? '#fff' : brand.deep }}>天平</div>
          <div style={{ fontSize: 11, letterSpacing: 1, color: dark ? 'rgba(255,255,255,0.55)' : '#5b6b73', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {subtitle ?? 'TIANPING'}
          </div>
        </div>
      )}
    </div>
  )
}
