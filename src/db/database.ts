// One driver path for both backends: Kysely's PostgresDialect over a pg Pool, whose connection is either
// PostgreSQL (DATABASE_URL) or embedded PGlite through @electric-sql/pglite/node-postgres.
import { Kysely, PostgresDialect, CamelCasePlugin, sql, type Transaction } from 'kysely'
import pg from 'pg'
import { mkdirSync, openSync, writeSync, closeSync, readFileSync, unlinkSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { DB } from './schema.ts'
import { moduleLogger } from '../platform/logger.ts'

export type Db = Kysely<DB>
export type Tx = Transaction<DB>
export type DbOrTx = Db | Tx

// bigint (int8) and numeric come back as strings by default; counts are small, so parse int8 to number.
pg.types.setTypeParser(20, (v: string) => Number(v))

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError'
}

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined
  dataDir: string
  /** Name of the command holding the lock, shown to a second process. */
  holder?: string
  /** An in-memory PGlite, or one loaded from a dump (tests). */
  pgliteLoadDataDir?: Blob
  memory?: boolean
  poolSize?: number
}

export interface Database {
  db: Db
  backend: 'postgres' | 'pglite'
  close(): Promise<void>
  /** PGlite only: dump the data directory (used to make the test template). */
  dump?(): Promise<Blob>
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Keeps PGlite to one process: a second one fails at once naming the lock file and its holder. */
function acquireLock(dataDir: string, holder: string): () => void {
  mkdirSync(dataDir, { recursive: true })
  const lockPath = join(dataDir, 'db.lock')
  const rel = (p: string) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p))
  const shown = rel(join(dataDir, 'db'))
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, JSON.stringify({ pid: process.pid, holder }))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        try {
          const cur = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number }
          if (cur.pid === process.pid) unlinkSync(lockPath)
        } catch {
          /* already gone */
        }
      }
      process.once('exit', release)
      return release
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      let info: { pid?: number; holder?: string } = {}
      try {
        info = JSON.parse(readFileSync(lockPath, 'utf8')) as typeof info
      } catch {
        /* unreadable lock: treat as stale */
      }
      if (info.pid && info.pid !== process.pid && pidAlive(info.pid)) {
        throw new DataDirLockedError(
          `${shown} is in use by pid ${info.pid} (${info.holder ?? 'tianping'}); stop it or set DATABASE_URL (lock file ${rel(lockPath)})`,
        )
      }
      if (existsSync(lockPath)) unlinkSync(lockPath) // stale lock from a process that died
    }
  }
  throw new DataDirLockedError(`could not take the lock ${lockPath}`)
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })]
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 })
    // An idle client's error (server restart, terminated backend, or one still closing after pool.end())
    // is emitted on the pool; without a listener it would crash the process. The pool drops that client.
    pool.on('error', (err) => moduleLogger('db').warn({ err: err.message }, 'idle database connection failed; dropped from the pool'))
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins })
    await sql`select 1`.execute(db) // fail fast with the driver's message if unreachable
    return { db, backend: 'postgres', close: () => db.destroy() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres')
  const release = opts.memory ? () => {} : acquireLock(opts.dataDir, opts.holder ?? 'tianping')
  let pglite: InstanceType<typeof PGlite>
  try {
    pglite = opts.memory
      ? await PGlite.create({ loadDataDir: opts.pgliteLoadDataDir })
      : await PGlite.create(join(opts.dataDir, 'db'))
  } catch (e) {
    release()
    throw e
  }
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins })
  return {
    db,
    backend: 'pglite',
    async close() {
      await db.destroy()
      await pglite.close()
      release()
    },
    dump: () => pglite.dumpDataDir('none') as Promise<Blob>,
  }
}
