// Numbered migrations, listed explicitly (no directory scan, so a bundler or a typo cannot drop one).
import { Migrator, type Migration, type MigrationResultSet, type Kysely } from 'kysely'
import * as m0001 from './migrations/0001_foundation.ts'
import * as m0002 from './migrations/0002_cases.ts'
import * as m0003 from './migrations/0003_keywords.ts'
import * as m0004 from './migrations/0004_cases_analysis.ts'
import * as m0005 from './migrations/0005_webhooks.ts'
import * as m0006 from './migrations/0006_campaigns.ts'
import * as m0007 from './migrations/0007_cases_routing.ts'
import * as m0008 from './migrations/0008_cases_taxonomy.ts'
import * as m0009 from './migrations/0009_taxonomy_sector.ts'
import * as m0010 from './migrations/0010_case_grants.ts'
import * as m0011 from './migrations/0011_case_hold.ts'
import * as m0012 from './migrations/0012_queue_min_priority.ts'

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_cases': m0002,
  '0003_keywords': m0003,
  '0004_cases_analysis': m0004,
  '0005_webhooks': m0005,
  '0006_campaigns': m0006,
  '0007_cases_routing': m0007,
  '0008_cases_taxonomy': m0008,
  '0009_taxonomy_sector': m0009,
  '0010_case_grants': m0010,
  '0011_case_hold': m0011,
  '0012_queue_min_priority': m0012,
}

/** Lets later modules register their migrations from one place (src/db/migrations/index is this map). */
function migrator(db: Kysely<unknown>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  })
}

function check(rs: MigrationResultSet): MigrationResultSet {
  if (rs.error) {
    const failed = rs.results?.find((r) => r.status === 'Error')
    const e = rs.error as Error
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${e.message}`, { cause: e })
  }
  return rs
}

export async function migrateUp(db: Kysely<unknown>): Promise<string[]> {
  const rs = check(await migrator(db).migrateToLatest())
  return (rs.results ?? []).map((r) => r.migrationName)
}

/** Rolls back one migration (or all with `all`). */
export async function migrateDown(db: Kysely<unknown>, all = false): Promise<string[]> {
  const m = migrator(db)
  if (all) {
    const { NO_MIGRATIONS } = await import('kysely')
    const rs = check(await m.migrateTo(NO_MIGRATIONS))
    return (rs.results ?? []).map((r) => r.migrationName)
  }
  const rs = check(await m.migrateDown())
  return (rs.results ?? []).map((r) => r.migrationName)
}

export async function migrationStatus(db: Kysely<unknown>): Promise<{ name: string; executedAt: Date | null }[]> {
  const list = await migrator(db).getMigrations()
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ?? null }))
}

export async function pendingMigrations(db: Kysely<unknown>): Promise<string[]> {
  return (await migrationStatus(db)).filter((m) => !m.executedAt).map((m) => m.name)
}
