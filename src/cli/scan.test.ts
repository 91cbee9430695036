import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const bin = join(import.meta.dirname, '..', '..', 'bin', 'tianping.js')
const dir = mkdtempSync(join(tmpdir(), 'tp-scan-test-'))
process.on('exit', () => rmSync(dir, { recursive: true, force: true }))

function file(name: string, content: string): string {
  const p = join(dir, name)
  writeFileSync(p, content)
  return p
}

function scan(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'scan', '--quiet', ...args], { encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const lexicon = file('terms.txt', '# test lexicon\n刷单\torder_brushing\thigh\tblock\n\n代开发票\tfake_invoice\tcritical\n防刷单\tallow\tlow\tallow\n')

test('JSONL in, one JSON line per document in input order, with exact offsets', () => {
  const docs = file('docs.jsonl', ['{"id":"a","text":"加 刷 单 返现"}', '{"id":7,"text":"印刷，单人间"}', '', '{"id":"c","text":"😀代開發票"}', '{"id":"d","text":"防刷单"}'].join('\n'))
  const r = scan('--lexicon', lexicon, '--input', docs)
  assert.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; hits: { term: string; start: number; end: number; matched: string; category: string }[] })
  assert.deepEqual(
    lines.map((l) => l.id),
    ['a', '7', 'c', 'd'],
  )
  assert.deepEqual(lines[0]?.hits.map((h) => [h.term, h.category, h.start, h.end, h.matched]), [['刷单', 'order_brushing', 2, 5, '刷 单']])
  assert.deepEqual(lines[1]?.hits, [])
  assert.deepEqual(lines[2]?.hits.map((h) => [h.term, h.start, h.end]), [['代开发票', 2, 6]])
  assert.deepEqual(lines[3]?.hits, [])
})

test('--exact does no normalization', () => {
  const docs = file('exact.jsonl', '{"id":"a","text":"刷 单 刷单 代開發票"}\n')
  const r = scan('--lexicon', lexicon, '--input', docs, '--exact')
  assert.equal(r.code, 0, r.stderr)
  const line = JSON.parse(r.stdout) as { hits: { matched: string; start: number }[] }
  assert.deepEqual(line.hits.map((h) => [h.matched, h.start]), [['刷单', 4]])
})

test('TXT ids are line numbers; without --lexicon the default lexicon is used', () => {
  const docs = file('docs.txt', '没问题\n好评返现加薇信\n')
  const r = scan('--input', docs)
  assert.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; hits: { term: string }[] })
  assert.deepEqual(
    lines.map((l) => [l.id, l.hits.map((h) => h.term)]),
    [
      ['1', []],
      ['2', ['好评返现', '加微信']],
    ],
  )
})

test('CSV with --id-field/--text-field and csv output', () => {
  const docs = file('docs.csv', 'sku,title\nS1,"高仿 包包, 刷*单"\nS2,正品\n')
  const r = scan('--lexicon', lexicon, '--input', docs, '--id-field', 'sku', '--text-field', 'title', '--format', 'csv')
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, 'id,term,category,severity,action,start,end,matched,variant\nS1,刷单,order_brushing,high,block,7,10,刷*单,separator\n')
})

test('a malformed line exits 1 naming file:line and prints nothing on stdout', () => {
  const docs = file('bad.jsonl', '{"id":"a","text":"刷单"}\n{"id":"b","text":"刷单"\n{"id":"c","text":"x"}\n')
  const r = scan('--lexicon', lexicon, '--input', docs)
  assert.equal(r.code, 1)
  assert.equal(r.stdout, '')
  assert.match(r.stderr, /bad\.jsonl:2: invalid JSON/)
  assert.equal(r.stderr.trim().split('\n').length, 1)
})

test('a missing text field and a bad lexicon line are errors with line numbers', () => {
  const docs = file('notext.jsonl', '{"id":"a","text":"x"}\n{"id":"b","body":"x"}\n')
  const r = scan('--lexicon', lexicon, '--input', docs)
  assert.equal(r.code, 1)
  assert.equal(r.stdout, '')
  assert.match(r.stderr, /notext\.jsonl:2: field "text" must be a string/)
  const bad = file('bad-terms.txt', '刷单\tc\thigh\n坏\tc\tsevere\n')
  const r2 = scan('--lexicon', bad, '--input', docs)
  assert.equal(r2.code, 1)
  assert.match(r2.stderr, /bad-terms\.txt:2: severity/)
})

test('usage errors exit 2', () => {
  assert.equal(scan().code, 2)
  assert.equal(scan('--input', 'x.pdf').code, 2)
  assert.equal(scan('--input', 'x.jsonl', '--format', 'xml').code, 2)
})
