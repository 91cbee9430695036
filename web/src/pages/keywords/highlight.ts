// Splits a scanned text into runs at every hit boundary, each run listing the hits that cover it, so
// overlapping hits (刷单 inside 代刷单) highlight without nesting marks.
export interface Run<H> {
  start: number
  end: number
  hits: H[]
}

export function runs<H extends { start: number; end: number }>(text: string, hits: readonly H[]): Run<H>[] {
  const cuts = new Set<number>([0, text.length])
  for (const h of hits) {
    cuts.add(Math.max(0, Math.min(text.length, h.start)))
    cuts.add(Math.max(0, Math.min(text.length, h.end)))
  }
  const at = [...cuts].sort((a, b) => a - b)
  const out: Run<H>[] = []
  for (let i = 0; i + 1 < at.length; i++) {
    const start = at[i] as number
    const end = at[i + 1] as number
    if (end > start) out.push({ start, end, hits: hits.filter((h) => h.start <= start && h.end >= end) })
  }
  return out
}
