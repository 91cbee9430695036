// bench:api — requests/s and p99 of an authenticated GET and an audited POST on PGlite and PostgreSQL,
// beside Fastify's bare hello-world in the same run (the ceiling). Server and load run in separate
// processes; on this 2-core machine they share the CPU, as the ratio column makes plain.
import autocannon from 'autocannon'
import { spawn, execSync, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'

const root = join(import.meta.dirname, '..')
const seconds = Number(process.env.BENCH_SECONDS ?? 8)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16)

async function startServer(args: string[]): Promise<{ child: ChildProcess; port: number; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench', 'support', 'api-server.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const rl = createInterface({ input: child.stdout! })
  const line = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve)
    child.once('exit', (c) => reject(new Error(`server ${args[0]} exited ${c}`)))
  })
  return { child, ...(JSON.parse(line) as { port: number; token: string }) }
}

interface Row { server: string; case: string; rps: number; p99: number; errors: number; non2xx: number }

async function load(url: string, opts: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: () => string }): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  const body = opts.body
  const r = await autocannon({
    url, connections, duration: seconds, method: opts.method ?? 'GET', headers: opts.headers,
    ...(body ? { requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }] } : {}),
  })
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx }
}

const rows: Row[] = []
async function cpuTimes(pid: number): Promise<number> {
  try {
    const f = execSync(`cat /proc/${pid}/stat`).toString().split(' ')
    return (Number(f[13]) + Number(f[14])) / 100
  } catch {
    return 0
  }
}

const hello = await startServer(['hello'])
// warm-up
await autocannon({ url: `http://127.0.0.1:${hello.port}/`, connections, duration: 2 })
const h = await load(`http://127.0.0.1:${hello.port}/`, {})
rows.push({ server: 'fastify hello-world', case: 'GET /', ...h })
hello.child.kill()

const targets: { name: string; args: string[] }[] = [{ name: 'tianping PGlite', args: ['pglite'] }]
let pgDb: string | undefined
try {
  const c = new pg.Client({ connectionString: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
  await c.connect()
  pgDb = `tp_bench_${Date.now()}`
  await c.query(`create database ${pgDb}`)
  await c.end()
  const u = new URL(process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  u.pathname = `/${pgDb}`
  targets.push({ name: 'tianping PostgreSQL', args: ['postgres', u.toString()] })
} catch (e) {
  console.error(`PostgreSQL not reachable (${(e as Error).message}); benchmarking PGlite only`)
}

for (const t of targets) {
  const s = await startServer(t.args)
  const auth = { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }
  const base = `http://127.0.0.1:${s.port}`
  await autocannon({ url: `${base}/api/v1/users?limit=20`, connections, duration: 2, headers: auth })
  const cpu0 = await cpuTimes(s.child.pid!)
  const g = await load(`${base}/api/v1/users?limit=20`, { headers: auth })
  const cpu1 = await cpuTimes(s.child.pid!)
  rows.push({ server: t.name, case: 'GET /api/v1/users?limit=20 (API key)', ...g })
  let i = 0
  const p = await load(`${base}/api/v1/api-keys`, { method: 'POST', headers: auth, body: () => JSON.stringify({ name: `k${i++}`, scopes: ['users:read'] }) })
  rows.push({ server: t.name, case: 'POST /api/v1/api-keys (audited insert)', ...p })
  console.error(`${t.name}: server CPU share during GET ${((cpu1 - cpu0) / seconds).toFixed(2)} cores`)
  s.child.kill()
}
if (pgDb) {
  const c = new pg.Client({ connectionString: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
  await c.connect()
  await c.query(`drop database if exists ${pgDb} with (force)`)
  await c.end()
}

const ceiling = rows[0]!.rps
console.log(`\nbench:api — ${connections} connections, ${seconds} s per case, Node ${process.version}\n`)
console.log('| server | case | req/s | p99 ms | errors | non-2xx | ratio to hello-world |')
console.log('|---|---|---:|---:|---:|---:|---:|')
for (const r of rows) console.log(`| ${r.server} | ${r.case} | ${r.rps.toFixed(0)} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${(r.rps / ceiling).toFixed(3)} |`)
let commit = 'unknown'
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim()
} catch {
  /* not a checkout */
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
appendFileSync(join(root, 'bench', 'results', 'api.jsonl'), JSON.stringify({ at: new Date().toISOString(), node: process.version, commit, connections, seconds, rows }) + '\n')
if (rows.some((r) => r.non2xx > 0 || r.errors > 0)) {
  console.error('some requests failed: the figures above are not valid')
  process.exitCode = 1
}
