// Lexicon terms and the TERMS.txt format.
//
//   # comment
//   term                                        (category "uncategorized", severity medium, action review)
//   term<TAB>category<TAB>severity
//   term<TAB>category<TAB>severity<TAB>action
//   term<TAB>category<TAB>severity<TAB>action<TAB>options
//
// severity: low | medium | high | critical (or 1-4); action: block | review | flag | allow ("allow"
// makes the term an allow-list entry: it suppresses hits of other terms that lie inside its own hit).
// options: `;`-separated, e.g. `pinyin; variants=威信|V信|vx; scope=listing; separators=none; maxgap=2`.
// Empty fields take the defaults, so `term<TAB><TAB>high` is valid. Blank lines and `#` lines are skipped.

export const severities = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof severities)[number]
export const termActions = ['block', 'review', 'flag', 'allow'] as const
export type TermAction = (typeof termActions)[number]
/** listing: titles/descriptions of goods; review: buyer-written text; all: both. */
export const termScopes = ['all', 'listing', 'review'] as const
export type TermScope = (typeof termScopes)[number]
/**
 * How evasion mode treats separators inside a term:
 *   auto   deliberate gaps only (the default; rules in matcher.ts and docs/keywords.md)
 *   none   no separators inside the term (folding of width, case and traditional still applies)
 *   loose  any separators inside the term, up to maxGap per gap
 */
export const separatorPolicies = ['auto', 'none', 'loose'] as const
export type SeparatorPolicy = (typeof separatorPolicies)[number]

export interface TermOptions {
  separators: SeparatorPolicy
  /** most visible separator characters in one gap (zero-width ones are not counted) */
  maxGap: number
  /** also match the term spelled in full pinyin, or mixing pinyin and characters (微xin) */
  pinyin: boolean
  /** homophone and letter variants matched as this term (薇信, V信, vx) */
  variants: string[]
  scope: TermScope
  /** a term starting/ending with an ASCII letter or digit must not continue a word or number */
  wordBoundary: boolean
}

export const defaultTermOptions: TermOptions = {
  separators: 'auto',
  maxGap: 3,
  pinyin: false,
  variants: [],
  scope: 'all',
  wordBoundary: true,
}

export interface LexiconTerm {
  /** exactly as written in the lexicon; hits report this */
  term: string
  category: string
  severity: Severity
  action: TermAction
  options: Partial<TermOptions>
  /** 1-based line in the source file, when parsed */
  line?: number
}

export interface TermParseError {
  line: number
  message: string
}

export interface ParsedLexicon {
  terms: LexiconTerm[]
  errors: TermParseError[]
}

const severityAliases: Record<string, Severity> = { '1': 'low', '2': 'medium', '3': 'high', '4': 'critical' }

function parseSeverity(s: string): Severity | undefined {
  const v = s.trim().toLowerCase()
  if (v === '') return 'medium'
  if ((severities as readonly string[]).includes(v)) return v as Severity
  return severityAliases[v]
}

/** Parses one options field; returns the options or an error message. */
export function parseTermOptions(field: string): Partial<TermOptions> | string {
  const opts: Partial<TermOptions> = {}
  for (const raw of field.split(';')) {
    const part = raw.trim()
    if (!part) continue
    const eq = part.indexOf('=')
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase()
    const value = eq < 0 ? '' : part.slice(eq + 1).trim()
    switch (key) {
      case 'pinyin':
        if (value !== '' && value !== 'true' && value !== 'false') return `pinyin must be true or false (got "${value}")`
        opts.pinyin = value !== 'false'
        break
      case 'variants':
        opts.variants = value
          .split('|')
          .map((v) => v.trim())
          .filter((v) => v.length > 0)
        if (opts.variants.length === 0) return 'variants needs at least one value, e.g. variants=威信|vx'
        break
      case 'scope':
        if (!(termScopes as readonly string[]).includes(value)) return `scope must be one of ${termScopes.join(', ')} (got "${value}")`
        opts.scope = value as TermScope
        break
      case 'separators':
        if (!(separatorPolicies as readonly string[]).includes(value))
          return `separators must be one of ${separatorPolicies.join(', ')} (got "${value}")`
        opts.separators = value as SeparatorPolicy
        break
      case 'exact':
        opts.separators = 'none'
        break
      case 'maxgap': {
        const n = Number(value)
        if (!Number.isInteger(n) || n < 0 || n > 16) return `maxgap must be an integer 0-16 (got "${value}")`
        opts.maxGap = n
        break
      }
      case 'boundary':
        if (value !== 'on' && value !== 'off') return `boundary must be on or off (got "${value}")`
        opts.wordBoundary = value === 'on'
        break
      default:
        return `unknown option "${key}" (known: pinyin, variants, scope, separators, exact, maxgap, boundary)`
    }
  }
  return opts
}

/** Parses TERMS.txt text. Never throws: bad lines are reported with their line numbers. */
export function parseTerms(text: string): ParsedLexicon {
  const terms: LexiconTerm[] = []
  const errors: TermParseError[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1
    let line = lines[i] as string
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1)
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const fields = line.split('\t')
    if (fields.length > 5) {
      errors.push({ line: lineNo, message: `too many fields (${fields.length}; at most 5: term, category, severity, action, options)` })
      continue
    }
    const term = (fields[0] ?? '').trim()
    if (term === '') {
      errors.push({ line: lineNo, message: 'empty term' })
      continue
    }
    const category = (fields[1] ?? '').trim() || 'uncategorized'
    const severity = parseSeverity(fields[2] ?? '')
    if (!severity) {
      errors.push({ line: lineNo, message: `severity must be one of ${severities.join(', ')} or 1-4 (got "${(fields[2] ?? '').trim()}")` })
      continue
    }
    const actionText = (fields[3] ?? '').trim().toLowerCase() || 'review'
    if (!(termActions as readonly string[]).includes(actionText)) {
      errors.push({ line: lineNo, message: `action must be one of ${termActions.join(', ')} (got "${actionText}")` })
      continue
    }
    const options = parseTermOptions(fields[4] ?? '')
    if (typeof options === 'string') {
      errors.push({ line: lineNo, message: options })
      continue
    }
    terms.push({ term, category, severity, action: actionText as TermAction, options, line: lineNo })
  }
  return { terms, errors }
}

/** Writes terms back in TERMS.txt format (round-trips with parseTerms). */
export function formatTerms(terms: readonly LexiconTerm[]): string {
  return terms
    .map((t) => {
      const o = t.options
      const parts: string[] = []
      if (o.separators !== undefined) parts.push(`separators=${o.separators}`)
      if (o.maxGap !== undefined) parts.push(`maxgap=${o.maxGap}`)
      if (o.pinyin !== undefined) parts.push(o.pinyin ? 'pinyin' : 'pinyin=false')
      if (o.variants?.length) parts.push(`variants=${o.variants.join('|')}`)
      if (o.scope !== undefined) parts.push(`scope=${o.scope}`)
      if (o.wordBoundary !== undefined) parts.push(`boundary=${o.wordBoundary ? 'on' : 'off'}`)
      const fields = [t.term, t.category, t.severity, t.action]
      if (parts.length) fields.push(parts.join('; '))
      return fields.join('\t')
    })
    .join('\n')
}
