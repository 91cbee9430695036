// Import and export formats of a stored lexicon: TERMS.txt (the core parser) and CSV with a header
//   term,category,severity,action,options[,note]
// (action may be "allow"; options in TERMS.txt syntax: `pinyin; variants=薇信|V信`). Parsing never throws:
// every bad line is reported with its 1-based line number, and the caller rejects the file whole.
import { parse as parseCsv, CsvError } from 'csv-parse/sync'
import { stringify as stringifyCsv } from 'csv-stringify/sync'
import { formatTerms, parseTerms, type LexiconTerm, type TermParseError } from './core/lexicon.ts'

export interface ImportRow extends LexiconTerm {
  line: number
  /** undefined: the format has no note (TERMS.txt), keep the stored one */
  note?: string | null
}

export interface ParsedImport {
  rows: ImportRow[]
  errors: TermParseError[]
}

export const csvColumns = ['term', 'category', 'severity', 'action', 'options', 'note'] as const
const limits = { term: 100, category: 64, note: 1000 }

function checkLengths(t: LexiconTerm, line: number, errors: TermParseError[]): boolean {
  if (t.term.length > limits.term)
    errors.push({ line, message: `term is longer than ${limits.term} characters` })
  else if (t.category.length > limits.category)
    errors.push({ line, message: `category is longer than ${limits.category} characters` })
  else return true
  return false
}

/** Duplicate (term, allow) pairs in one file are an error: which line should win is not obvious. */
function checkDuplicates(rows: ImportRow[], errors: TermParseError[]): ImportRow[] {
  const seen = new Map<string, number>()
  const out: ImportRow[] = []
  for (const r of rows) {
    const key = `${r.action === 'allow' ? 1 : 0}\u0000${r.term}`
    const first = seen.get(key)
    if (first !== undefined) {
      errors.push({ line: r.line, message: `"${r.term}" repeats line ${first}` })
      continue
    }
    seen.set(key, r.line)
    out.push(r)
  }
  return out
}

export function parseTxt(content: string): ParsedImport {
  const { terms, errors } = parseTerms(content)
  const rows: ImportRow[] = []
  for (const t of terms) if (checkLengths(t, t.line ?? 0, errors)) rows.push({ ...t, line: t.line ?? 0 })
  const unique = checkDuplicates(rows, errors)
  return { rows: unique, errors: errors.sort((a, b) => a.line - b.line) }
}

export function parseCsvTerms(content: string): ParsedImport {
  const errors: TermParseError[] = []
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    records = parseCsv(content, {
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase())
        const unknown = names.filter((n) => !(csvColumns as readonly string[]).includes(n))
        if (unknown.length)
          throw new Error(
            `unknown column ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${csvColumns.join(', ')})`,
          )
        if (!names.includes('term')) throw new Error('no "term" column')
        return names
      },
      bom: true,
      skip_empty_lines: true,
      info: true,
    }) as { record: Record<string, string>; info: { lines: number } }[]
  } catch (e) {
    const line = e instanceof CsvError ? Number((e as CsvError & { lines?: number }).lines ?? 1) : 1
    return {
      rows: [],
      errors: [{ line, message: (e as Error).message.replace(/^Invalid Opening Quote: /, '') }],
    }
  }
  const rows: ImportRow[] = []
  for (const { record, info } of records) {
    const line = info.lines
    const fields = ['term', 'category', 'severity', 'action', 'options'].map((k) => record[k] ?? '')
    if (fields.some((f) => /[\t\r\n]/.test(f))) {
      errors.push({ line, message: 'a field holds a tab or a line break' })
      continue
    }
    if ((record.term ?? '').trim().startsWith('#')) {
      errors.push({ line, message: 'a term may not start with #' })
      continue
    }
    // The core parser checks severity, action and options exactly as for TERMS.txt.
    const parsed = parseTerms(fields.join('\t'))
    const err = parsed.errors[0]
    const t = parsed.terms[0]
    if (err || !t) {
      errors.push({ line, message: err?.message ?? 'empty term' })
      continue
    }
    const note = record.note === undefined ? undefined : record.note.trim() || null
    if (note && note.length > limits.note) {
      errors.push({ line, message: `note is longer than ${limits.note} characters` })
      continue
    }
    if (checkLengths(t, line, errors)) rows.push({ ...t, line, ...(note !== undefined ? { note } : {}) })
  }
  const unique = checkDuplicates(rows, errors)
  return { rows: unique, errors: errors.sort((a, b) => a.line - b.line) }
}

export function toTxt(terms: readonly LexiconTerm[]): string {
  return `${formatTerms(terms)}\n`
}

export function toCsv(terms: readonly (LexiconTerm & { note: string | null })[]): string {
  return stringifyCsv(
    terms.map((t) => {
      const fields = formatTerms([t]).split('\t')
      return [t.term, t.category, t.severity, t.action, fields[4] ?? '', t.note ?? '']
    }),
    { header: true, columns: [...csvColumns], bom: false },
  )
}
