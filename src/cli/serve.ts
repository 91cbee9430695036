import { parseArgs } from 'node:util'
import { UsageError, type Command } from './cli-support.ts'
import { open } from './bootstrap.ts'
import { runServer } from './server-runner.ts'
import * as auth from '../modules/auth/index.ts'

export const command: Command = {
  summary: 'run the API and console server',
  usage: `usage: tianping serve [--port N] [--host H] [--no-migrate]
Serves the API (/api/v1, docs at /api/docs) and the built console. Applies pending migrations first
unless --no-migrate. Environment: DATABASE_URL, TIANPING_DATA_DIR, PORT/TIANPING_PORT, TIANPING_HOST,
TIANPING_MASTER_KEY (required when TIANPING_ENV=production). Stops cleanly on SIGTERM.`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, strict: true, options: { port: { type: 'string' }, host: { type: 'string' }, 'no-migrate': { type: 'boolean' } } })
    const port = values.port === undefined ? undefined : Number(values.port)
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError('--port must be a port number (0: any free port)')
    const o = await open('tianping serve', { migrate: !values['no-migrate'] })
    if ((await auth.countUsers(o.database.db)) === 0) {
      process.stderr.write('tianping: no users yet; create one with: tianping user create --username admin --role admin\n')
    }
    return runServer(o, {
      port: port ?? o.config.port,
      host: values.host ?? o.config.host,
      onListening: (url) => process.stderr.write(`tianping: listening on ${url}\n`),
    })
  },
}
