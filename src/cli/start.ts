// `npm start`: one process on the embedded database with demo data — build the console if needed,
// migrate, create the admin (printing its one-time password), seed demo data, serve.
import { parseArgs } from 'node:util'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { type Command } from './cli-support.ts'
import { open, cliCtx } from './bootstrap.ts'
import { runServer } from './server-runner.ts'
import { runDemoSeeders } from './demo-registry.ts'
import * as auth from '../modules/auth/index.ts'

const root = join(import.meta.dirname, '..', '..')

function newestMtime(dir: string): number {
  let newest = 0
  if (!existsSync(dir)) return 0
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const st = statSync(p)
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs)
  }
  return newest
}

export async function ensureConsoleBuilt(log: (m: string) => void): Promise<void> {
  const index = join(root, 'web', 'dist', 'index.html')
  const fileMtime = (p: string) => (existsSync(p) ? statSync(p).mtimeMs : 0)
  const srcNewest = Math.max(
    newestMtime(join(root, 'web', 'src')),
    newestMtime(join(root, 'web', 'public')),
    newestMtime(join(root, 'src', 'contracts')),
    ...['index.html', 'vite.config.ts'].map((f) => fileMtime(join(root, 'web', f))),
  )
  if (!existsSync(join(root, 'web', 'vite.config.ts'))) return
  if (existsSync(index) && statSync(index).mtimeMs >= srcNewest) return
  log('building the console (first start takes about a minute)…')
  const t = Date.now()
  const { build } = await import('vite')
  await build({ configFile: join(root, 'web', 'vite.config.ts'), logLevel: 'warn' })
  log(`console built in ${((Date.now() - t) / 1000).toFixed(1)} s`)
}

export const command: Command = {
  summary: 'build the console if needed, migrate, seed demo data and serve (what npm start runs)',
  usage: `usage: tianping start [--port N] [--no-demo]
Like serve, for a first look: builds the console when its sources changed, applies migrations, creates
the admin account with a one-time password (printed once), loads demo data unless --no-demo or
TIANPING_DEMO=false, and serves on http://localhost:8080 (PORT to change).`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, strict: true, options: { port: { type: 'string' }, 'no-demo': { type: 'boolean' } } })
    const log = (m: string) => process.stderr.write(`tianping: ${m}\n`)
    const o = await open('tianping start', { migrate: true })
    try {
      await ensureConsoleBuilt(log)
    } catch (e) {
      await o.close()
      throw e
    }
    const ctx = cliCtx(o.services, 'start')
    const lines: string[] = []
    if ((await auth.countUsers(o.database.db)) === 0) {
      const r = await auth.createUser(ctx, { username: 'admin', displayName: '系统管理员', roles: ['admin'] })
      lines.push(`  admin login:     admin / ${r.initialPassword}   (one-time: change it, then enrol 2FA, at first login)`)
    }
    if (o.config.demo && !values['no-demo']) {
      const staffPassword = auth.generatePassword()
      const results = await runDemoSeeders(ctx, staffPassword, log)
      if (results.some((r) => r.module === 'auth' && !r.skipped && r.rows > 0)) {
        lines.push(`  demo staff:      ${auth.demoStaff.map((s) => s.username).join(', ')} / ${staffPassword}`)
      }
    }
    const port = values.port ? Number(values.port) : o.config.port
    return runServer(o, {
      port,
      host: o.config.host,
      onListening: (url) => {
        const out = [``, `  tianping 天平 is running at ${url}`, `  API docs:        ${url}/api/docs`, ...lines]
        if (!lines.length) out.push('  (accounts exist already; forgot the password? tianping user reset-password admin)')
        out.push(`  data:            ${o.config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : o.config.dataDir}`, '')
        process.stdout.write(out.join('\n') + '\n')
      },
    })
  },
}
