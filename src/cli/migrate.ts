import { parseArgs } from 'node:util'
import type { Kysely } from 'kysely'
import { UsageError, type Command } from './cli-support.ts'
import { open } from './bootstrap.ts'
import { migrateUp, migrateDown, migrationStatus } from '../db/migrate.ts'

export const command: Command = {
  summary: 'apply, roll back or list database migrations',
  usage: `usage: tianping migrate up|down|status [--all]
  up       apply every pending migration
  down     roll back the newest migration (--all: every migration)
  status   list migrations as JSON lines {"name","executed_at"}
Uses DATABASE_URL, else the embedded database in TIANPING_DATA_DIR (.tianping).`,
  async run(argv) {
    const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { all: { type: 'boolean' } } })
    const action = positionals[0]
    if (!action || !['up', 'down', 'status'].includes(action) || positionals.length > 1) throw new UsageError('say up, down or status')
    const o = await open('tianping migrate', { quietKeyWarning: true })
    try {
      const db = o.database.db as unknown as Kysely<unknown>
      if (action === 'up') {
        const done = await migrateUp(db)
        process.stderr.write(done.length ? `applied ${done.join(', ')}\n` : 'already current\n')
      } else if (action === 'down') {
        const done = await migrateDown(db, values.all ?? false)
        process.stderr.write(done.length ? `rolled back ${done.join(', ')}\n` : 'nothing to roll back\n')
      } else {
        for (const m of await migrationStatus(db)) {
          process.stdout.write(JSON.stringify({ name: m.name, executed_at: m.executedAt?.toISOString() ?? null }) + '\n')
        }
      }
      return 0
    } finally {
      await o.close()
    }
  },
}
