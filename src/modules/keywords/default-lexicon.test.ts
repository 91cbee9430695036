import { test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLexicon } from './default-lexicon.ts'
import { buildMatcher } from './core/matcher.ts'

test('the default lexicon parses and covers the governance categories', () => {
  const terms = defaultLexicon()
  const cats = new Set(terms.map((t) => t.category))
  for (const c of ['counterfeit', 'off_platform', 'fake_invoice', 'order_brushing', 'gambling', 'fraud', 'prohibited', 'abuse']) assert.ok(cats.has(c), c)
  assert.equal(new Set(terms.map((t) => t.term)).size, terms.length, 'no duplicate terms')
})

test('the default lexicon catches evasions and leaves ordinary reviews alone', () => {
  const m = buildMatcher(defaultLexicon())
  assert.deepEqual(
    m.scan('招兼职刷 单，好评返现，加薇信').map((h) => h.term),
    ['兼职刷', '刷单', '好评返现', '加微信'],
  )
  assert.deepEqual(m.scan('代 開 發 票 请加vx').map((h) => h.term), ['代开发票', '加微信'])
  assert.deepEqual(m.scan('印刷，单人间很干净，遇到很大麻烦，手机跑分很高，微信支付很方便'), [])
  // 假货 is for listings only; reviews complain about fakes honestly
  const review = buildMatcher(defaultLexicon(), { scope: 'review' })
  assert.deepEqual(review.scan('牙膏是假货'), [])
  assert.deepEqual(buildMatcher(defaultLexicon(), { scope: 'listing' }).scan('牙膏是假货').map((h) => h.term), ['假货'])
})
