import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatTerms, parseTerms } from './lexicon.ts'

test('parses terms, fields, comments and blank lines', () => {
  const { terms, errors } = parseTerms('\ufeff# header\n\n刷单\torder_brushing\thigh\tblock\n高仿\tcounterfeit\t3\n微信\toff_platform\t\treview\tpinyin; variants=威信|vx; scope=listing\n假货\n')
  assert.deepEqual(errors, [])
  assert.equal(terms.length, 4)
  assert.deepEqual(terms[0], { term: '刷单', category: 'order_brushing', severity: 'high', action: 'block', options: {}, line: 3 })
  assert.equal(terms[1]?.severity, 'high')
  assert.equal(terms[1]?.action, 'review')
  assert.deepEqual(terms[2]?.options, { pinyin: true, variants: ['威信', 'vx'], scope: 'listing' })
  assert.equal(terms[2]?.severity, 'medium')
  assert.deepEqual(terms[3], { term: '假货', category: 'uncategorized', severity: 'medium', action: 'review', options: {}, line: 6 })
})

test('reports bad lines with their line numbers and keeps the good ones', () => {
  const { terms, errors } = parseTerms('好\tc\thigh\n坏\tc\tsevere\n\tc\tlow\n坏2\tc\tlow\tdelete\n坏3\tc\tlow\tflag\tcolour=red\n')
  assert.equal(terms.length, 1)
  assert.deepEqual(
    errors.map((e) => e.line),
    [2, 3, 4, 5],
  )
  assert.match(errors[0]?.message ?? '', /severity/)
  assert.match(errors[3]?.message ?? '', /unknown option "colour"/)
})

test('formatTerms round-trips', () => {
  const text = '刷单\torder_brushing\thigh\tblock\n微信\toff_platform\tmedium\treview\tseparators=loose; maxgap=2; pinyin; variants=威信|vx; scope=review; boundary=off'
  const { terms } = parseTerms(text)
  assert.equal(formatTerms(terms), text)
})
