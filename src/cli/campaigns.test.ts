import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const bin = join(import.meta.dirname, '..', '..', 'bin', 'tianping.js')
const dir = mkdtempSync(join(tmpdir(), 'tp-campaigns-'))

function run(lines: string[], ...args: string[]): { status: number | null; stdout: string; stderr: string; file: string } {
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.jsonl`)
  writeFileSync(file, lines.join('\n') + '\n')
  const r = spawnSync(process.execPath, [bin, 'campaigns', '--input', file, ...args], { encoding: 'utf8' })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, file }
}

const tmpl = (name: string, product: string): string =>
  `本人${name}于今年在贵公司通过业务员购买了${product}，业务员承诺保本高收益并可随时全额退保，实际合同条款与宣传严重不符，存在销售误导，现要求全额退还已交保费并赔偿利息损失。`

const ring = [
  { id: 'r1', text: tmpl('张伟', '鑫福年金保险'), submitted_at: '2025-03-01T10:00:00+08:00', complainant: { id_number: '110101199001011111', phone: '13812345678' }, agent: { phone: '13900001234', name: '周经理' } },
  { id: 'r2', text: tmpl('李娜', '金福两全保险'), submitted_at: '2025-03-02', complainant: { id_number: '110101199001012222' }, agent: { phone: '13900001234' } },
  { id: 'r3', text: tmpl('王强', '安康终身寿险'), submitted_at: '2025-03-02 09:30', complainant: { id_number: '110101199001013333' }, agent: { phone: '13900001234' } },
]
const other = { id: 'o1', text: 'The bank charged me an overdraft fee twice for the same transaction and refused to refund it.', submitted_at: '2025-03-03T00:00:00Z' }
const fanOut = [
  { id: 'f1', text: 'I am a victim of identity theft and these accounts on my credit report are not mine, please block them.', submitted_at: '2025-03-04', subject: 'Equifax', complainant: { id: 'c77' } },
  { id: 'f2', text: 'I am a victim of identity theft and these accounts on my credit report are not mine, please block them.', submitted_at: '2025-03-04', subject: 'Experian', complainant: { id: 'c77' } },
]

void test('one line per record in input order, campaign and duplicate fields, masked reasons, summary file', () => {
  const lines = [other, ring[1], ...fanOut, ring[0], ring[2]].map((x) => JSON.stringify(x))
  const summary = join(dir, 'summary.json')
  const r = run(lines, '--summary', summary, '--quiet')
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stderr, '')
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; campaign_id: string | null; duplicate_of: string | null; score: number; reasons: string[] })
  assert.deepEqual(out.map((o) => o.id), ['o1', 'r2', 'f1', 'f2', 'r1', 'r3'])
  const by = new Map(out.map((o) => [o.id, o]))
  for (const id of ['r1', 'r2', 'r3']) assert.equal(by.get(id)!.campaign_id, 'C0001')
  assert.equal(by.get('o1')!.campaign_id, null)
  assert.equal(by.get('f2')!.duplicate_of, 'f1')
  assert.equal(by.get('f1')!.campaign_id, null)
  assert.ok(by.get('r1')!.score > 0.5 && by.get('r1')!.score <= 1)
  const reasons = by.get('r1')!.reasons.join('\n')
  assert.match(reasons, /share agent phone 139\*\*\*\*1234/)
  assert.doesNotMatch(r.stdout, /13900001234|13812345678/)
  const s = JSON.parse(readFileSync(summary, 'utf8')) as { campaigns: { id: string; members: string[]; first_at: string; shared_attributes: unknown[] }[]; burst_alerts: unknown[] }
  assert.equal(s.campaigns.length, 1)
  assert.deepEqual(s.campaigns[0]!.members, ['r1', 'r2', 'r3'])
  assert.equal(s.campaigns[0]!.first_at, '2025-03-01T02:00:00.000Z')
  assert.ok(s.campaigns[0]!.shared_attributes.length >= 1)
  assert.deepEqual(s.burst_alerts, [])
})

void test('progress goes to stderr, not stdout', () => {
  const r = run([JSON.stringify(other)])
  assert.equal(r.status, 0)
  assert.match(r.stderr, /campaigns: 1 complaints/)
  assert.equal(r.stdout.trim().split('\n').length, 1)
})

void test('malformed lines exit 1 naming the line, with nothing on stdout', () => {
  const good = JSON.stringify(other)
  const cases: [string, RegExp][] = [
    ['{"id": "x", "text": ', /:2: invalid JSON/],
    [JSON.stringify({ id: 'x', text: 'hi' }), /:2: submitted_at/],
    [JSON.stringify({ id: 'x', text: 'hi', submitted_at: 'yesterday' }), /:2: submitted_at: not an ISO-8601 date/],
    [JSON.stringify({ id: 'x', text: 'hi', submitted_at: '2025-02-30' }), /:2: submitted_at: not an ISO-8601 date/],
    [JSON.stringify({ id: 'x', text: 'hi', submitted_at: '2025-02-30T00:00:00Z', complainant: { phone: 13800000000 } }), /:2: complainant\.phone/],
    [JSON.stringify({ id: 7, text: 'hi', submitted_at: '2025-01-01' }), /:2: id/],
    [JSON.stringify({ text: 'hi', submitted_at: '2025-01-01' }), /:2: id/],
    [JSON.stringify({ id: 'x', submitted_at: '2025-01-01' }), /:2: text/],
    [JSON.stringify({ id: 'x', text: 'hi', submitted_at: '2025-01-01', demand: { amount: 'lots' } }), /:2: demand\.amount/],
    [good, /:2: id: duplicate id/],
  ]
  for (const [bad, msg] of cases) {
    const r = run([good, bad], '--quiet')
    assert.equal(r.status, 1, `${bad}: ${r.stderr}`)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, msg)
    assert.ok(r.stderr.includes(r.file), r.stderr)
  }
})

void test('missing optional fields and nulls are fine; usage errors exit 2', () => {
  const r = run([JSON.stringify({ id: 'n', text: '', submitted_at: '2025-01-01', complainant: null, agent: { name: null } })], '--quiet')
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(JSON.parse(r.stdout), { id: 'n', campaign_id: null, duplicate_of: null, score: 0, reasons: [] })
  const noInput = spawnSync(process.execPath, [bin, 'campaigns'], { encoding: 'utf8' })
  assert.equal(noInput.status, 2)
  const badFormat = spawnSync(process.execPath, [bin, 'campaigns', '--input', 'x', '--format', 'csv'], { encoding: 'utf8' })
  assert.equal(badFormat.status, 2)
  const missing = spawnSync(process.execPath, [bin, 'campaigns', '--input', join(dir, 'nope.jsonl')], { encoding: 'utf8' })
  assert.equal(missing.status, 1)
  assert.match(missing.stderr, /no such file/)
})
