// Opens configuration, database and crypto for a command; reports config and lock errors in one line.
import type { Kysely } from 'kysely'
import { loadConfig, type Config } from '../platform/config.ts'
import { openDatabase, type Database } from '../db/database.ts'
import { migrateUp } from '../db/migrate.ts'
import { PiiCrypto, resolveMasterKey } from '../platform/crypto.ts'
import { systemClock } from '../platform/clock.ts'
import type { Services, Ctx } from '../platform/ctx.ts'
import { systemActor } from '../platform/ctx.ts'
import { setLogLevel } from '../platform/logger.ts'
import { CliError } from './cli-support.ts'

export interface Opened {
  config: Config
  database: Database
  services: Services
  close(): Promise<void>
}

export async function open(holder: string, opts: { migrate?: boolean; quietKeyWarning?: boolean; config?: Partial<Config> } = {}): Promise<Opened> {
  let config: Config
  try {
    config = loadConfig(undefined, opts.config)
  } catch (e) {
    throw new CliError((e as Error).message.replace(/^tianping: /, ''))
  }
  setLogLevel(config.logLevel)
  let database: Database
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, holder })
  } catch (e) {
    throw new CliError((e as Error).message)
  }
  let key
  try {
    key = resolveMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir, env: config.env })
  } catch (e) {
    await database.close()
    throw new CliError((e as Error).message)
  }
  if (key.generated && !opts.quietKeyWarning) {
    process.stderr.write(`warning: generated a PII master key in ${key.path}; back it up, and set TIANPING_MASTER_KEY in production\n`)
  }
  if (opts.migrate) await migrateUp(database.db as unknown as Kysely<unknown>)
  const services: Services = { db: database.db, clock: systemClock, crypto: new PiiCrypto(key.key), config }
  return { config, database, services, close: () => database.close() }
}

export function systemCtx(services: Services): Ctx {
  return { ...services, actor: systemActor, requestId: null }
}

export function cliCtx(services: Services, command: string): Ctx {
  return { ...services, actor: { ...systemActor, name: `cli:${command}` }, requestId: null }
}
