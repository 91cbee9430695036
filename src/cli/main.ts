// tianping CLI: one file per command under src/cli, loaded lazily so `tianping scan` never opens a database.
import { CliError, UsageError, type Command } from './cli-support.ts'

const commands: Record<string, () => Promise<{ command: Command }>> = {
  start: () => import('./start.ts'),
  serve: () => import('./serve.ts'),
  migrate: () => import('./migrate.ts'),
  user: () => import('./user.ts'),
  apikey: () => import('./apikey.ts'),
  audit: () => import('./audit.ts'),
  demo: () => import('./demo.ts'),
  scan: () => import('./scan.ts'),
  campaigns: () => import('./campaigns.ts'),
  import: () => import('./import.ts'),
  cases: () => import('./cases.ts'),
}

const topHelp = async (): Promise<string> => {
  const lines = ['tianping 天平 — trust-and-safety and governance platform', '', 'usage: tianping <command> [options]', '', 'commands:']
  for (const [name, load] of Object.entries(commands)) {
    try {
      const { command } = await load()
      lines.push(`  ${name.padEnd(10)} ${command.summary}`)
    } catch {
      // a command still being written is left out of the list
    }
  }
  lines.push('', 'tianping <command> --help shows its options.', 'exit codes: 0 success, 1 failure (bad input, failed check), 2 usage error')
  return lines.join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  const debug = rest.includes('--debug')
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await topHelp()) + '\n')
    return name ? 0 : 2
  }
  const load = commands[name]
  if (!load) {
    process.stderr.write(`tianping: unknown command "${name}" (tianping --help lists them)\n`)
    return 2
  }
  const { command } = await load()
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage.trim()}\n`)
    return 0
  }
  try {
    return await command.run(rest.filter((a) => a !== '--debug'))
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`tianping ${name}: ${(err as Error).message}\n${command.usage.trim()}\n`)
      return 2
    }
    if (err instanceof CliError) {
      process.stderr.write(`tianping ${name}: ${err.message}\n`)
      return 1
    }
    const e = err as Error
    process.stderr.write(`tianping ${name}: ${e.message}\n`)
    if (debug) process.stderr.write(`${e.stack}\n`)
    return 1
  }
}
