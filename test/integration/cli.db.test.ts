// The CLI as a user runs it: a real data directory, child processes, exit codes and one-line errors.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '../../src/db/database.ts'

const bin = join(import.meta.dirname, '..', '..', 'bin', 'tianping.js')
let dir: string
const env = () => {
  const e: Record<string, string | undefined> = { ...process.env, TIANPING_DATA_DIR: dir, TIANPING_LOG_LEVEL: 'warn' }
  delete e.DATABASE_URL // these tests are about the embedded database and its lock
  return e
}
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8' })

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tp-cli-'))
})
after(() => rmSync(dir, { recursive: true, force: true }))

test('user create prints a one-time password; audit verify passes', () => {
  const r = run('user', 'create', '--username', 'ops.admin', '--role', 'admin')
  assert.equal(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout)
  assert.equal(out.username, 'ops.admin')
  assert.match(out.one_time_password, /^\w{16}$/)
  const v = run('audit', 'verify')
  assert.equal(v.status, 0, v.stderr)
  assert.equal(JSON.parse(v.stdout).ok, true)
})

test('usage errors exit 2 with the usage; bad values exit 2 naming the flag', () => {
  const r = run('user', 'create', '--username', 'x y', '--role', 'admin')
  assert.equal(r.status, 2)
  assert.match(r.stderr, /--username/)
  const u = run('migrate', 'sideways')
  assert.equal(u.status, 2)
  assert.equal(run('nonsense').status, 2)
  const help = run('audit', '--help')
  assert.equal(help.status, 0)
  assert.match(help.stdout, /audit verify/)
})

test('audit verify exits 1 naming the row edited behind its back', async () => {
  const db = await openDatabase({ dataDir: dir, holder: 'test' })
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db.db)
  await sql`update audit_log set actor_name = 'mallory' where seq = 1`.execute(db.db)
  await db.close()
  const v = run('audit', 'verify')
  assert.equal(v.status, 1)
  assert.match(v.stderr, /seq 1/)
  assert.equal(JSON.parse(v.stdout).ok, false)
})

test('a second process on the same data directory fails at once naming the lock file', async () => {
  const first = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    await new Promise<void>((resolve, reject) => {
      let err = ''
      first.stderr.on('data', (d: Buffer) => {
        err += d.toString()
        if (err.includes('listening on')) resolve()
      })
      first.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)))
    })
    const second = run('migrate', 'status')
    assert.equal(second.status, 1)
    assert.match(second.stderr, /is in use by pid \d+ \(tianping serve\); stop it or set DATABASE_URL \(lock file .*db\.lock\)/)
    assert.equal(second.stderr.trim().split('\n').length, 1)
  } finally {
    first.kill('SIGTERM')
    const code = await new Promise<number | null>((r) => first.on('exit', r))
    assert.equal(code, 0, 'SIGTERM stops serve cleanly')
  }
  assert.equal(run('migrate', 'status').status, 0, 'the lock is released after a clean stop')
})
