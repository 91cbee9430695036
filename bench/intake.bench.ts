// bench:intake — complaints created per second and p99 through the API (POST /api/v1/complaints with an API
// key) on PGlite and PostgreSQL, and import rows per second: a generated file (BENCH_IMPORT_ROWS, default
// 100,000) and the real CFPB export when ../shared/data is present. The import's batched path is checked
// against the simplest correct method (one receiveComplaint per row) on a sample first: same cases, or fail.
import autocannon from 'autocannon'
import { spawn, execSync, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import pg from 'pg'
import type { Kysely } from 'kysely'
import { parse } from 'csv-parse/sync'
import { openDatabase, type Database } from '../src/db/database.ts'
import { migrateUp } from '../src/db/migrate.ts'
import { loadConfig } from '../src/platform/config.ts'
import { PiiCrypto } from '../src/platform/crypto.ts'
import { systemClock } from '../src/platform/clock.ts'
import { systemActor, type Ctx } from '../src/platform/ctx.ts'
import { setLogLevel } from '../src/platform/logger.ts'
import { Rng } from '../src/platform/random.ts'
import * as cases from '../src/modules/cases/index.ts'
import { ComplaintCreate } from '../src/contracts/cases.schema.ts'

setLogLevel('silent')
const root = join(import.meta.dirname, '..')
const seconds = Number(process.env.BENCH_SECONDS ?? 8)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8)
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const cfpbPath = join(root, '..', 'shared', 'data', 'cfpb-complaints', 'cfpb_complaints_merged.csv')

const rng = new Rng(7)
function complaint(i: number): Record<string, unknown> {
  return {
    channel: 'api', source: 'bench', externalId: `B-${i}-${randomBytes(4).toString('hex')}`, productLine: rng.pick(['credit_card', 'goods', 'life_insurance'] as const),
    text: `第${i}号投诉：信用卡年费未经同意被扣除${rng.int(100, 999)}元，要求退还。`, demandType: 'refund', demandAmountFen: rng.int(1000, 99_999),
    subject: { type: 'branch', ref: `BR-${rng.int(1, 50)}`, name: `支行${rng.int(1, 50)}` },
    complainants: [{ name: `投诉人${i}`, phone: `13${String(rng.int(0, 999_999_999)).padStart(9, '0')}`, idNumber: `3301061990${String(rng.int(0, 99_999_999)).padStart(8, '0')}` }],
  }
}

async function startServer(args: string[]): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'support', 'intake-server.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const rl = createInterface({ input: child.stdout! })
  const line = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve)
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)))
  })
  return { child, ...(JSON.parse(line) as { port: number; token: string }) }
}

async function newPgDatabase(): Promise<string | null> {
  try {
    const c = new pg.Client({ connectionString: pgUrl })
    await c.connect()
    const name = `tp_bench_intake_${Date.now()}`
    await c.query(`create database ${name}`)
    await c.end()
    const u = new URL(pgUrl)
    u.pathname = `/${name}`
    return u.toString()
  } catch (e) {
    console.error(`PostgreSQL not reachable (${(e as Error).message}); PGlite only`)
    return null
  }
}
async function dropPg(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgUrl })
  await c.connect()
  await c.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`)
  await c.end()
}

async function openCtx(databaseUrl: string | null): Promise<{ database: Database; ctx: Ctx }> {
  const database = await openDatabase({ databaseUrl: databaseUrl ?? undefined, dataDir: '', memory: !databaseUrl })
  await migrateUp(database.db as unknown as Kysely<unknown>)
  const config = loadConfig({ TIANPING_ENV: 'test', TIANPING_LOG_LEVEL: 'silent' })
  const services = { db: database.db, clock: systemClock, crypto: new PiiCrypto(randomBytes(32)), config }
  return { database, ctx: { ...services, actor: { ...systemActor, name: 'bench' }, requestId: null } }
}

interface Row { backend: string; case: string; perSecond: number; p99: number | null; count: number; errors: number }
const rows: Row[] = []

// 1. API intake
const backends: { name: string; url: string | null }[] = [{ name: 'PGlite', url: null }]
const pgApi = await newPgDatabase()
if (pgApi) backends.push({ name: 'PostgreSQL', url: pgApi })
for (const b of backends) {
  const s = await startServer(b.url ? ['postgres', b.url] : ['pglite'])
  const headers = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }
  let i = 0
  const url = `http://127.0.0.1:${s.port}/api/v1/complaints`
  await autocannon({ url, connections, duration: 2, method: 'POST', headers, requests: [{ setupRequest: (r) => ({ ...r, body: JSON.stringify(complaint(i++)) }) }] })
  const r = await autocannon({ url, connections, duration: seconds, method: 'POST', headers, requests: [{ setupRequest: (q) => ({ ...q, body: JSON.stringify(complaint(i++)) }) }] })
  rows.push({ backend: b.name, case: 'POST /api/v1/complaints (API key)', perSecond: r.requests.average, p99: r.latency.p99, count: r.requests.total, errors: r.errors + r.non2xx })
  s.child.kill()
}
if (pgApi) await dropPg(pgApi)

// 2. import: batched path checked against one receiveComplaint per row on a sample
const flatRows = (n: number, offset = 0) => Array.from({ length: n }, (_, k) => ({ row: k + 1, record: { ...complaint(offset + k), externalId: `IMP-${offset + k}` } }))
{
  const a = await openCtx(null)
  const b = await openCtx(null)
  const sample = flatRows(1000)
  const t0 = performance.now()
  for (const r of sample) await cases.receiveComplaint(a.ctx, ComplaintCreate.parse(r.record))
  const oneByOne = (performance.now() - t0) / 1000
  const t1 = performance.now()
  const res = await cases.importComplaints(b.ctx, sample)
  const batched = (performance.now() - t1) / 1000
  const count = async (d: Database) => Number((await d.db.selectFrom('case').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const ids = async (d: Database) => (await d.db.selectFrom('case').select('externalId').orderBy('externalId').execute()).map((x) => x.externalId).join()
  if (res.created !== 1000 || (await count(a.database)) !== 1000 || (await ids(a.database)) !== (await ids(b.database))) {
    console.error('batched import and row-by-row intake disagree: figures invalid')
    process.exit(1)
  }
  rows.push({ backend: 'PGlite', case: 'intake service, one row per transaction (1,000 rows)', perSecond: 1000 / oneByOne, p99: null, count: 1000, errors: 0 })
  rows.push({ backend: 'PGlite', case: 'import, batched (same 1,000 rows)', perSecond: 1000 / batched, p99: null, count: 1000, errors: 0 })
  await a.database.close()
  await b.database.close()
}
const pgImport = await newPgDatabase()
for (const b of [{ name: 'PGlite', url: null as string | null }, ...(pgImport ? [{ name: 'PostgreSQL', url: pgImport }] : [])]) {
  const { database, ctx } = await openCtx(b.url)
  const generated = flatRows(importRows)
  const t0 = performance.now()
  const res = await cases.importComplaints(ctx, generated)
  const secs = (performance.now() - t0) / 1000
  rows.push({ backend: b.name, case: `import, generated file (${importRows.toLocaleString('en')} rows)`, perSecond: res.created / secs, p99: null, count: res.created, errors: importRows - res.created })
  if (existsSync(cfpbPath)) {
    const records = (parse(readFileSync(cfpbPath), { columns: true, bom: true }) as Record<string, string>[]).map((r, i) => ({ row: i + 2, record: cases.fromCfpb(r) }))
    const t1 = performance.now()
    const r2 = await cases.importComplaints(ctx, records)
    const s2 = (performance.now() - t1) / 1000
    rows.push({ backend: b.name, case: `import, CFPB export (${records.length.toLocaleString('en')} rows)`, perSecond: r2.created / s2, p99: null, count: r2.created, errors: records.length - r2.created })
  } else console.error(`${cfpbPath} absent: CFPB import skipped`)
  await database.close()
}
if (pgImport) await dropPg(pgImport)

console.log(`\nbench:intake — API: ${connections} connections, ${seconds} s; Node ${process.version}\n`)
console.log('| backend | case | per second | p99 ms | count | errors |')
console.log('|---|---|---:|---:|---:|---:|')
for (const r of rows) console.log(`| ${r.backend} | ${r.case} | ${r.perSecond.toFixed(0)} | ${r.p99 ?? '–'} | ${r.count} | ${r.errors} |`)
let commit = 'unknown'
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim()
} catch {
  /* not a checkout */
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
appendFileSync(join(root, 'bench', 'results', 'intake.jsonl'), JSON.stringify({ at: new Date().toISOString(), node: process.version, commit, connections, seconds, importRows, rows }) + '\n')
if (rows.some((r) => r.errors > 0)) {
  console.error('some requests or rows failed: the figures above are not valid')
  process.exitCode = 1
}
