// Helpers shared by CLI commands: usage errors (exit 2), input errors (exit 1), progress on stderr.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'

export interface Command {
  summary: string
  usage: string
  run(argv: string[]): Promise<number>
}

/** Wrong flags or arguments: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}
/** Bad input data or a failed check: exit 1, one line naming file and line. */
export class CliError extends Error {
  override name = 'CliError'
}

/** Progress to stderr at most once a second; silent with --quiet or when stderr is not wanted. */
export class Progress {
  private last = 0
  private readonly started = Date.now()
  private readonly label: string
  private readonly quiet: boolean
  private readonly total: number | undefined
  constructor(label: string, opts: { quiet?: boolean; total?: number } = {}) {
    this.label = label
    this.quiet = opts.quiet ?? false
    this.total = opts.total
  }
  tick(done: number, extra = ''): void {
    if (this.quiet) return
    const now = Date.now()
    if (now - this.last < 1000) return
    this.last = now
    this.print(done, extra)
  }
  done(done: number, extra = ''): void {
    if (this.quiet) return
    this.print(done, extra)
    process.stderr.write('\n')
  }
  private print(done: number, extra: string): void {
    const secs = (Date.now() - this.started) / 1000
    const rate = secs > 0 ? Math.round(done / secs) : 0
    const pct = this.total ? ` ${((100 * done) / this.total).toFixed(1)}%` : ''
    const line = `${this.label}: ${done}${this.total ? `/${this.total}` : ''}${pct} (${rate}/s)${extra ? ' ' + extra : ''}`
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`)
  }
}

/** Reads a UTF-8 text file line by line with 1-based line numbers; rejects invalid UTF-8 naming the line. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; lineNo: number }> {
  const input = createReadStream(path)
  const rl = createInterface({ input, crlfDelay: Infinity })
  let lineNo = 0
  for await (const line of rl) {
    lineNo++
    if (line.includes('\uFFFD')) throw new CliError(`${path}:${lineNo}: invalid UTF-8`)
    yield { line: lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, lineNo }
  }
}
