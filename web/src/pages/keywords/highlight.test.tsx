import { describe, expect, it } from 'vitest'
import { runs } from './highlight.ts'

describe('runs', () => {
  it('covers the whole text and marks overlapping hits per run', () => {
    const text = '找人代刷单吧'
    const a = { start: 2, end: 5, term: '代刷单' }
    const b = { start: 3, end: 5, term: '刷单' }
    const r = runs(text, [a, b])
    expect(r.map((x) => text.slice(x.start, x.end))).toEqual(['找人', '代', '刷单', '吧'])
    expect(r.map((x) => x.hits.map((h) => h.term))).toEqual([[], ['代刷单'], ['代刷单', '刷单'], []])
  })
  it('keeps surrogate pairs whole when hits do', () => {
    const text = '刷😀单'
    expect(runs(text, [{ start: 0, end: 4 }]).length).toBe(1)
    expect(runs('', []).length).toBe(0)
  })
})
