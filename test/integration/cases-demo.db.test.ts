import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv } from '../support/env.ts'
import { Rng } from '../../src/platform/random.ts'
import * as auth from '../../src/modules/auth/index.ts'
import { seedDemoCases, caseJobHandlers } from '../../src/modules/cases/index.ts'
import { runDueJobs } from '../../src/platform/jobs.ts'
import * as audit from '../../src/modules/audit/index.ts'

let env: TestEnv
before(async () => {
  env = await testEnv()
})
after(() => env.close())

test('demo cases: a few hundred across kinds, channels and states, some breached, audit chain intact', async () => {
  await auth.seedDemoStaff(env.ctx(), 'demo-password-123')
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  const n = await seedDemoCases(env.ctx(), new Rng(42))
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  assert.equal(n, 300)
  const db = env.database.db
  const by = async (col: 'kind' | 'channel' | 'status' | 'sector') =>
    Object.fromEntries((await db.selectFrom('case').select((eb) => [col, eb.fn.countAll<number>().as('n')]).groupBy(col).execute()).map((r) => [r[col], Number(r.n)]))
  const kinds = await by('kind')
  const statuses = await by('status')
  assert.deepEqual(Object.keys(kinds).sort(), ['appeal', 'complaint', 'public_opinion', 'regulator_transfer', 'report'])
  assert.ok(Object.keys(statuses).length >= 9, JSON.stringify(statuses))
  assert.ok(Object.keys(await by('channel')).length >= 5)
  assert.equal(Object.keys(await by('sector')).length, 3)
  assert.ok((await db.selectFrom('case').select('id').where('duplicateOf', 'is not', null).execute()).length > 0, 'some duplicates linked')
  const closedDuplicates = await db.selectFrom('case').select(['id', 'duplicateOf']).where('outcome', '=', 'duplicate').where('status', '=', 'closed').execute()
  assert.ok(closedDuplicates.length > 0 && closedDuplicates.every((c) => c.duplicateOf), 'some repeats already closed as duplicates')
  const held = await db.selectFrom('case').select(['hold']).where('status', '=', 'on_hold').execute()
  assert.ok(held.length > 0 && held.every((h) => (h.hold as { until: string | null }).until), 'some cases held, with an until-date')
  // staff did the work: the supervisor triaged, the assignee resolved
  const actorsOf = async (action: string) => new Set((await db.selectFrom('auditLog').select('actorName').where('action', '=', action).execute()).map((r) => r.actorName))
  assert.deepEqual([...await actorsOf('case.triaged')], ['wang.fang'])
  const resolvers = await actorsOf('case.resolved')
  assert.ok(resolvers.size >= 2 && [...resolvers].every((n) => ['li.na', 'zhang.wei', 'liu.yang', 'wang.fang'].includes(n ?? '')), [...resolvers].join(','))
  const grants = await db.selectFrom('caseGrant').selectAll().execute()
  assert.equal(grants.length, 1, 'the demo regulator holds one grant')
  // the reminder jobs catch up: warnings and breaches are recorded
  await runDueJobs(env.services, caseJobHandlers, { limit: 1000 })
  const breached = await db.selectFrom('case').select('id').where('slaState', '=', 'breached').execute()
  assert.ok(breached.length >= 10, `some breached (${breached.length})`)
  assert.ok((await db.selectFrom('caseEvent').select('id').where('type', '=', 'sla_breached').execute()).length >= 10)
  assert.equal((await audit.verify(db)).ok, true)
  console.error(`demo cases: ${n} in ${seconds.toFixed(1)} s (cpu ${cpuSeconds.toFixed(1)} s); statuses ${JSON.stringify(statuses)}; breached ${breached.length}`)
})
