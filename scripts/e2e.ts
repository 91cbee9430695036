// Browser tests: start the real server on a fresh data directory and a free port, launch Debian Chromium
// through playwright-core (one browser server; test files connect to it), run test/e2e/*.e2e.ts with
// node:test, stop everything, and end with `N passed, N failed` (exit 1 on any failure or if nothing ran).
import { run } from 'node:test'
import { spec } from 'node:test/reporters'
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserServer } from 'playwright-core'

const root = join(import.meta.dirname, '..')
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
]

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

interface Started {
  child: ChildProcess
  url: string
  adminPassword: string
  staffPassword: string | null
}

function startServer(dataDir: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, [join(root, 'bin', 'tianping.js'), 'start', '--port', String(port)], {
    cwd: root,
    env: { ...process.env, TIANPING_DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString()
    if (err.length > 20_000) err = err.slice(-20_000)
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`server did not print its login within 240 s\nstdout:\n${out}\nstderr:\n${err.slice(-4000)}`))
    }, 240_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before it was ready\nstdout:\n${out}\nstderr:\n${err.slice(-4000)}`))
    })
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const url = /running at (http:\/\/\S+)/.exec(out)?.[1]
      const admin = /admin login:\s+admin \/ (\S+)/.exec(out)?.[1]
      const staff = /demo staff:.* \/ (\S+)/.exec(out)?.[1] ?? null
      // The banner is written in one piece; wait for its last line so the staff password is in too.
      if (url && admin && /data:\s/.test(out)) {
        clearTimeout(timer)
        child.removeAllListeners('exit')
        resolve({ child, url, adminPassword: admin, staffPassword: staff })
      }
    })
  })
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

const files = (existsSync(join(root, 'test', 'e2e')) ? readdirSync(join(root, 'test', 'e2e')) : [])
  .filter((f) => f.endsWith('.e2e.ts'))
  .filter((f) => !only.length || only.some((o) => f.includes(o)))
  .sort()
  .map((f) => join(root, 'test', 'e2e', f))

let passed = 0
let failed = 0
let skipped = 0
let server: Started | null = null
let browser: BrowserServer | null = null
const dataDir = mkdtempSync(join(tmpdir(), 'tianping-e2e-'))
const artifacts = join(root, 'artifacts', 'e2e')
mkdirSync(artifacts, { recursive: true })

try {
  if (!files.length) throw new Error('no test/e2e/*.e2e.ts files to run')
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (set CHROMIUM_PATH, or apt-get install chromium)`)
  const port = await freePort()
  process.stderr.write(`e2e: starting tianping on port ${port} (data ${dataDir})…\n`)
  server = await startServer(dataDir, port)
  browser = await chromium.launchServer({ executablePath, args: chromiumArgs, headless: true })
  process.stderr.write(`e2e: server ${server.url}, chromium ${executablePath}\n`)

  // node:test's file processes inherit this process's environment.
  Object.assign(process.env, {
    TP_E2E_URL: server.url,
    TP_E2E_ADMIN_PASSWORD: server.adminPassword,
    TP_E2E_STAFF_PASSWORD: server.staffPassword ?? '',
    TP_E2E_WS: browser.wsEndpoint(),
    TP_E2E_ARTIFACTS: artifacts,
  })
  const stream = run({
    files,
    concurrency: 1, // the files share one server; their accounts and audit rows would interleave
    timeout: 300_000,
  })
  stream.on('test:pass', (ev) => {
    if (ev.details.type === 'suite') return
    if (ev.skip || ev.todo) skipped++
    else passed++
  })
  stream.on('test:fail', (ev) => {
    if (ev.details.type === 'suite') {
      const e = ev.details.error as { failureType?: string } | undefined
      if (e?.failureType !== 'hookFailed' && e?.failureType !== 'testCodeFailure') return
    }
    failed++
  })
  stream.compose(new spec()).pipe(process.stdout)
  await new Promise<void>((resolve) => stream.on('end', () => resolve()))
} catch (e) {
  failed++
  console.error(`e2e: ${e instanceof Error ? e.message : String(e)}`)
} finally {
  await browser?.close().catch(() => undefined)
  if (server) await stopServer(server.child)
  rmSync(dataDir, { recursive: true, force: true })
}

await new Promise((r) => setImmediate(r))
console.log(`\nscreenshots: ${artifacts}`)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 || passed === 0 ? 1 : 0
