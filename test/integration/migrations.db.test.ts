import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql, type Kysely } from 'kysely'
import { emptyDatabase } from '../support/db.ts'
import { migrateUp, migrateDown, migrationStatus, migrations } from '../../src/db/migrate.ts'

async function tables(db: Kysely<unknown>): Promise<string[]> {
  const r = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_name not like 'schema_migration%' order by 1`.execute(db)
  return r.rows.map((x) => x.t)
}

test('every migration runs up, down and up again on a fresh database', async () => {
  const d = await emptyDatabase()
  const db = d.db as unknown as Kysely<unknown>
  try {
    const applied = await migrateUp(db)
    assert.deepEqual(applied, Object.keys(migrations))
    const after = await tables(db)
    assert.ok(after.includes('audit_log') && after.includes('app_user'), `tables after up: ${after.join(', ')}`)
    await migrateDown(db, true)
    assert.deepEqual(await tables(db), [])
    assert.ok((await migrationStatus(db)).every((m) => m.executedAt === null))
    await migrateUp(db)
    assert.deepEqual(await tables(db), after)
  } finally {
    await d.close()
  }
})
