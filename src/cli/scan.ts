// tianping scan: keyword scan of documents (JSONL, TXT or CSV) against a lexicon, one JSON line per document.
// Output is written to a temporary file first and copied to stdout only when the whole input was valid,
// so a malformed line leaves stdout empty while memory stays bounded for huge inputs.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, type WriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { parse as parseCsv } from 'csv-parse'
import { stringify as stringifyCsv } from 'csv-stringify/sync'
import { buildMatcher, defaultLexicon, parseTerms, type Hit, type LexiconTerm } from '../modules/keywords/index.ts'
import { CliError, Progress, UsageError, readLines, type Command } from './cli-support.ts'

const usage = `
usage: tianping scan --input DOCS [--lexicon TERMS.txt] [--exact] [--scope listing|review]
                     [--format jsonl|csv|table] [--id-field F] [--text-field F] [--quiet]

  --input F        documents: .jsonl ({"id": "...", "text": "..."} per line), .txt (one document per line,
                   id = line number) or .csv (with a header; columns from --id-field/--text-field)
  --lexicon F      TERMS.txt: term [TAB category [TAB severity [TAB action [TAB options]]]], # comments;
                   without it the built-in default lexicon is used
  --exact          no normalization: verbatim occurrences only (default: evasion-aware matching)
  --scope S        keep only terms for listings or for reviews (and terms for both)
  --format F       jsonl (default; one line per document, in input order), csv or table (one row per hit)
  --id-field F     field holding the document id (default "id")
  --text-field F   field holding the text (default "text")
  --quiet          no progress on stderr
`

interface Doc {
  id: string
  text: string
}

type Format = 'jsonl' | 'csv' | 'table'

async function* readDocs(path: string, idField: string, textField: string): AsyncGenerator<Doc> {
  const ext = extname(path).toLowerCase()
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') {
    for await (const { line, lineNo } of readLines(path)) {
      if (line.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch (err) {
        throw new CliError(`${path}:${lineNo}: invalid JSON (${(err as Error).message})`)
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError(`${path}:${lineNo}: expected a JSON object`)
      const rec = value as Record<string, unknown>
      const text = rec[textField]
      if (typeof text !== 'string') throw new CliError(`${path}:${lineNo}: field "${textField}" must be a string`)
      const id = rec[idField]
      if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') throw new CliError(`${path}:${lineNo}: field "${idField}" must be a string or number`)
      yield { id: id === undefined ? String(lineNo) : String(id), text }
    }
    return
  }
  if (ext === '.txt' || ext === '.text') {
    for await (const { line, lineNo } of readLines(path)) yield { id: String(lineNo), text: line }
    return
  }
  if (ext === '.csv') {
    const parser = createReadStream(path).pipe(parseCsv({ columns: true, bom: true, info: true, relax_column_count: false }))
    let checked = false
    try {
      for await (const row of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        if (!checked) {
          for (const f of [idField, textField])
            if (!(f in row.record)) throw new CliError(`${path}:1: no column "${f}" (use --id-field/--text-field)`)
          checked = true
        }
        const text = row.record[textField] ?? ''
        if (text.includes('\uFFFD')) throw new CliError(`${path}:${row.info.lines}: invalid UTF-8`)
        yield { id: row.record[idField] ?? '', text }
      }
    } catch (err) {
      if (err instanceof CliError) throw err
      const e = err as Error & { lines?: number }
      throw new CliError(`${path}:${e.lines ?? '?'}: invalid CSV (${e.message})`)
    }
    return
  }
  throw new UsageError(`--input must end in .jsonl, .txt or .csv (got "${path}")`)
}

function loadLexicon(path: string | undefined): LexiconTerm[] {
  if (path === undefined) return defaultLexicon()
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CliError(`${path}: cannot read lexicon (${(err as Error).message})`)
  }
  const { terms, errors } = parseTerms(text)
  const first = errors[0]
  if (first) throw new CliError(`${path}:${first.line}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`)
  if (terms.length === 0) throw new CliError(`${path}: no terms`)
  return terms
}

function hitJson(h: Hit): Record<string, unknown> {
  const o: Record<string, unknown> = {
    term: h.term,
    category: h.category,
    severity: h.severity,
    action: h.action,
    start: h.start,
    end: h.end,
    matched: h.matched,
  }
  if (h.variant.length) o.variant = h.variant
  return o
}

/** Buffered writes with back-pressure. */
class Sink {
  private readonly out: WriteStream
  private pending: string[] = []
  private size = 0
  constructor(out: WriteStream) {
    this.out = out
  }
  async write(s: string): Promise<void> {
    this.pending.push(s)
    this.size += s.length
    if (this.size >= 1 << 16) await this.flush()
  }
  async flush(): Promise<void> {
    if (this.pending.length === 0) return
    const chunk = this.pending.join('')
    this.pending = []
    this.size = 0
    if (!this.out.write(chunk)) await new Promise<void>((resolve) => this.out.once('drain', resolve))
  }
  async close(): Promise<void> {
    await this.flush()
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())))
  }
}

function tableRow(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.replace(/[\t\r\n]/g, ' ').padEnd(widths[i] ?? 0)).join('  ') + '\n'
}

export const command: Command = {
  summary: 'scan documents for lexicon terms (evasion-aware), one JSON line per document',
  usage,
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        input: { type: 'string' },
        lexicon: { type: 'string' },
        exact: { type: 'boolean', default: false },
        scope: { type: 'string' },
        format: { type: 'string', default: 'jsonl' },
        'id-field': { type: 'string', default: 'id' },
        'text-field': { type: 'string', default: 'text' },
        quiet: { type: 'boolean', default: false },
      },
    })
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`)
    const input = values.input
    if (!input) throw new UsageError('--input is required')
    const format = values.format as Format
    if (!['jsonl', 'csv', 'table'].includes(format)) throw new UsageError(`--format must be jsonl, csv or table (got "${values.format}")`)
    const scope = values.scope
    if (scope !== undefined && scope !== 'listing' && scope !== 'review') throw new UsageError(`--scope must be listing or review (got "${scope}")`)
    const ext = extname(input).toLowerCase()
    if (!['.jsonl', '.ndjson', '.json', '.txt', '.text', '.csv'].includes(ext)) throw new UsageError(`--input must end in .jsonl, .txt or .csv (got "${input}")`)
    let total: number
    try {
      total = statSync(input).size
    } catch (err) {
      throw new CliError(`${input}: cannot read (${(err as Error).message})`)
    }

    const terms = loadLexicon(values.lexicon)
    const matcher = buildMatcher(terms, { mode: values.exact ? 'exact' : 'evasion', scope })

    const dir = mkdtempSync(join(tmpdir(), 'tianping-scan-'))
    const tmp = join(dir, 'out')
    try {
      const sink = new Sink(createWriteStream(tmp))
      const progress = new Progress('scan', { quiet: values.quiet })
      const widths = [12, 16, 16, 8, 6, 6, 20]
      if (format === 'csv') await sink.write(stringifyCsv([['id', 'term', 'category', 'severity', 'action', 'start', 'end', 'matched', 'variant']]))
      if (format === 'table') await sink.write(tableRow(['id', 'term', 'category', 'severity', 'start', 'end', 'matched'], widths))
      let docs = 0
      let hitsTotal = 0
      let units = 0
      for await (const doc of readDocs(input, values['id-field'], values['text-field'])) {
        const hits = matcher.scan(doc.text)
        docs++
        hitsTotal += hits.length
        units += doc.text.length
        if (format === 'jsonl') await sink.write(JSON.stringify({ id: doc.id, hits: hits.map(hitJson) }) + '\n')
        else if (format === 'csv') {
          if (hits.length)
            await sink.write(stringifyCsv(hits.map((h) => [doc.id, h.term, h.category, h.severity, h.action, h.start, h.end, h.matched, h.variant.join('+')])))
        } else for (const h of hits) await sink.write(tableRow([doc.id, h.term, h.category, h.severity, String(h.start), String(h.end), h.matched], widths))
        if ((docs & 255) === 0) progress.tick(docs, `docs, ${hitsTotal} hits, ${(units / 1e6).toFixed(1)}M chars of ${(total / 1e6).toFixed(1)} MB`)
      }
      await sink.close()
      if (docs >= 256) progress.done(docs, `docs, ${hitsTotal} hits`)
      await pipeline(createReadStream(tmp), process.stdout, { end: false })
      return 0
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
