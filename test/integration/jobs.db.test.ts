import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv } from '../support/env.ts'
import { enqueue, cancel, runDueJobs, findJobByUniqueKey, backoffMs, RUNNING_LEASE_MS, type JobHandlers } from '../../src/platform/jobs.ts'

let env: TestEnv
before(async () => {
  env = await testEnv()
})
after(() => env.close())

const at = (ms: number) => new Date(env.clock.now().getTime() + ms)

test('a job enqueued in a transaction runs once when due, not before', async () => {
  const seen: string[] = []
  const handlers: JobHandlers = { 'test.echo': async (_ctx, p) => void seen.push(String(p.word)) }
  await env.database.db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.echo', payload: { word: 'hello' }, runAt: at(60_000) }))
  assert.deepEqual(await runDueJobs(env.services, handlers), { ran: 0, failed: 0 })
  env.clock.advance(60_000)
  assert.deepEqual(await runDueJobs(env.services, handlers), { ran: 1, failed: 0 })
  assert.deepEqual(await runDueJobs(env.services, handlers), { ran: 0, failed: 0 })
  assert.deepEqual(seen, ['hello'])
})

test('a rolled-back transaction leaves no job', async () => {
  await assert.rejects(
    env.database.db.transaction().execute(async (tx) => {
      await enqueue(tx, env.clock, { kind: 'test.never', payload: {}, runAt: at(0), uniqueKey: 'never' })
      throw new Error('boom')
    }),
  )
  assert.equal(await findJobByUniqueKey(env.database.db, 'never'), undefined)
})

test('a unique key replaces and reschedules; cancel stops it', async () => {
  const seen: number[] = []
  const handlers: JobHandlers = { 'test.n': async (_ctx, p) => void seen.push(Number(p.n)) }
  const db = env.database.db
  await db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.n', payload: { n: 1 }, runAt: at(1000), uniqueKey: 'k1' }))
  await db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.n', payload: { n: 2 }, runAt: at(5000), uniqueKey: 'k1' }))
  env.clock.advance(1000)
  assert.equal((await runDueJobs(env.services, handlers)).ran, 0, 'rescheduled later')
  env.clock.advance(4000)
  assert.equal((await runDueJobs(env.services, handlers)).ran, 1)
  assert.deepEqual(seen, [2])
  // a done job's key can be enqueued again
  await db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.n', payload: { n: 3 }, runAt: at(1000), uniqueKey: 'k1' }))
  assert.equal(await db.transaction().execute((tx) => cancel(tx, env.clock, 'k1')), 1)
  env.clock.advance(2000)
  assert.equal((await runDueJobs(env.services, handlers)).ran, 0)
  assert.equal((await findJobByUniqueKey(db, 'k1'))?.status, 'cancelled')
})

test('a failing handler rolls back its writes, backs off and fails after max attempts', async () => {
  const db = env.database.db
  const handlers: JobHandlers = {
    'test.fail': async (ctx) => {
      await ctx.tx!.insertInto('setting').values({ key: 'should-not-exist', value: '1', updatedAt: ctx.clock.now(), updatedBy: null }).execute()
      throw new Error('downstream unavailable')
    },
  }
  await db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.fail', payload: {}, runAt: at(0), uniqueKey: 'f1', maxAttempts: 3 }))
  assert.deepEqual(await runDueJobs(env.services, handlers), { ran: 0, failed: 1 })
  let job = await findJobByUniqueKey(db, 'f1')
  assert.equal(job?.status, 'pending')
  assert.equal(job?.attempts, 1)
  assert.equal(job?.lastError, 'downstream unavailable')
  assert.equal(job!.runAt.getTime(), env.clock.now().getTime() + backoffMs(1))
  assert.equal(await db.selectFrom('setting').select('key').where('key', '=', 'should-not-exist').executeTakeFirst(), undefined)
  assert.equal((await runDueJobs(env.services, handlers)).failed, 0, 'not due during backoff')
  env.clock.advance(backoffMs(1))
  await runDueJobs(env.services, handlers)
  env.clock.advance(backoffMs(2))
  await runDueJobs(env.services, handlers)
  job = await findJobByUniqueKey(db, 'f1')
  assert.equal(job?.status, 'failed')
  assert.equal(job?.attempts, 3)
})

test('a handler that re-enqueues its own key is rescheduled, not marked done', async () => {
  let runs = 0
  const handlers: JobHandlers = {
    'test.again': async (ctx) => {
      runs++
      if (runs < 3) await enqueue(ctx.tx!, ctx.clock, { kind: 'test.again', payload: {}, runAt: at(1000), uniqueKey: 'again' })
    },
  }
  await env.database.db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.again', payload: {}, runAt: at(0), uniqueKey: 'again' }))
  for (let i = 0; i < 5; i++) {
    await runDueJobs(env.services, handlers)
    env.clock.advance(1000)
  }
  assert.equal(runs, 3)
  assert.equal((await findJobByUniqueKey(env.database.db, 'again'))?.status, 'done')
})

test('jobs of kinds without a handler here are left for other workers', async () => {
  await env.database.db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'other.kind', payload: {}, runAt: at(0), uniqueKey: 'o1' }))
  assert.deepEqual(await runDueJobs(env.services, { 'test.echo': async () => {} }), { ran: 0, failed: 0 })
  assert.equal((await findJobByUniqueKey(env.database.db, 'o1'))?.status, 'pending')
})

test('a handler with transaction: false runs outside any transaction; failures back off; a lost worker is retried after the lease', async () => {
  const db = env.database.db
  let calls = 0
  let fail = true
  const handlers: JobHandlers = {
    'test.io': {
      transaction: false,
      run: async (ctx) => {
        calls++
        assert.equal(ctx.tx, undefined, 'no transaction is open during the I/O')
        if (fail) throw new Error('remote said 503')
      },
    },
  }
  await db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.io', payload: {}, runAt: at(0), uniqueKey: 'io1' }))
  assert.deepEqual(await runDueJobs(env.services, handlers), { ran: 0, failed: 1 })
  let job = await findJobByUniqueKey(db, 'io1')
  assert.equal(job?.status, 'pending')
  assert.equal(job?.lastError, 'remote said 503')
  fail = false
  env.clock.advance(backoffMs(1))
  assert.deepEqual(await runDueJobs(env.services, handlers), { ran: 1, failed: 0 })
  assert.equal((await findJobByUniqueKey(db, 'io1'))?.status, 'done')
  assert.equal(calls, 2)

  // a worker that claimed a job and died leaves it running; after the lease it runs again
  await db.transaction().execute((tx) => enqueue(tx, env.clock, { kind: 'test.io', payload: {}, runAt: at(0), uniqueKey: 'io2' }))
  await db.updateTable('job').set({ status: 'running', lockedAt: env.clock.now() }).where('uniqueKey', '=', 'io2').execute()
  assert.equal((await runDueJobs(env.services, handlers)).ran, 0, 'still leased')
  env.clock.advance(RUNNING_LEASE_MS + 1)
  assert.equal((await runDueJobs(env.services, handlers)).ran, 1)
  job = await findJobByUniqueKey(db, 'io2')
  assert.equal(job?.status, 'done')
})
