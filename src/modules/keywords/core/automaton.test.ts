import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildAutomaton, countAll, findAll, MatchBuffer } from './automaton.ts'

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function naive(patterns: string[], text: string): string[] {
  const out: string[] = []
  const uniq = [...new Set(patterns.filter((p) => p.length > 0))]
  for (let i = 0; i < text.length; i++) for (const p of uniq) if (text.startsWith(p, i)) out.push(`${i}:${i + p.length}:${p}`)
  return out.sort()
}

function viaAutomaton(patterns: string[], text: string): string[] {
  const dense = viaLayout(patterns, text, undefined)
  const doubleArray = viaLayout(patterns, text, 0)
  assert.deepEqual(doubleArray, dense, 'double-array and full-table layouts agree')
  return dense
}

function viaLayout(patterns: string[], text: string, denseLimit: number | undefined): string[] {
  const a = buildAutomaton(patterns, { denseLimit })
  if (denseLimit === 0) assert.equal(a.delta, null)
  const buf = new MatchBuffer(4)
  findAll(a, text, buf)
  const out: string[] = []
  for (let k = 0; k < buf.count; k++) {
    const p = a.patterns[buf.pattern[k] as number] as string
    const end = buf.end[k] as number
    out.push(`${end - p.length}:${end}:${p}`)
  }
  assert.equal(countAll(a, text), buf.count)
  return out.sort()
}

test('reports every overlapping occurrence (classic he/she/his/hers)', () => {
  assert.deepEqual(viaAutomaton(['he', 'she', 'his', 'hers'], 'ushers'), ['1:4:she', '2:4:he', '2:6:hers'])
})

test('matches Chinese, surrogate pairs and patterns that are prefixes/suffixes of each other', () => {
  const pats = ['刷单', '刷单返现', '单', '返现', '😀', '😀😀', '𠮷野']
  const text = '刷单返现😀😀😀𠮷野家刷单'
  assert.deepEqual(viaAutomaton(pats, text), naive(pats, text))
})

test('equals a naive reference on random strings over small and large alphabets', () => {
  const r = rng(42)
  for (const alphabet of ['ab', 'abc', '刷单返现好评微信', 'abcdefghij', '\u0000\uffff\ud800\udc00x']) {
    for (let round = 0; round < 40; round++) {
      const chars = [...alphabet]
      const word = (max: number): string => {
        let s = ''
        const n = 1 + Math.floor(r() * max)
        for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)]
        return s
      }
      const patterns = Array.from({ length: 1 + Math.floor(r() * 30) }, () => word(5))
      const text = word(300)
      assert.deepEqual(viaAutomaton(patterns, text), naive(patterns, text), `alphabet ${alphabet} round ${round}`)
    }
  }
})

test('large lexicon: every pattern is found in a text made of the patterns', () => {
  const r = rng(7)
  const pats: string[] = []
  for (let i = 0; i < 3000; i++) {
    let s = ''
    const n = 1 + Math.floor(r() * 6)
    for (let j = 0; j < n; j++) s += String.fromCharCode(0x4e00 + Math.floor(r() * 2000))
    pats.push(s)
  }
  const text = pats.slice(0, 500).join('，')
  assert.deepEqual(viaAutomaton(pats, text), naive(pats, text))
})

test('duplicates share one state and are linked; empty patterns never match', () => {
  const a = buildAutomaton(['ab', '', 'ab', 'b'])
  assert.equal(a.duplicateNext[0], 2)
  assert.equal(a.duplicateNext[2], -1)
  const buf = new MatchBuffer()
  findAll(a, 'xab', buf)
  assert.deepEqual([...buf.pattern.subarray(0, buf.count)].sort(), [0, 3])
})

test('findAll honours from/to', () => {
  const a = buildAutomaton(['ab'])
  const buf = new MatchBuffer()
  assert.equal(findAll(a, 'abab', buf, 1, 4), 1)
  assert.equal(buf.end[0], 4)
})
