// Keywords (关键词): scanning text against a stored lexicon, lexicon and term management, import/export,
// hit statistics and reviewer feedback. One definition per request and response; the server validates
// with it and the console calls with it.
import { z } from 'zod'
import { endpoint, IdParams, Ok, PageQuery, page } from './endpoint.ts'

// The same lists as src/modules/keywords/core (checked against them at compile time in lexicon.service.ts);
// repeated here so the console does not bundle the matcher.
export const keywordSeverities = ['low', 'medium', 'high', 'critical'] as const
export const keywordActions = ['block', 'review', 'flag'] as const
/** listing: titles and descriptions of goods; review: buyer-written text; any: both. */
export const lexiconScopes = ['any', 'listing', 'review'] as const
export const termScopes = ['all', 'listing', 'review'] as const
export const separatorPolicies = ['auto', 'none', 'loose'] as const
export const variantKinds = ['width', 'case', 'traditional', 'compat', 'separator', 'zero-width', 'emoji', 'pinyin', 'homophone', 'letter'] as const
export const feedbackStatuses = ['proposed', 'accepted', 'rejected'] as const
export const exportFormats = ['txt', 'csv'] as const
export const importModes = ['merge', 'replace'] as const

export const KeywordLimits = {
  termMax: 100,
  categoryMax: 64,
  noteMax: 1000,
  variantsMax: 32,
  /** one text to scan, UTF-16 units */
  scanTextMax: 100_000,
  scanBatchMax: 100,
  /** all texts of one scan request together */
  scanTotalMax: 1_000_000,
  importCharsMax: 4_000_000,
  importErrorsShown: 50,
  termsPerLexiconMax: 200_000,
  contextChars: 30,
} as const

const trimmed = (max: number) => z.string().trim().min(1).max(max)

export const TermOptions = z.strictObject({
  separators: z.enum(separatorPolicies).optional().describe('auto: deliberate gaps only; none; loose'),
  maxGap: z.number().int().min(0).max(16).optional(),
  pinyin: z.boolean().optional().describe('also match full pinyin and pinyin/character mixes'),
  variants: z.array(trimmed(KeywordLimits.termMax)).max(KeywordLimits.variantsMax).optional().describe('homophone and letter variants (薇信, V信, vx)'),
  scope: z.enum(termScopes).optional(),
  wordBoundary: z.boolean().optional(),
})

export const Lexicon = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  scope: z.enum(lexiconScopes),
  isDefault: z.boolean(),
  version: z.number().int(),
  termCount: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
})

export const Term = z.object({
  id: z.uuid(),
  lexiconId: z.uuid(),
  term: z.string(),
  category: z.string(),
  severity: z.enum(keywordSeverities),
  action: z.enum(keywordActions),
  allow: z.boolean().describe('an allow-list entry: suppresses hits of other terms inside it'),
  options: TermOptions,
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
})

export const Hit = z.object({
  term: z.string().describe('as written in the lexicon'),
  termId: z.uuid().nullable().describe('null for the built-in default lexicon'),
  category: z.string(),
  severity: z.enum(keywordSeverities),
  action: z.enum(keywordActions),
  start: z.number().int().describe('UTF-16 offset into the original text'),
  end: z.number().int(),
  matched: z.string().describe('text.slice(start, end)'),
  variant: z.array(z.enum(variantKinds)).describe('evasions seen through; empty for a verbatim hit'),
})

// ---- scan
const ScanText = z.string().max(KeywordLimits.scanTextMax)
export const ScanBody = z
  .strictObject({
    text: ScanText.optional(),
    texts: z.array(z.strictObject({ id: z.string().max(200), text: ScanText })).min(1).max(KeywordLimits.scanBatchMax).optional(),
    lexiconId: z.uuid().optional().describe('default: the default lexicon'),
    exact: z.boolean().optional().describe('no folding, no skipping: every verbatim occurrence'),
  })
  .refine((b) => (b.text === undefined) !== (b.texts === undefined), { message: 'give exactly one of text or texts' })
export const ScanResult = z.object({
  lexiconId: z.uuid().nullable().describe('null: the built-in default lexicon (none stored yet)'),
  lexiconVersion: z.number().int().describe('the version whose matcher produced these hits'),
  mode: z.enum(['evasion', 'exact']),
  hits: z.array(Hit).optional().describe('for a single text'),
  results: z.array(z.object({ id: z.string(), hits: z.array(Hit) })).optional().describe('for texts, in input order'),
})
export const scan = endpoint({
  method: 'POST', path: '/api/v1/keywords/scan', permission: 'keywords:scan', summary: 'Scan a text or a batch of texts for lexicon terms',
  tags: ['keywords'], body: ScanBody, response: ScanResult,
})

// ---- lexicons
export const listLexicons = endpoint({
  method: 'GET', path: '/api/v1/keywords/lexicons', permission: 'keywords:read', summary: 'List lexicons', tags: ['keywords'],
  response: z.object({ items: z.array(Lexicon) }),
})
export const getLexicon = endpoint({
  method: 'GET', path: '/api/v1/keywords/lexicons/:id', permission: 'keywords:read', summary: 'One lexicon', tags: ['keywords'],
  params: IdParams, response: Lexicon,
})
export const CreateLexiconBody = z.strictObject({
  name: trimmed(100),
  description: z.string().trim().max(KeywordLimits.noteMax).optional(),
  scope: z.enum(lexiconScopes).default('any'),
  isDefault: z.boolean().optional(),
})
export const createLexicon = endpoint({
  method: 'POST', path: '/api/v1/keywords/lexicons', permission: 'keywords:manage', idempotent: true, status: 201,
  summary: 'Create an empty lexicon', tags: ['keywords'], body: CreateLexiconBody, response: Lexicon,
})
export const UpdateLexiconBody = z.strictObject({
  name: trimmed(100).optional(),
  description: z.string().trim().max(KeywordLimits.noteMax).nullable().optional(),
  scope: z.enum(lexiconScopes).optional(),
  isDefault: z.literal(true).optional().describe('make this the lexicon scanned when none is named'),
})
export const updateLexicon = endpoint({
  method: 'PATCH', path: '/api/v1/keywords/lexicons/:id', permission: 'keywords:manage', summary: 'Rename, describe, rescope or make default',
  tags: ['keywords'], params: IdParams, body: UpdateLexiconBody, response: Lexicon,
})
export const deleteLexicon = endpoint({
  method: 'DELETE', path: '/api/v1/keywords/lexicons/:id', permission: 'keywords:manage', summary: 'Delete a lexicon with its terms and statistics',
  tags: ['keywords'], params: IdParams, response: Ok,
})

// ---- terms
export const TermListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('substring of the term or note'),
  category: z.string().trim().max(KeywordLimits.categoryMax).optional(),
  severity: z.enum(keywordSeverities).optional(),
  action: z.enum(keywordActions).optional(),
  allow: z.stringbool().optional(),
})
export const listTerms = endpoint({
  method: 'GET', path: '/api/v1/keywords/lexicons/:id/terms', permission: 'keywords:read', summary: 'Terms of a lexicon, filtered, cursor-paged',
  tags: ['keywords'], params: IdParams, query: TermListQuery, response: page(Term),
})
export const TermInput = z.strictObject({
  term: trimmed(KeywordLimits.termMax),
  category: trimmed(KeywordLimits.categoryMax).default('uncategorized'),
  severity: z.enum(keywordSeverities).default('medium'),
  action: z.enum(keywordActions).default('review'),
  allow: z.boolean().default(false),
  options: TermOptions.default({}),
  note: z.string().trim().max(KeywordLimits.noteMax).optional(),
})
export const TermWithLexicon = z.object({ term: Term, lexiconVersion: z.number().int() })
export const addTerm = endpoint({
  method: 'POST', path: '/api/v1/keywords/lexicons/:id/terms', permission: 'keywords:manage', idempotent: true, status: 201,
  summary: 'Add a term or allow-list entry', tags: ['keywords'], params: IdParams, body: TermInput, response: TermWithLexicon,
})
export const TermParams = z.object({ id: z.uuid(), termId: z.uuid() })
export const UpdateTermBody = z.strictObject({
  term: trimmed(KeywordLimits.termMax).optional(),
  category: trimmed(KeywordLimits.categoryMax).optional(),
  severity: z.enum(keywordSeverities).optional(),
  action: z.enum(keywordActions).optional(),
  allow: z.boolean().optional(),
  options: TermOptions.optional(),
  note: z.string().trim().max(KeywordLimits.noteMax).nullable().optional(),
})
export const updateTerm = endpoint({
  method: 'PATCH', path: '/api/v1/keywords/lexicons/:id/terms/:termId', permission: 'keywords:manage', summary: 'Change a term',
  tags: ['keywords'], params: TermParams, body: UpdateTermBody, response: TermWithLexicon,
})
export const deleteTerm = endpoint({
  method: 'DELETE', path: '/api/v1/keywords/lexicons/:id/terms/:termId', permission: 'keywords:manage', summary: 'Delete a term',
  tags: ['keywords'], params: TermParams, response: z.object({ ok: z.literal(true), lexiconVersion: z.number().int() }),
})

// ---- import / export
export const ImportBody = z.union([
  z.string().max(KeywordLimits.importCharsMax).describe('text/plain (TERMS.txt) or text/csv, by Content-Type or ?format='),
  z.strictObject({
    format: z.enum(exportFormats),
    content: z.string().max(KeywordLimits.importCharsMax),
    mode: z.enum(importModes).default('merge').describe('merge: add and update; replace: also delete terms absent from the file'),
  }),
])
export const ImportQuery = z.object({ format: z.enum(exportFormats).optional(), mode: z.enum(importModes).optional() })
export const ImportResult = z.object({
  lexiconVersion: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
})
export const importTerms = endpoint({
  method: 'POST', path: '/api/v1/keywords/lexicons/:id/import', permission: 'keywords:manage',
  summary: 'Import TERMS.txt or CSV: all rows or none (errors name the lines); re-importing a file changes nothing',
  tags: ['keywords'], params: IdParams, query: ImportQuery, body: ImportBody, response: ImportResult,
})
export const exportTerms = endpoint({
  method: 'GET', path: '/api/v1/keywords/lexicons/:id/export', permission: 'keywords:read', summary: 'Export the terms as TERMS.txt or CSV',
  tags: ['keywords'], params: IdParams, query: z.object({ format: z.enum(exportFormats).default('txt') }), response: z.string(),
})

// ---- statistics
export const StatsQuery = z.object({
  lexiconId: z.uuid().optional(),
  from: z.iso.date().optional().describe('first day (Asia/Shanghai), inclusive'),
  to: z.iso.date().optional().describe('last day, inclusive'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})
export const TermStat = z.object({
  termId: z.uuid(), lexiconId: z.uuid(), term: z.string(), category: z.string(), allow: z.boolean(), hits: z.number().int(), lastDay: z.string(),
})
export const keywordStats = endpoint({
  method: 'GET', path: '/api/v1/keywords/stats', permission: 'keywords:read', summary: 'Hits per term, most hit first', tags: ['keywords'],
  query: StatsQuery, response: z.object({ items: z.array(TermStat) }),
})

// ---- feedback
export const FeedbackBody = z
  .strictObject({
    lexiconId: z.uuid().optional().describe('default: the default lexicon'),
    term: trimmed(KeywordLimits.termMax).describe('the term that hit, as reported'),
    text: z.string().min(1).max(KeywordLimits.scanTextMax).describe('the scanned text'),
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    proposedTerm: trimmed(KeywordLimits.termMax).optional().describe('the allow-list entry; default: the matched text with its context word'),
    note: z.string().trim().max(KeywordLimits.noteMax).optional(),
  })
  .refine((b) => b.start < b.end && b.end <= b.text.length, { message: 'start and end must delimit the hit inside text', path: ['end'] })
export const Feedback = z.object({
  id: z.uuid(),
  lexiconId: z.uuid(),
  termId: z.uuid().nullable(),
  term: z.string(),
  matched: z.string(),
  context: z.string(),
  proposedTerm: z.string(),
  status: z.enum(feedbackStatuses),
  note: z.string().nullable(),
  allowTermId: z.uuid().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
})
export const submitFeedback = endpoint({
  method: 'POST', path: '/api/v1/keywords/feedback', permission: 'keywords:scan', idempotent: true, status: 201,
  summary: 'Report a hit as a false positive; proposes an allow-list entry', tags: ['keywords'], body: FeedbackBody, response: Feedback,
})
export const listFeedback = endpoint({
  method: 'GET', path: '/api/v1/keywords/feedback', permission: 'keywords:read', summary: 'False-positive reports', tags: ['keywords'],
  query: PageQuery.extend({ status: z.enum(feedbackStatuses).optional(), lexiconId: z.uuid().optional() }), response: page(Feedback),
})
export const AcceptFeedbackBody = z.strictObject({
  proposedTerm: trimmed(KeywordLimits.termMax).optional().describe('edit the allow-list entry before accepting'),
  note: z.string().trim().max(KeywordLimits.noteMax).optional(),
})
export const acceptFeedback = endpoint({
  method: 'POST', path: '/api/v1/keywords/feedback/:id/accept', permission: 'keywords:manage',
  summary: 'Accept: adds the allow-list entry to the lexicon', tags: ['keywords'], params: IdParams, body: AcceptFeedbackBody,
  response: z.object({ feedback: Feedback, lexiconVersion: z.number().int() }),
})
export const rejectFeedback = endpoint({
  method: 'POST', path: '/api/v1/keywords/feedback/:id/reject', permission: 'keywords:manage', summary: 'Reject a false-positive report',
  tags: ['keywords'], params: IdParams, body: z.strictObject({ note: z.string().trim().max(KeywordLimits.noteMax).optional() }), response: Feedback,
})
