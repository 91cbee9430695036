import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CharClass, classAt, foldString, normalize } from './normalize.ts'

test('folds full-width, case, traditional and compatibility forms', () => {
  assert.equal(foldString('ＡＢＣ１２３'), 'abc123')
  assert.equal(foldString('代開發票'), '代开发票')
  assert.equal(foldString('假貨'), '假货')
  assert.equal(foldString('WeChat'), 'wechat')
  assert.equal(foldString('𝐰𝐞𝐜𝐡𝐚𝐭'), 'wechat')
  assert.equal(foldString('⼑'), '刀') // Kangxi radical
})

test('drops separators and keeps original offsets for every unit', () => {
  const text = '加\u200d微 😀 信'
  const n = normalize(text)
  assert.equal(n.text, '加微信')
  assert.deepEqual([...n.start], [0, 2, 7])
  assert.deepEqual([...n.end], [1, 3, 8])
  for (let i = 0; i < n.text.length; i++) assert.equal(foldString(text.slice(n.start[i], n.end[i])), n.text[i])
})

test('surrogate pairs map to both units of the original; expansions share one span', () => {
  const n = normalize('𝐚㎏')
  assert.equal(n.text, 'akg')
  assert.deepEqual([...n.start], [0, 2, 2])
  assert.deepEqual([...n.end], [2, 3, 3])
})

test('keepSeparators keeps separators with their classes', () => {
  const n = normalize('刷，单*', { keepSeparators: true })
  assert.equal(n.text, '刷,单*')
  assert.deepEqual([...n.cls], [CharClass.content, CharClass.hard, CharClass.content, CharClass.soft])
})

test('classifies separators', () => {
  assert.equal(classAt('\u200b', 0).cls, CharClass.zeroWidth)
  assert.equal(classAt('\ufeff', 0).cls, CharClass.zeroWidth)
  assert.equal(classAt('。', 0).cls, CharClass.hard)
  assert.equal(classAt('！', 0).cls, CharClass.hard)
  assert.equal(classAt('、', 0).cls, CharClass.mid)
  assert.equal(classAt('　', 0).cls, CharClass.space)
  assert.equal(classAt('*', 0).cls, CharClass.soft)
  assert.equal(classAt('·', 0).cls, CharClass.soft)
  assert.equal(classAt('😀', 0).cls, CharClass.soft)
  assert.equal(classAt('😀', 0).len, 2)
  assert.equal(classAt('a', 0).cls, CharClass.alpha)
  assert.equal(classAt('７', 0).cls, CharClass.digit)
  assert.equal(classAt('单', 0).cls, CharClass.content)
})
