import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildMatcher, type Hit } from './matcher.ts'
import { parseTerms, type LexiconTerm } from './lexicon.ts'

const lexicon = parseTerms(
  [
    '刷单\torder_brushing\thigh\tblock',
    '代开发票\tfake_invoice\thigh\tblock',
    '微信\toff_platform\tmedium\treview\tpinyin; variants=威信|V信|vx|薇信',
    'wechat\toff_platform\tmedium',
    '1:1\tcounterfeit\tmedium',
    '假货\tcounterfeit\tmedium',
    '不是假货\tallow\tlow\tallow',
    'A货\tcounterfeit\thigh',
    '高仿\tcounterfeit\thigh',
  ].join('\n'),
).terms
const m = buildMatcher(lexicon)
const find = (text: string): [string, string, string][] => m.scan(text).map((h) => [h.term, h.matched, h.variant.join('+')])

function checkOffsets(text: string, hits: Hit[]): void {
  for (const h of hits) assert.equal(text.slice(h.start, h.end), h.matched)
}

test('plain hits report the lexicon term, category and exact offsets', () => {
  const hits = m.scan('我们可以刷单哦')
  assert.equal(hits.length, 1)
  assert.deepEqual(
    { ...hits[0], termIndex: undefined },
    { term: '刷单', category: 'order_brushing', severity: 'high', action: 'block', start: 4, end: 6, matched: '刷单', variant: [], termIndex: undefined },
  )
})

test('sentence punctuation and letters do not join words into a false hit', () => {
  assert.deepEqual(find('……印刷，单人间很干净'), [])
  assert.deepEqual(find('印刷。单人间'), [])
  assert.deepEqual(find('印刷 单人间'), [])
  assert.deepEqual(find('刷卡签单'), [])
  assert.deepEqual(find('代开，发票'), []) // one comma inside a longer term: not uniform
})

test('deliberate separators are seen through', () => {
  assert.deepEqual(find('代 開 發 票'), [['代开发票', '代 開 發 票', 'traditional+separator']])
  assert.deepEqual(find('代，开，发，票'), [['代开发票', '代，开，发，票', 'separator']])
  assert.deepEqual(find('高、仿 包包'), [['高仿', '高、仿', 'separator']])
  assert.deepEqual(find('假*货'), [['假货', '假*货', 'separator']])
  assert.deepEqual(find('刷_单'), [['刷单', '刷_单', 'separator']])
  assert.deepEqual(find('刷___单'), [['刷单', '刷___单', 'separator']])
  assert.deepEqual(find('刷____单'), []) // gap bound (maxGap 3)
  assert.deepEqual(find('加 刷 单 返现'), [['刷单', '刷 单', 'separator']])
  assert.deepEqual(find('加\u200d微\u200d信'), [['微信', '微\u200d信', 'zero-width']])
  assert.deepEqual(find('加\u200b\u200b\u2060微\ufeff信'), [['微信', '微\ufeff信', 'zero-width']])
})

test('emoji are separators and offsets count them as two units', () => {
  const text = '😀😀刷😀单😀'
  const hits = m.scan(text)
  checkOffsets(text, hits)
  assert.deepEqual(
    hits.map((h) => [h.start, h.end, h.variant]),
    [[4, 8, ['emoji']]],
  )
})

test('full-width, case and traditional forms', () => {
  assert.deepEqual(find('Ａ货'), [['A货', 'Ａ货', 'width']])
  assert.deepEqual(find('a货'), [['A货', 'a货', 'case']])
  assert.deepEqual(find('假貨'), [['假货', '假貨', 'traditional']])
  assert.deepEqual(find('ＷｅＣｈａｔ'), [['wechat', 'ＷｅＣｈａｔ', 'width+case']])
})

test('English: no joining across words, but uniform spelling-out is seen through', () => {
  assert.deepEqual(find('we chatted for hours'), [])
  assert.deepEqual(find('w e c h a t'), [['wechat', 'w e c h a t', 'separator']])
  assert.deepEqual(find('w.e.c.h.a.t'), [['wechat', 'w.e.c.h.a.t', 'separator']])
  assert.deepEqual(find('vxworks'), [])
})

test('digits and ASCII punctuation inside a term: 1:1 is not 11 or 2011年', () => {
  assert.deepEqual(find('2011年买的'), [])
  assert.deepEqual(find('11:15到的'), [])
  assert.deepEqual(find('2011-1-1'), [])
  assert.deepEqual(find('1:1复刻'), [['1:1', '1:1', '']])
  assert.deepEqual(find('1：1复刻'), [['1:1', '1：1', 'width']])
})

test('opt-in pinyin and homophone/letter variants', () => {
  assert.deepEqual(find('加威信'), [['微信', '威信', 'homophone']])
  assert.deepEqual(find('加薇信'), [['微信', '薇信', 'homophone']])
  assert.deepEqual(find('加V信'), [['微信', 'V信', 'letter']])
  assert.deepEqual(find('加vx'), [['微信', 'vx', 'letter']])
  assert.deepEqual(find('加weixin'), [['微信', 'weixin', 'pinyin']])
  assert.deepEqual(find('加微xin'), [['微信', '微xin', 'pinyin']])
  // not opted in: 刷单 has no pinyin variants
  assert.deepEqual(find('shuadan'), [])
})

test('allow-list terms suppress hits inside them', () => {
  assert.deepEqual(find('这不是假货'), [])
  assert.deepEqual(find('这是假货'), [['假货', '假货', '']])
  // the allow-list term sees through evasion too
  assert.deepEqual(find('这不是假*货'), [])
})

test('separators option: none and loose', () => {
  const terms: LexiconTerm[] = [
    { term: '刷单', category: 'c', severity: 'high', action: 'block', options: { separators: 'none' } },
    { term: '返现', category: 'c', severity: 'high', action: 'block', options: { separators: 'loose', maxGap: 1 } },
  ]
  const mm = buildMatcher(terms)
  assert.deepEqual(
    mm.scan('刷*单 刷单 返，现 返，，现').map((h) => h.matched),
    ['刷单', '返，现'],
  )
})

test('scope filters terms', () => {
  const terms: LexiconTerm[] = [
    { term: '假货', category: 'c', severity: 'high', action: 'review', options: { scope: 'listing' } },
    { term: '刷单', category: 'c', severity: 'high', action: 'block', options: {} },
  ]
  assert.deepEqual(
    buildMatcher(terms, { scope: 'review' })
      .scan('假货刷单')
      .map((h) => h.term),
    ['刷单'],
  )
  assert.deepEqual(
    buildMatcher(terms, { scope: 'listing' })
      .scan('假货刷单')
      .map((h) => h.term),
    ['假货', '刷单'],
  )
})

test('overlapping terms are all reported', () => {
  const terms: LexiconTerm[] = ['刷单', '刷单返现', '返现'].map((t) => ({ term: t, category: 'c', severity: 'high', action: 'block', options: {} }))
  const hits = buildMatcher(terms).scan('刷 单 返 现')
  assert.deepEqual(
    hits.map((h) => [h.term, h.matched]),
    [
      ['刷单', '刷 单'],
      ['刷单返现', '刷 单 返 现'],
      ['返现', '返 现'],
    ],
  )
})

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

test('exact mode equals a naive reference on random strings (every overlapping occurrence)', () => {
  const r = rng(1234)
  const chars = [...'刷单返现aAbＡ😀 ，']
  const word = (max: number): string => {
    let s = ''
    const n = 1 + Math.floor(r() * max)
    for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)]
    return s
  }
  for (let round = 0; round < 60; round++) {
    const words = Array.from({ length: 1 + Math.floor(r() * 20) }, () => word(4))
    const terms: LexiconTerm[] = words.map((t) => ({ term: t, category: 'c', severity: 'low', action: 'flag', options: {} }))
    const text = word(200)
    const got = buildMatcher(terms, { mode: 'exact' })
      .scan(text)
      .map((h) => `${h.termIndex}:${h.start}:${h.end}`)
      .sort()
    const want: string[] = []
    words.forEach((w, ti) => {
      for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) want.push(`${ti}:${i}:${i + w.length}`)
    })
    assert.deepEqual(got, want.sort(), `round ${round}`)
  }
})

test('exact mode does no normalization', () => {
  const mm = buildMatcher(lexicon, { mode: 'exact' })
  assert.deepEqual(
    mm.scan('刷 单 假貨 刷单 Ａ货 A货').map((h) => h.matched),
    ['刷单', 'A货'],
  )
})

test('evasion hits always slice back to what matched (random separators)', () => {
  const r = rng(99)
  const seps = ['*', '_', ' ', '，', '\u200b', '😀', '·', '']
  for (let round = 0; round < 200; round++) {
    let text = ''
    for (const ch of [...'刷单代开发票微信高仿假货好评返现']) {
      text += ch
      if (r() < 0.5) text += seps[Math.floor(r() * seps.length)]
    }
    checkOffsets(text, m.scan(text))
  }
})
