// A server for bench:intake in its own process: fresh database (PGlite in memory or PostgreSQL) and an API
// key with cases:create. Prints {"port","token"} on stdout.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { openDatabase } from '../../src/db/database.ts'
import { migrateUp } from '../../src/db/migrate.ts'
import { buildApp } from '../../src/http/app.ts'
import { loadConfig } from '../../src/platform/config.ts'
import { PiiCrypto } from '../../src/platform/crypto.ts'
import { systemClock } from '../../src/platform/clock.ts'
import { systemActor } from '../../src/platform/ctx.ts'
import { setLogLevel } from '../../src/platform/logger.ts'
import * as auth from '../../src/modules/auth/index.ts'

setLogLevel('silent')
const databaseUrl = process.argv[2] === 'postgres' ? process.argv[3] : undefined
const database = await openDatabase({ databaseUrl, dataDir: '', memory: !databaseUrl })
await migrateUp(database.db as unknown as Kysely<unknown>)
const config = loadConfig({ TIANPING_ENV: 'test', TIANPING_LOG_LEVEL: 'silent' })
const services = { db: database.db, clock: systemClock, crypto: new PiiCrypto(randomBytes(32)), config }
const ctx = { ...services, actor: systemActor, requestId: null }
const { user } = await auth.createUser(ctx, { username: 'bench.intake', displayName: 'bench', roles: ['admin'], password: 'bench-password-123' })
const { token } = await auth.createApiKey(ctx, { name: 'bench', userId: user.id, scopes: ['cases:create'] })
const app = await buildApp({ services, serveConsole: false, logger: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const a = app.server.address()
process.stdout.write(JSON.stringify({ port: typeof a === 'object' && a ? a.port : 0, token }) + '\n')
