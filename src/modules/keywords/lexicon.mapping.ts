// Stored term rows <-> core lexicon terms and API views.
import type { LexiconTerm, TermOptions, Severity, TermAction } from './core/lexicon.ts'
import type { LexiconRow, TermRow } from './lexicon.repo.ts'

export type StoredAction = 'block' | 'review' | 'flag'

/** The core term: an allow-list entry is action "allow" there. */
export function toCoreTerm(r: TermRow): LexiconTerm {
  return {
    term: r.term,
    category: r.category,
    severity: r.severity as Severity,
    action: r.allow ? 'allow' : (r.action as TermAction),
    options: r.options as Partial<TermOptions>,
  }
}

export interface TermView {
  id: string
  lexiconId: string
  term: string
  category: string
  severity: Severity
  action: StoredAction
  allow: boolean
  options: Partial<TermOptions>
  note: string | null
  createdBy: string | null
  createdAt: Date
  updatedAt: Date
}

export function toTermView(r: TermRow): TermView {
  return {
    id: r.id,
    lexiconId: r.lexiconId,
    term: r.term,
    category: r.category,
    severity: r.severity as Severity,
    action: r.action as StoredAction,
    allow: r.allow,
    options: r.options as Partial<TermOptions>,
    note: r.note,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}

export interface LexiconView {
  id: string
  name: string
  description: string | null
  scope: 'any' | 'listing' | 'review'
  isDefault: boolean
  version: number
  termCount: number
  createdAt: Date
  updatedAt: Date
}

export function toLexiconView(r: LexiconRow, termCount: number): LexiconView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    scope: r.scope as LexiconView['scope'],
    isDefault: r.isDefault,
    version: r.version,
    termCount,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}

/** Options with a stable key order, so equal options compare and store equal. */
export function canonicalOptions(o: Partial<TermOptions>): Partial<TermOptions> {
  const out: Partial<TermOptions> = {}
  if (o.separators !== undefined) out.separators = o.separators
  if (o.maxGap !== undefined) out.maxGap = o.maxGap
  if (o.pinyin !== undefined) out.pinyin = o.pinyin
  if (o.variants !== undefined && o.variants.length) out.variants = [...o.variants]
  if (o.scope !== undefined) out.scope = o.scope
  if (o.wordBoundary !== undefined) out.wordBoundary = o.wordBoundary
  return out
}
