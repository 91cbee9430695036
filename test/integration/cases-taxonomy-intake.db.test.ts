// Admin-edited product lines at intake: the sector comes from the term, inactive or unknown codes are refused
// (API, triage, API import and CLI import), existing cases keep reading fine.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { complaintBody, doAction, fileComplaint } from '../support/cases.ts'

let env: TestEnv
let admin: LoginHeaders
let handler: LoginHeaders
let supervisor: LoginHeaders
before(async () => {
  env = await testEnv()
  admin = await env.login('admin')
  handler = await env.login('handler')
  supervisor = await env.login('supervisor')
})
after(() => env.close())

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
  env.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

interface Term { id: string; code: string; sector: string | null; active: boolean }
interface Sla { policyId: string; targets: { key: string; dueAt: string }[] }
const receivedAt = '2026-03-02T02:00:00.000Z' // a Monday, so both clocks start the same day
const person = (n: number) => [{ name: `客户${n}`, phone: `1370000${String(n).padStart(4, '0')}` }]

test('sector: required on a product line, refused on other kinds, fixed once set; returned and audited', async () => {
  const missing = await req('POST', '/api/v1/taxonomy', admin, { kind: 'product_line', code: 'no_sector', labelZh: '无行业', labelEn: 'No sector' })
  assert.equal(missing.statusCode, 400, missing.body)
  assert.equal(missing.json().error.code, 'cases.taxonomy_sector_required')
  assert.equal(missing.json().error.details.field, 'sector')
  const wrongKind = await req('POST', '/api/v1/taxonomy', admin, { kind: 'demand_type', code: 'x_demand', labelZh: 'x', labelEn: 'x', sector: 'bank' })
  assert.equal(wrongKind.statusCode, 400)
  assert.equal(wrongKind.json().error.code, 'cases.taxonomy_sector_not_allowed')
  const badSector = await req('POST', '/api/v1/taxonomy', admin, { kind: 'product_line', code: 'x_line', labelZh: 'x', labelEn: 'x', sector: 'casino' })
  assert.equal(badSector.statusCode, 400)

  const lines = (await req('GET', '/api/v1/taxonomy?kind=product_line', handler)).json<{ items: Term[] }>().items
  assert.equal(lines.find((t) => t.code === 'credit_card')?.sector, 'bank', 'the migration fills the built-in sectors')
  assert.equal(lines.find((t) => t.code === 'auto_insurance')?.sector, 'insurance')
  assert.equal(lines.find((t) => t.code === 'logistics')?.sector, 'ecommerce')
  assert.ok(lines.every((t) => t.sector !== null))
  const demand = (await req('GET', '/api/v1/taxonomy?kind=demand_type', handler)).json<{ items: Term[] }>().items
  assert.ok(demand.every((t) => t.sector === null))

  const created = await req('POST', '/api/v1/taxonomy', admin, { kind: 'product_line', code: 'pet_insurance', labelZh: '宠物险', labelEn: 'Pet insurance', sector: 'insurance' })
  assert.equal(created.statusCode, 201, created.body)
  const term = created.json<Term>()
  assert.equal(term.sector, 'insurance')
  const audit = await env.database.db.selectFrom('auditLog').select('data').where('targetId', '=', term.id).where('action', '=', 'taxonomy.created').executeTakeFirstOrThrow()
  assert.equal((audit.data as { sector: string }).sector, 'insurance')
  const change = await req('PATCH', `/api/v1/taxonomy/${term.id}`, admin, { sector: 'bank' })
  assert.equal(change.statusCode, 400)
  assert.equal(change.json().error.code, 'cases.taxonomy_sector_immutable')
  assert.match(change.json().error.message, /cannot be changed/)
  assert.equal((await req('PATCH', `/api/v1/taxonomy/${term.id}`, admin, { sector: 'insurance', labelZh: '宠物保险' })).statusCode, 200, 'the same sector is no change')
})

test('an admin-added product line in sector bank gets the banking clock; deactivated, it is refused at intake but its cases still read', async () => {
  const created = await req('POST', '/api/v1/taxonomy', admin, { kind: 'product_line', code: 'mortgage', labelZh: '住房按揭', labelEn: 'Mortgage', sector: 'bank' })
  assert.equal(created.statusCode, 201, created.body)
  const shop = await req('POST', '/api/v1/taxonomy', admin, { kind: 'product_line', code: 'livestream', labelZh: '直播带货', labelEn: 'Live commerce', sector: 'ecommerce' })
  assert.equal(shop.statusCode, 201, shop.body)

  const mortgage = await fileComplaint(env, handler, { productLine: 'mortgage', receivedAt, complainants: person(1) })
  const card = await fileComplaint(env, handler, { productLine: 'credit_card', receivedAt, complainants: person(2) })
  const live = await fileComplaint(env, handler, { productLine: 'livestream', receivedAt, complainants: person(3) })
  assert.equal(mortgage.productLine, 'mortgage')
  assert.equal(mortgage.sector, 'bank')
  const sla = (c: Record<string, unknown>) => c.sla as Sla
  assert.equal(sla(mortgage).policyId, 'cn-banking-insurance-2020')
  assert.deepEqual(sla(mortgage).targets, sla(card).targets, 'the same clock as a built-in bank product line')
  assert.equal(live.sector, 'ecommerce')
  assert.equal(sla(live).policyId, 'ecommerce-standard')
  assert.notDeepEqual(sla(live).targets.map((x) => x.dueAt), sla(mortgage).targets.map((x) => x.dueAt))

  // Triage moves an e-commerce case to the admin's bank product line: the sector and the clock follow the term.
  const moved = await doAction(env, supervisor, live.id, 'triage', { productLine: 'mortgage' })
  assert.equal(moved.statusCode, 200, moved.body)
  assert.equal(moved.json().sector, 'bank')
  assert.equal(moved.json().sla.policyId, 'cn-banking-insurance-2020')

  const off = await req('PATCH', `/api/v1/taxonomy/${created.json<Term>().id}`, admin, { active: false })
  assert.equal(off.json<Term>().active, false)
  for (const productLine of ['mortgage', 'made_up_line']) {
    const res = await req('POST', '/api/v1/complaints', handler, complaintBody({ productLine, complainants: person(4) }))
    assert.equal(res.statusCode, 400, res.body)
    assert.equal(res.json().error.code, 'cases.unknown_taxonomy_code')
    assert.deepEqual(res.json().error.details, { field: 'productLine', value: productLine })
    assert.match(res.json().error.message, new RegExp(`productLine ${productLine}`))
  }
  const fresh = await fileComplaint(env, handler, { productLine: 'goods', complainants: person(5) })
  const retriage = await doAction(env, supervisor, fresh.id, 'triage', { productLine: 'mortgage' })
  assert.equal(retriage.statusCode, 400, retriage.body)
  assert.equal(retriage.json().error.details.field, 'productLine')

  const read = await req('GET', `/api/v1/cases/${mortgage.id}`, handler)
  assert.equal(read.statusCode, 200, read.body)
  assert.equal(read.json().productLine, 'mortgage')
  assert.equal(read.json().sector, 'bank')
  assert.equal(read.json().sla.policyId, 'cn-banking-insurance-2020')
  const listed = await req('GET', '/api/v1/cases?limit=200', supervisor)
  assert.ok(listed.json().items.some((i: { id: string; productLine: string }) => i.id === mortgage.id && i.productLine === 'mortgage'))
})

test('API import: a row with an unknown product line is a row error naming its row; nothing is written', async () => {
  const rows = [
    complaintBody({ source: 'bulk-tx', externalId: 'PL-1', complainants: person(11) }),
    complaintBody({ source: 'bulk-tx', externalId: 'PL-2', complainants: person(12) }),
    complaintBody({ source: 'bulk-tx', externalId: 'PL-3', productLine: 'made_up_line', complainants: person(13) }),
  ]
  const res = await req('POST', '/api/v1/complaints/import', handler, { rows })
  assert.equal(res.statusCode, 400, res.body)
  assert.equal(res.json().error.code, 'cases.import_invalid')
  assert.deepEqual(res.json().error.details.invalid.map((i: { row: number }) => i.row), [3])
  assert.match(res.body, /row 3: productLine made_up_line/)
  const written = await env.database.db.selectFrom('case').select('id').where('source', '=', 'bulk-tx').execute()
  assert.equal(written.length, 0)

  const ok = await req('POST', '/api/v1/complaints/import', handler, { rows: [complaintBody({ source: 'bulk-tx', externalId: 'PL-4', productLine: 'livestream', complainants: person(14) })] })
  assert.equal(ok.statusCode, 200, ok.body)
  const row = await env.database.db.selectFrom('case').select(['sector', 'productLine']).where('source', '=', 'bulk-tx').executeTakeFirstOrThrow()
  assert.deepEqual(row, { sector: 'ecommerce', productLine: 'livestream' }, 'the sector of an admin-added product line')
})

test('CLI import: an unknown product line rejects the file naming its line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-taxonomy-import-'))
  try {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'tianping.js')
    const e: Record<string, string | undefined> = { ...process.env, TIANPING_DATA_DIR: dir, TIANPING_LOG_LEVEL: 'warn' }
    delete e.DATABASE_URL
    const flat = (i: number, productLine: string) => JSON.stringify({
      external_id: `T-${i}`, channel: 'hotline', source: 'callcenter', text: `来电投诉${i}`, product_line: productLine, subject_type: 'branch',
      subject_ref: 'BR-1', subject_name: '某支行', complainant_name: '来电人', complainant_phone: `1360000${String(i).padStart(4, '0')}`,
    })
    const file = join(dir, 'lines.jsonl')
    writeFileSync(file, [flat(1, 'credit_card'), flat(2, 'made_up_line')].join('\n') + '\n')
    const r = spawnSync(process.execPath, [bin, 'import', 'complaints', file], { env: e, encoding: 'utf8' })
    assert.equal(r.status, 1, r.stderr)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, /lines\.jsonl:2: productLine made_up_line is not an active product line/)
    assert.match(r.stderr, /1 of 2 rows are invalid; nothing was imported/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
