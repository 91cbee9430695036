import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { importComplaints, fromCfpb, fromFlat, caseJobHandlers, validateRows } from '../../src/modules/cases/index.ts'
import { runDueJobs } from '../../src/platform/jobs.ts'

let env: TestEnv
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  handler = await env.login('handler')
})
after(() => env.close())

const row = (i: number, over: Record<string, unknown> = {}) => ({
  channel: 'app', source: 'partner', externalId: `P-${i}`, productLine: 'goods', text: `第${i}号投诉：商品与描述不符`,
  subject: { type: 'merchant', ref: `M-${i % 7}`, name: `店铺${i % 7}` }, complainants: [{ name: '导入用户', phone: `1350000${String(i).padStart(4, '0')}` }],
  receivedAt: '2026-03-01T08:00:00Z', ...over,
})
const post = (payload: unknown, headers: Record<string, string> = handler) =>
  env.app.inject({ method: 'POST', url: '/api/v1/complaints/import', headers, payload: payload as object })

test('API import: all rows created once; a re-run creates nothing new', async () => {
  const rows = Array.from({ length: 30 }, (_, i) => row(i))
  const a = await post({ rows })
  assert.equal(a.statusCode, 200, a.body)
  assert.equal(a.json().created, 30)
  assert.equal(a.json().existing, 0)
  assert.deepEqual(a.json().rows.map((r: { row: number }) => r.row), rows.map((_, i) => i + 1))
  const b = await post({ rows: [...rows, row(30)] })
  assert.equal(b.json().created, 1)
  assert.equal(b.json().existing, 30)
  assert.equal(b.json().rows[0].caseId, a.json().rows[0].caseId)
  const count = await env.database.db.selectFrom('case').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'partner').executeTakeFirstOrThrow()
  assert.equal(Number(count.n), 31)
  const audits = await env.database.db.selectFrom('auditLog').selectAll().where('action', '=', 'case.imported').execute()
  assert.equal(audits.length, 2)
  assert.equal((audits[0]!.data as { caseIds: string[] }).caseIds.length, 30)
  // Every imported case has its own audit row, like a single intake, naming the file row it came from.
  const first = a.json().rows[0]
  const received = await env.database.db.selectFrom('auditLog').select(['data']).where('action', '=', 'case.received').where('targetId', '=', first.caseId).execute()
  assert.equal(received.length, 1)
  assert.equal((received[0]!.data as { importRow: number; number: string }).importRow, 1)
  assert.equal((received[0]!.data as { number: string }).number, first.number)
  const perCase = await env.database.db.selectFrom('auditLog').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'case.received')
    .where('targetId', 'in', [...a.json().rows, ...b.json().rows].filter((r: { status: string }) => r.status === 'created').map((r: { caseId: string }) => r.caseId)).executeTakeFirstOrThrow()
  assert.equal(Number(perCase.n), 31)
  const chain = await env.app.inject({ method: 'POST', url: '/api/v1/audit/verify', headers: await env.login('admin') })
  assert.equal(chain.json().ok, true, chain.body)
  const jobs = await env.database.db.selectFrom('job').select('id').where('kind', '=', 'cases.sla_check').execute()
  assert.ok(jobs.length >= 31, 'each imported case has its clock job')
  const recluster = await env.database.db.selectFrom('job').selectAll().where('uniqueKey', '=', 'campaigns.recluster').executeTakeFirstOrThrow()
  assert.ok(recluster.runAt.getTime() <= env.clock.now().getTime(), 'an import re-clusters campaigns soon, not only at night')
  const view = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${a.json().rows[0].caseId}`, headers: handler })).json()
  assert.equal(view.parties[0].phone, '135****0000')
  assert.equal(view.sla.policyId, 'ecommerce-standard')
})

test('a batch with a bad row is rejected whole, naming rows and reasons; skipInvalid imports the rest', async () => {
  const before = await env.count('auditLog')
  const rows = [row(100), row(101, { text: '' }), row(102, { externalId: undefined }), row(103, { channel: 'pigeon' }), row(100, { text: '重复' })]
  const r = await post({ rows })
  assert.equal(r.statusCode, 400)
  const e = r.json().error
  assert.equal(e.code, 'cases.import_invalid')
  assert.deepEqual(e.details.invalid.map((i: { row: number }) => i.row), [2, 3, 4, 5])
  assert.match(JSON.stringify(e.details.invalid[1]), /externalId: required/)
  assert.match(JSON.stringify(e.details.invalid[3]), /repeats row 1/)
  assert.equal(await env.count('auditLog'), before, 'nothing was imported')
  const skip = await post({ rows, skipInvalid: true })
  assert.equal(skip.statusCode, 200)
  assert.equal(skip.json().created, 1)
  assert.equal(skip.json().invalid.length, 4)
  const tooMany = await post({ rows: Array.from({ length: 1001 }, (_, i) => row(i)) })
  assert.equal(tooMany.statusCode, 400)
})

test('import links duplicates within the file and against existing cases', async () => {
  const same = { subject: { type: 'merchant', ref: 'M-DUPI', name: '重复店' }, complainants: [{ name: '甲', phone: '13911112222' }] }
  const r = await post({ rows: [row(200, same), row(201, { ...same, receivedAt: '2026-03-01T09:00:00Z' })] })
  const [first, second] = r.json().rows
  const v2 = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${second.caseId}`, headers: handler })).json()
  assert.equal(v2.duplicateOf, first.caseId)
  const r2 = await post({ rows: [row(202, { ...same, receivedAt: '2026-03-01T10:00:00Z' })] })
  const v3 = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${r2.json().rows[0].caseId}`, headers: handler })).json()
  assert.equal(v3.duplicateOf, first.caseId)
  const v1 = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${first.caseId}`, headers: handler })).json()
  assert.deepEqual(v1.linkedCaseIds, [second.caseId, r2.json().rows[0].caseId])
})

const cfpb = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'cfpb-complaints', 'cfpb_complaints_merged.csv')

test('the CFPB export imports as is (first 1,500 rows), idempotently', { skip: existsSync(cfpb) ? false : `needs ${cfpb}` }, async () => {
  const { parse } = await import('csv-parse/sync')
  const all = (parse(readFileSync(cfpb), { columns: true, bom: true }) as Record<string, string>[]).map((r, i) => ({ row: i + 2, record: fromCfpb(r) }))
  const check = validateRows(all, new Date('2030-01-01')) // the file runs to 2026-03-03, past the test clock
  assert.deepEqual(check.invalid.slice(0, 3), [], 'every row of the whole file is valid')
  assert.ok(check.valid.length > 15_000)
  const records = (parse(readFileSync(cfpb), { columns: true, bom: true, to: 1500 }) as Record<string, string>[]).map((r, i) => ({ row: i + 2, record: fromCfpb(r) }))
  const t0 = performance.now()
  const res = await importComplaints(env.ctx(), records)
  const secs = (performance.now() - t0) / 1000
  assert.equal(res.invalid.length, 0, JSON.stringify(res.invalid.slice(0, 3)))
  assert.equal(res.created, 1500)
  const again = await importComplaints(env.ctx(), records)
  assert.equal(again.created, 0)
  assert.equal(again.existing, 1500)
  const one = await env.database.db.selectFrom('case').selectAll().where('source', '=', 'cfpb').where('externalId', '=', '69978').executeTakeFirstOrThrow()
  assert.equal(one.channel, 'regulator')
  assert.equal(one.productLine, 'credit_card')
  assert.equal(one.subjectName, 'JPMORGAN CHASE & CO.')
  assert.deepEqual([...one.tags].sort(), ['cfpb:closed_without_relief', 'cfpb:older_american'], 'the company response and the CFPB tag, as tags')
  assert.equal(one.receivedAt.toISOString(), '2012-01-13T00:00:00.000Z')
  assert.equal(one.slaState, 'breached', 'a 2012 complaint is long past its clock')
  await runDueJobs(env.services, caseJobHandlers, { limit: 10 })
  console.error(`cfpb import: 1500 rows in ${secs.toFixed(1)} s (${Math.round(1500 / secs)} rows/s)`)
})

test('CLI: tianping import complaints FILE; bad rows reject the file naming lines; --skip-invalid', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-import-'))
  try {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'tianping.js')
    const e: Record<string, string | undefined> = { ...process.env, TIANPING_DATA_DIR: dir, TIANPING_LOG_LEVEL: 'warn' }
    delete e.DATABASE_URL
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: e, encoding: 'utf8' })
    const flat = (i: number, over: Record<string, unknown> = {}) => JSON.stringify({
      external_id: `F-${i}`, channel: 'hotline', source: 'callcenter', text: `来电投诉${i}`, product_line: 'credit_card', subject_type: 'branch',
      subject_ref: 'BR-1', subject_name: '某支行', complainant_name: '来电人', complainant_phone: `1360000${String(i).padStart(4, '0')}`, ...over,
    })
    const good = join(dir, 'good.jsonl')
    writeFileSync(good, [flat(1), flat(2), flat(3)].join('\n') + '\n')
    const r1 = run('import', 'complaints', good, '--quiet')
    assert.equal(r1.status, 0, r1.stderr)
    const lines = r1.stdout.trim().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(lines.map((l) => [l.row, l.status]), [[1, 'created'], [2, 'created'], [3, 'created']])
    const r2 = run('import', 'complaints', good, '--quiet')
    assert.deepEqual(r2.stdout.trim().split('\n').map((l) => JSON.parse(l).status), ['existing', 'existing', 'existing'])
    const bad = join(dir, 'bad.jsonl')
    writeFileSync(bad, [flat(4), flat(5, { text: '' }), flat(6, { channel: 'pigeon' })].join('\n') + '\n')
    const r3 = run('import', 'complaints', bad)
    assert.equal(r3.status, 1)
    assert.equal(r3.stdout, '')
    assert.match(r3.stderr, /bad\.jsonl:2: text/)
    assert.match(r3.stderr, /bad\.jsonl:3: channel/)
    assert.match(r3.stderr, /2 of 3 rows are invalid; nothing was imported/)
    const rejects = join(dir, 'rejects.jsonl')
    const r4 = run('import', 'complaints', bad, '--skip-invalid', rejects, '--quiet')
    assert.equal(r4.status, 0, r4.stderr)
    assert.equal(r4.stdout.trim().split('\n').length, 1)
    assert.deepEqual(readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l).row), [2, 3])
    const broken = join(dir, 'broken.jsonl')
    writeFileSync(broken, flat(7) + '\n{"external_id": \n')
    const r5 = run('import', 'complaints', broken)
    assert.equal(r5.status, 1)
    assert.match(r5.stderr, /broken\.jsonl:2: invalid JSON/)
    assert.equal(run('import', 'lists', good).status, 2)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('tags arrive with a case: in the API body, a flat file\'s tags column, and the CFPB export\'s response columns', async () => {
  const cfpb = fromCfpb({
    'Date received': '2025-06-01', Product: 'Checking or savings account', Issue: 'Managing an account', Company: 'BANK X',
    'Company response to consumer': 'Closed with monetary relief', 'Timely response?': 'No', 'Consumer disputed?': 'Yes', Tags: 'Older American, Servicemember', 'Complaint ID': '1',
  })
  assert.deepEqual(cfpb.tags, ['cfpb:closed_with_monetary_relief', 'cfpb:untimely', 'cfpb:disputed', 'cfpb:older_american', 'cfpb:servicemember'])
  assert.equal(fromCfpb({ 'Complaint ID': '2', Product: 'Mortgage', Company: 'Y' }).tags, undefined, 'nothing said, no tags')
  assert.deepEqual(fromFlat({ tags: '老年人; 重点客户,  ' }).tags, ['老年人', '重点客户'])

  const res = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { ...handler, 'idempotency-key': 'tags-1' }, payload: { ...row(900), tags: ['partner:vip', 'partner:vip', '重点客户'] } })
  assert.equal(res.statusCode, 201, res.body)
  assert.deepEqual([...res.json().tags].sort(), ['partner:vip', '重点客户'])
  const tooLong = await env.app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { ...handler, 'idempotency-key': 'tags-2' }, payload: { ...row(901), tags: ['x'.repeat(51)] } })
  assert.equal(tooLong.statusCode, 400)
})
