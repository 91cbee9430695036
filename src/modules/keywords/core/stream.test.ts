import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildMatcher, type Hit } from './matcher.ts'
import { parseTerms } from './lexicon.ts'
import { StreamScanner } from './stream.ts'

const terms = parseTerms('刷单\tc\thigh\n代开发票\tc\thigh\n不刷单\tallow\tlow\tallow\nwechat\tc\tlow\n1:1\tc\tlow').terms
const key = (h: Hit): string => `${h.term}@${h.start}-${h.end}:${h.matched}`

function streamed(matcherMode: 'evasion' | 'exact', text: string, chunkSize: number): Hit[] {
  const m = buildMatcher(terms, { mode: matcherMode })
  const s = new StreamScanner(m, { minBatch: 1 })
  const hits: Hit[] = []
  for (let i = 0; i < text.length; i += chunkSize) hits.push(...s.push(text.slice(i, i + chunkSize)))
  hits.push(...s.end())
  return hits
}

test('chunked scanning finds the same hits as one scan, across chunk boundaries', () => {
  const piece = '好评刷 单，印刷，单人间，代 開 發 票😀，不刷单，w e c h a t 1:1 11:15 刷\u200b单 '
  const text = piece.repeat(40)
  for (const mode of ['evasion', 'exact'] as const) {
    const whole = buildMatcher(terms, { mode }).scan(text).map(key).sort()
    assert.ok(whole.length > 40)
    for (const size of [1, 3, 7, 64, 1000]) {
      const got = streamed(mode, text, size).map(key).sort()
      assert.deepEqual(got, whole, `${mode} chunk ${size}`)
    }
  }
})

test('offsets are relative to the whole stream and memory stays bounded', () => {
  const m = buildMatcher(terms)
  const s = new StreamScanner(m, { minBatch: 256 })
  let found = 0
  let last = -1
  const block = '一二三四五六七八九十'.repeat(100) + '刷*单'
  for (let i = 0; i < 200; i++) {
    for (const h of s.push(block)) {
      found++
      assert.equal(h.matched, '刷*单')
      assert.equal(h.start % block.length, block.length - 3)
      assert.ok(h.start > last)
      last = h.start
    }
    assert.ok((s as unknown as { buf: string }).buf.length < 2 * m.maxSpan + 8 + 4 + 256 + 2 * block.length)
  }
  found += s.end().length
  assert.equal(found, 200)
})
