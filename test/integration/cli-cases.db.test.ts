// tianping cases list|export|bulk as a user runs them: a real data directory, child processes, exit codes,
// stdout data and stderr summaries; the database is read between runs to see what changed and what was audited.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type Db } from '../../src/db/database.ts'

const bin = join(import.meta.dirname, '..', '..', 'bin', 'tianping.js')
let dir: string
const env = () => {
  const e: Record<string, string | undefined> = { ...process.env, TIANPING_DATA_DIR: dir, TIANPING_LOG_LEVEL: 'warn' }
  delete e.DATABASE_URL // the CLI opens the embedded database in `dir`, as `tianping` on a workstation does
  return e
}
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8' })
const jsonLines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)

/** Reads the data directory between CLI runs (PGlite is one process at a time, so it is closed again). */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const d = await openDatabase({ dataDir: dir, holder: 'cli-cases test' })
  try {
    return await fn(d.db)
  } finally {
    await d.close()
  }
}
const priorities = () => withDb(async (db) => new Map((await db.selectFrom('case').select(['number', 'priority']).execute()).map((r) => [r.number, r.priority])))
const auditHead = () => withDb(async (db) => Number((await db.selectFrom('auditLog').select((eb) => eb.fn.max('seq').as('n')).executeTakeFirstOrThrow()).n))

// Six imported cases: rows 1-3 received in 2025 (long past their clock: breached), rows 4-6 received now.
let imported: { row: number; case_id: string; number: string }[] = []
const old = () => imported.filter((r) => r.row <= 3)
const fresh = () => imported.filter((r) => r.row > 3)

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tp-cli-cases-'))
  const flat = (i: number) => JSON.stringify({
    external_id: `C-${i}`, channel: 'hotline', source: 'callcenter', text: `来电投诉${i}：信用卡年费`, product_line: 'credit_card', subject_type: 'branch',
    subject_ref: `BR-${i}`, subject_name: `第${i}支行`, complainant_name: '来电人', complainant_phone: `1370000${String(i).padStart(4, '0')}`,
    ...(i <= 3 ? { received_at: '2025-01-06T02:00:00Z' } : {}),
  })
  const file = join(dir, 'in.jsonl')
  writeFileSync(file, [1, 2, 3, 4, 5, 6].map(flat).join('\n') + '\n')
  const r = run('import', 'complaints', file, '--quiet')
  assert.equal(r.status, 0, r.stderr)
  imported = jsonLines(r.stdout) as unknown as typeof imported
  assert.equal(imported.length, 6)
})
after(() => rmSync(dir, { recursive: true, force: true }))

test('list --sla breached: the JSON lines are exactly the breached cases; the table has its header and --limit rows', () => {
  const r = run('cases', 'list', '--sla', 'breached', '--json')
  assert.equal(r.status, 0, r.stderr)
  const lines = jsonLines(r.stdout)
  assert.deepEqual(lines.map((l) => l.number).sort(), old().map((c) => c.number).sort())
  assert.ok(lines.every((l) => l.sla_due_at !== null && l.status === 'new' && l.subject_ref !== undefined), 'snake_case fields of the case summary')
  const t = run('cases', 'list', '--status', 'new', '--limit', '4')
  assert.equal(t.status, 0, t.stderr)
  const rows = t.stdout.trimEnd().split('\n')
  assert.match(rows[0]!, /^NUMBER\s+STATUS\s+KIND\s+RECEIVED\s+DUE\s+ASSIGNEE\s+SUBJECT$/)
  assert.equal(rows.length, 1 + 4)
  // newest first, as the API's default sort: the four most recently received
  assert.deepEqual(rows.slice(1).map((l) => l.split(/\s+/)[0]).slice(0, 3).sort(), fresh().map((c) => c.number).sort())
})

test('export writes the API CSV: header, exactly the filtered rows, names masked; audited as case.exported', async () => {
  const out = join(dir, 'breached.csv')
  const before = await auditHead()
  const r = run('cases', 'export', '--sla', 'breached', '--out', out)
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout, '', 'with --out, stdout stays empty')
  assert.match(r.stderr, /3 cases written to .*breached\.csv/)
  const csv = readFileSync(out, 'utf8')
  assert.equal(csv.charCodeAt(0), 0xfeff, 'UTF-8 BOM for Excel, as the API sends')
  const [header, ...rows] = csv.slice(1).trimEnd().split(/\r?\n/)
  assert.equal(header!.split(',').slice(0, 4).join(','), 'number,kind,channel,status')
  assert.ok(header!.includes('complainant') && header!.includes('sla_due_at'))
  assert.deepEqual(rows.map((l) => l.split(',')[0]).sort(), old().map((c) => c.number).sort())
  assert.ok(rows.every((l) => l.includes('来**') && !l.includes('来电人')), 'complainant names are masked')
  const stdout = run('cases', 'export', '--status', 'new', '--quiet')
  assert.equal(stdout.status, 0, stdout.stderr)
  assert.equal(stdout.stdout.trimEnd().split('\n').length, 1 + 6, 'to stdout: header and six rows')
  assert.equal(stdout.stderr, '')
  const audits = await withDb((db) => db.selectFrom('auditLog').select(['actorName', 'data']).where('action', '=', 'case.exported').orderBy('seq').execute())
  assert.equal(await auditHead(), before + 2)
  assert.equal(audits.length, 2)
  assert.equal(audits[0]!.actorName, 'cli:cases')
  assert.equal((audits[0]!.data as { rows: number; filters: { sla: string } }).rows, 3)
  assert.equal((audits[0]!.data as { filters: { sla: string } }).filters.sla, 'breached')
})

test('bulk priority --ids-from: exactly the listed cases change, each audited; an unknown number fails alone (exit 1)', async () => {
  const [a, b, c] = [imported[0]!, imported[3]!, imported[4]!]
  const file = join(dir, 'ids.txt')
  writeFileSync(file, `# escalated by the hotline lead\n${a.number}\n\n${b.number.toLowerCase()}\nTP-2026-999999\n${c.case_id}\n${a.number}\n`)
  const seqBefore = await auditHead()
  const r = run('cases', 'bulk', 'priority', '--priority', 'urgent', '--ids-from', file)
  assert.equal(r.status, 1, 'one reference failed')
  const lines = jsonLines(r.stdout)
  assert.deepEqual(lines.map((l) => [l.line, l.number, l.ok]), [[2, a.number, true], [4, b.number, true], [5, null, false], [6, c.number, true]])
  assert.deepEqual(lines[2]!.error, { code: 'cases.not_found', message: 'case TP-2026-999999 does not exist' })
  assert.match(r.stderr, /3 ok, 1 failed/)
  const after = await priorities()
  for (const x of imported) assert.equal(after.get(x.number), [a, b, c].includes(x) ? 'urgent' : 'normal', x.number)
  const audits = await withDb((db) => db.selectFrom('auditLog').select(['targetId', 'actorName', 'actorKind', 'data']).where('action', '=', 'case.updated').where('seq', '>', seqBefore).execute())
  assert.deepEqual(audits.map((x) => x.targetId).sort(), [a.case_id, b.case_id, c.case_id].sort())
  assert.ok(audits.every((x) => x.actorName === 'cli:cases' && x.actorKind === 'system'))
  assert.deepEqual((audits[0]!.data as { after: unknown }).after, { priority: 'urgent' })
})

test('bulk --dry-run lists what it would touch and changes nothing, not even the audit log', async () => {
  const before = await priorities()
  const seq = await auditHead()
  const r = run('cases', 'bulk', 'priority', '--priority', 'low', '--sla', 'breached', '--dry-run')
  assert.equal(r.status, 0, r.stderr)
  const lines = jsonLines(r.stdout)
  assert.deepEqual(lines.map((l) => l.number).sort(), old().map((c) => c.number).sort())
  assert.ok(lines.every((l) => l.dry_run === true && l.op === 'priority'))
  assert.match(r.stderr, /dry run, nothing changed: 3 would be touched/)
  assert.deepEqual(await priorities(), before)
  assert.equal(await auditHead(), seq)
})

test('--as USERNAME applies that user\'s permissions and scope, as the API does', async () => {
  assert.equal(run('user', 'create', '--username', 'li.handler', '--role', 'handler').status, 0)
  assert.equal(run('user', 'create', '--username', 'wang.auditor', '--role', 'auditor').status, 0)
  const file = join(dir, 'one.txt')
  writeFileSync(file, `${imported[5]!.number}\n`)
  const seq = await auditHead()
  const denied = run('cases', 'bulk', 'priority', '--priority', 'high', '--ids-from', file, '--as', 'wang.auditor')
  assert.equal(denied.status, 1)
  assert.match(denied.stderr, /--as wang\.auditor: .*needs the permission cases:handle/)
  // A handler sees only their own cases: this one answers as if it did not exist.
  const hidden = run('cases', 'bulk', 'priority', '--priority', 'high', '--ids-from', file, '--as', 'li.handler')
  assert.equal(hidden.status, 1)
  assert.equal((jsonLines(hidden.stdout)[0]!.error as { code: string }).code, 'cases.not_found')
  assert.equal((await priorities()).get(imported[5]!.number), 'normal')
  assert.equal(await auditHead(), seq)
  assert.equal(run('cases', 'list', '--as', 'nobody').status, 1)
})

test('bad flags and missing choices exit 2 with the usage, naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['cases', 'list', '--bogus'], /--bogus/],
    [['cases', 'list', '--status', 'sleeping'], /--status/],
    [['cases', 'bulk', 'priority', '--priority', 'meh', '--status', 'new'], /--priority/],
    [['cases', 'bulk', 'priority', '--priority', 'low'], /--ids-from FILE, or at least one filter/],
    [['cases', 'bulk', 'explode', '--status', 'new'], /unknown bulk operation "explode"/],
    [['cases', 'frobnicate'], /say list, export or bulk/],
  ]
  for (const [args, message] of cases) {
    const r = run(...args)
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, message)
    assert.match(r.stderr, /usage:\n {2}tianping cases list/)
    assert.equal(r.stdout, '')
  }
})
