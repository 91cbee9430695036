// Fresh database per test file. PGlite: a migrated template dump loaded into memory (well under a second,
// not a multi-second initdb + migrate). PostgreSQL (DATABASE_URL): CREATE DATABASE ... TEMPLATE.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import type { Kysely } from 'kysely'
import { openDatabase, type Database } from '../../src/db/database.ts'
import { migrateUp } from '../../src/db/migrate.ts'

const root = join(import.meta.dirname, '..', '..')
const migrationsDir = join(root, 'src', 'db', 'migrations')

function migrationsHash(): string {
  const h = createHash('sha256')
  for (const f of readdirSync(migrationsDir).sort()) h.update(f).update(readFileSync(join(migrationsDir, f)))
  return h.digest('hex').slice(0, 12)
}

function templatePath(): string {
  return join(root, '.tianping', 'test-template', `pglite-${migrationsHash()}.tar`)
}

function adminUrl(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

const pgTemplateName = () => `tp_tpl_${migrationsHash()}`

/** Builds the template once per migration set; scripts/test.ts calls it before running files. */
export async function prepareTemplate(databaseUrl = process.env.DATABASE_URL): Promise<void> {
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      const name = pgTemplateName()
      const exists = await client.query('select 1 from pg_database where datname = $1', [name])
      if (exists.rowCount) return
      const tmp = `${name}_building_${randomBytes(3).toString('hex')}`
      await client.query(`create database ${tmp}`)
      const d = await openDatabase({ databaseUrl: adminUrl(databaseUrl, tmp), dataDir: '' })
      await migrateUp(d.db as unknown as Kysely<unknown>)
      await d.close()
      try {
        await client.query(`alter database ${tmp} rename to ${name}`)
      } catch {
        await client.query(`drop database if exists ${tmp}`) // another runner won the race
      }
    } finally {
      await client.end()
    }
    return
  }
  const path = templatePath()
  if (existsSync(path)) return
  const d = await openDatabase({ dataDir: '', memory: true })
  await migrateUp(d.db as unknown as Kysely<unknown>)
  const blob = await d.dump!()
  await d.close()
  mkdirSync(join(path, '..'), { recursive: true })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()))
  renameSync(tmp, path)
}

export interface FreshDb extends Database {
  url?: string
}

/** Creates database `name` (from `template` when given) on the DATABASE_URL server; close() drops it. */
async function serverDatabase(databaseUrl: string, name: string, template?: string): Promise<FreshDb> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  await client.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  await client.end()
  const url = adminUrl(databaseUrl, name)
  const d = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 4 })
  return {
    ...d,
    url,
    async close() {
      await d.close()
      const c = new pg.Client({ connectionString: databaseUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`

export async function freshDatabase(): Promise<FreshDb> {
  const databaseUrl = process.env.DATABASE_URL
  await prepareTemplate(databaseUrl)
  if (databaseUrl) return serverDatabase(databaseUrl, uniqueName('tp_test'), pgTemplateName())
  const blob = new Blob([readFileSync(templatePath())])
  return openDatabase({ dataDir: '', memory: true, pgliteLoadDataDir: blob })
}

/** An empty database with no migrations applied (for the migration round-trip test). */
export async function emptyDatabase(): Promise<FreshDb> {
  const databaseUrl = process.env.DATABASE_URL
  if (databaseUrl) return serverDatabase(databaseUrl, uniqueName('tp_empty'))
  return openDatabase({ dataDir: '', memory: true })
}
