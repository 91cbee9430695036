import { parseArgs } from 'node:util'
import { UsageError, type Command } from './cli-support.ts'
import { open, cliCtx } from './bootstrap.ts'
import { runDemoSeeders, demoSeeders } from './demo-registry.ts'
import * as auth from '../modules/auth/index.ts'

export const command: Command = {
  summary: 'load deterministic demo data',
  usage: `usage: tianping demo seed [--module NAME ...]
Loads each module's demo data once (modules: ${demoSeeders.map((s) => s.module).join(', ')}); a module already
seeded is skipped. Prints the demo staff password as JSON on stdout when staff accounts are created.`,
  async run(argv) {
    const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { module: { type: 'string', multiple: true } } })
    if (positionals[0] !== 'seed' || positionals.length > 1) throw new UsageError('say seed')
    const unknown = (values.module ?? []).filter((m) => !demoSeeders.some((s) => s.module === m))
    if (unknown.length) throw new UsageError(`unknown module ${unknown.join(', ')}`)
    const o = await open('tianping demo', { migrate: true })
    try {
      const password = auth.generatePassword()
      const results = await runDemoSeeders(cliCtx(o.services, 'demo'), password, (m) => process.stderr.write(m + '\n'), values.module)
      const staffCreated = results.some((r) => r.module === 'auth' && !r.skipped && r.rows > 0)
      process.stdout.write(JSON.stringify({ seeded: results, staff_password: staffCreated ? password : null }) + '\n')
      return 0
    } finally {
      await o.close()
    }
  },
}
