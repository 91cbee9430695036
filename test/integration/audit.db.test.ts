import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { testEnv, type TestEnv } from '../support/env.ts'
import * as audit from '../../src/modules/audit/index.ts'
import { withTx } from '../../src/platform/ctx.ts'

let env: TestEnv
before(async () => {
  env = await testEnv()
  for (let i = 0; i < 5; i++) {
    await withTx(env.ctx(), (tx, ctx) => audit.record(tx, ctx, 'test.appended', { type: 'thing', id: `t${i}` }, { i, text: '中文 ✓' }))
  }
})
after(() => env.close())

test('an intact chain verifies and its head is the last row', async () => {
  const r = await audit.verify(env.database.db)
  assert.equal(r.ok, true)
  assert.equal(r.rows, 5)
  const head = await audit.head(env.database.db)
  assert.equal(r.headHash, head.hash)
  assert.equal(head.seq, 5)
})

test('the database refuses UPDATE and DELETE on audit rows', async () => {
  await assert.rejects(sql`update audit_log set action = 'x' where seq = 2`.execute(env.database.db), /append-only/)
  await assert.rejects(sql`delete from audit_log where seq = 2`.execute(env.database.db), /append-only/)
})

async function asSuperuser<T>(fn: () => Promise<T>): Promise<T> {
  // An attacker with database superuser rights can switch triggers off; verify must still catch them.
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(env.database.db)
  try {
    return await fn()
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(env.database.db)
  }
}

test('verify names the first row edited with raw SQL', async () => {
  await asSuperuser(() => sql`update audit_log set data = '{"i": 99}'::jsonb where seq = 3`.execute(env.database.db))
  const r = await audit.verify(env.database.db)
  assert.equal(r.ok, false)
  assert.deepEqual(r.problem && { kind: r.problem.kind, seq: r.problem.seq }, { kind: 'hash_mismatch', seq: 3 })
  assert.match(audit.describeProblem(r.problem!), /seq 3/)
  assert.equal(r.rows, 2)
})

test('verify names the row after a deleted one', async () => {
  const e2 = await testEnv()
  try {
    for (let i = 0; i < 4; i++) await withTx(e2.ctx(), (tx, ctx) => audit.record(tx, ctx, 'test.appended', null, { i }))
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(e2.database.db)
    await sql`delete from audit_log where seq = 2`.execute(e2.database.db)
    const r = await audit.verify(e2.database.db)
    assert.equal(r.ok, false)
    assert.equal(r.problem?.kind, 'gap')
    assert.equal(r.problem?.seq, 3)
  } finally {
    await e2.close()
  }
})

test('redactedDiff hides PII and secrets but keeps other changes', () => {
  const d = audit.redactedDiff({ phone: '13800000000', roles: ['handler'], same: 1 }, { phone: '13900000000', roles: ['supervisor'], same: 1 })
  assert.deepEqual(d, { before: { phone: '[redacted]', roles: ['handler'] }, after: { phone: '[redacted]', roles: ['supervisor'] } })
})
