// tianping import complaints FILE: JSONL or CSV (flat snake_case fields) or the CFPB export, idempotent by
// external id. Every row is validated first; a file with bad rows is rejected whole (exit 1, each bad row
// named by line on stderr) unless --skip-invalid REJECTS, which writes the bad rows there and imports the rest.
import { createReadStream, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import { parse as parseCsv } from 'csv-parse'
import * as cases from '../modules/cases/index.ts'
import { open, cliCtx } from './bootstrap.ts'
import { CliError, Progress, UsageError, readLines, type Command } from './cli-support.ts'

const usage = `
usage: tianping import complaints FILE [--format jsonl|csv|cfpb] [--mapping MAP.json] [--skip-invalid REJECTS.jsonl] [--quiet]

  FILE               complaints to import; re-running the same file creates nothing new (matched by
                     source + external_id)
  --format F         jsonl: one JSON object per line with flat snake_case fields (external_id, channel, kind,
                     source, text, subject_type, subject_ref, subject_name, complainant_name, complainant_phone,
                     complainant_id_number, product_line, category, received_at, tags, ...); csv: the same fields as a
                     header; cfpb: the CFPB Consumer Complaint Database export as published.
                     Default: from the extension (.jsonl, .csv).
  --mapping F        JSON {"field": "Column name"} renaming CSV columns to the fields above
  --skip-invalid F   import the valid rows and write the invalid ones (with reasons) to F as JSONL;
                     without it, one invalid row rejects the whole file
  --quiet            no progress on stderr

stdout: one JSON line per imported row, in input order: {"row", "status": "created"|"existing", "case_id", "number"}
`

type Format = 'jsonl' | 'csv' | 'cfpb'

async function readRecords(path: string, format: Format, mapping: Record<string, string> | null): Promise<cases.ImportRowInput[]> {
  const out: cases.ImportRowInput[] = []
  if (format === 'jsonl') {
    for await (const { line, lineNo } of readLines(path)) {
      if (!line.trim()) continue
      let obj: unknown
      try {
        obj = JSON.parse(line)
      } catch (e) {
        throw new CliError(`${path}:${lineNo}: invalid JSON (${(e as Error).message})`)
      }
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new CliError(`${path}:${lineNo}: expected a JSON object`)
      out.push({ row: lineNo, record: cases.fromFlat(obj as Record<string, unknown>) })
    }
    return out
  }
  const parser = createReadStream(path).pipe(parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false, info: true }))
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const raw = mapping ? (cases.applyMapping(rec.record, mapping) as Record<string, string>) : rec.record
      out.push({ row: rec.info.lines, record: format === 'cfpb' ? cases.fromCfpb(raw) : cases.fromFlat(raw) })
    }
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`)
  }
  return out
}

export const command: Command = {
  summary: 'import complaints from JSONL, CSV or the CFPB export (idempotent by external id)',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv, strict: true, allowPositionals: true,
      options: { format: { type: 'string' }, mapping: { type: 'string' }, 'skip-invalid': { type: 'string' }, quiet: { type: 'boolean' } },
    })
    const [what, file, ...extra] = positionals
    if (what !== 'complaints' || !file || extra.length) throw new UsageError(usage.trim())
    if (!existsSync(file)) throw new CliError(`${file}: no such file`)
    const ext = extname(file).toLowerCase()
    const format = (values.format ?? (ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : '')) as Format
    if (!['jsonl', 'csv', 'cfpb'].includes(format)) throw new UsageError('--format must be jsonl, csv or cfpb (or use a .jsonl/.csv file name)')
    let mapping: Record<string, string> | null = null
    if (values.mapping) {
      try {
        mapping = JSON.parse(readFileSync(values.mapping, 'utf8')) as Record<string, string>
      } catch (e) {
        throw new CliError(`${values.mapping}: not a JSON mapping (${(e as Error).message})`)
      }
    }
    const records = await readRecords(file, format, mapping)
    const o = await open('tianping import', { migrate: true, quietKeyWarning: true })
    try {
      const ctx = cliCtx(o.services, 'import')
      const { invalid } = await cases.validateImport(ctx, records) // with the taxonomy: unknown product lines are row errors too
      if (invalid.length && !values['skip-invalid']) {
        for (const i of invalid.slice(0, 50)) process.stderr.write(`tianping import: ${file}:${i.row}: ${i.errors.join('; ')}\n`)
        if (invalid.length > 50) process.stderr.write(`tianping import: … and ${invalid.length - 50} more invalid rows\n`)
        throw new CliError(`${file}: ${invalid.length} of ${records.length} rows are invalid; nothing was imported (--skip-invalid FILE imports the rest)`)
      }
      if (invalid.length && values['skip-invalid']) {
        writeFileSync(values['skip-invalid'], invalid.map((i) => JSON.stringify({ row: i.row, errors: i.errors })).join('\n') + '\n')
      }
      const progress = new Progress('import', { quiet: values.quiet ?? false, total: records.length - invalid.length })
      const result = await cases.importComplaints(ctx, records, { skipInvalid: true, onProgress: (n) => progress.tick(n) })
      progress.done(result.rows.length, `${result.created} created, ${result.existing} existing, ${invalid.length} invalid`)
      process.stdout.write(result.rows.map((r) => JSON.stringify({ row: r.row, status: r.status, case_id: r.caseId, number: r.number })).join('\n') + (result.rows.length ? '\n' : ''))
      return 0
    } finally {
      await o.close()
    }
  },
}
