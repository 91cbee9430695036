// A tiny inline trend (members filed per day): plain SVG, no chart library for a 80×20 line.
export function Sparkline({ values, width = 80, height = 20 }: { values: number[]; width?: number; height?: number }) {
  if (!values.length) return null
  const max = Math.max(1, ...values)
  const step = values.length > 1 ? width / (values.length - 1) : width
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`).join(' ')
  return (
    <svg width={width} height={height} role="img" aria-label={values.join(',')}>
      <polyline points={points} fill="none" stroke="#1f6f7a" strokeWidth={1.5} />
    </svg>
  )
}
