import { parseArgs } from 'node:util'
import { UsageError, type Command } from './cli-support.ts'
import { open } from './bootstrap.ts'
import * as audit from '../modules/audit/index.ts'

export const command: Command = {
  summary: 'verify the hash-chained audit log',
  usage: `usage: tianping audit verify [--quiet]
Walks the audit chain from the first row. stdout: one JSON line
{"ok","rows","head_seq","head_hash","problem"}. Exit 0 when intact, 1 naming the first broken row.`,
  async run(argv) {
    const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { quiet: { type: 'boolean' } } })
    if (positionals[0] !== 'verify' || positionals.length > 1) throw new UsageError('say verify')
    const o = await open('tianping audit verify', { quietKeyWarning: true })
    try {
      const r = await audit.verify(o.database.db, (n) => {
        if (!values.quiet) process.stderr.write(`verified ${n} rows\n`)
      })
      const problem = r.problem ? audit.describeProblem(r.problem) : null
      process.stdout.write(JSON.stringify({ ok: r.ok, rows: r.rows, head_seq: r.headSeq, head_hash: r.headHash, problem }) + '\n')
      if (!r.ok) {
        process.stderr.write(`tianping audit verify: chain broken at ${problem}\n`)
        return 1
      }
      if (!values.quiet) process.stderr.write(`audit chain intact: ${r.rows} rows, head ${r.headHash}\n`)
      return 0
    } finally {
      await o.close()
    }
  },
}
