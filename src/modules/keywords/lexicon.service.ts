// Stored lexicons: CRUD on lexicons and terms, import/export, scanning with the cached matcher, hit counts
// and reviewer feedback. Every change to a lexicon or its terms bumps its version (the matcher cache
// rebuilds on that) and writes one audit row, last in the transaction.
import type { Ctx } from '../../platform/ctx.ts'
import { withTx, dbOf } from '../../platform/ctx.ts'
import { newId } from '../../platform/ids.ts'
import { ConflictError, TooLargeError, ValidationError } from '../../platform/errors.ts'
import * as audit from '../audit/index.ts'
import * as repo from './lexicon.repo.ts'
import { moduleLogger } from '../../platform/logger.ts'
import { buildMatcher, type variantKinds as coreVariantKinds } from './core/matcher.ts'
import type { severities as coreSeverities, LexiconTerm, TermOptions, Severity } from './core/lexicon.ts'
import { defaultLexicon as builtinTerms } from './default-lexicon.ts'
import { matcherCache, type CompiledLexicon } from './matcher-cache.ts'
import { parseCsvTerms, parseTxt, toCsv, toTxt, type ImportRow } from './lexicon.io.ts'
import {
  canonicalOptions,
  toCoreTerm,
  toLexiconView,
  toTermView,
  type LexiconView,
  type StoredAction,
  type TermView,
} from './lexicon.mapping.ts'
import {
  KeywordLimits,
  type keywordSeverities,
  type variantKinds,
  type lexiconScopes,
  type feedbackStatuses,
} from '../../contracts/keywords.schema.ts'

// The contract's lists must stay the core's (the console imports the contract, not the matcher).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const sameSeverities: Same<(typeof keywordSeverities)[number], (typeof coreSeverities)[number]> = true
const sameVariants: Same<(typeof variantKinds)[number], (typeof coreVariantKinds)[number]> = true
void sameSeverities
void sameVariants

type LexiconScope = (typeof lexiconScopes)[number]
type FeedbackStatus = (typeof feedbackStatuses)[number]

const log = moduleLogger('keywords')

export const defaultLexiconName = '默认治理词库'

const lexiconTarget = (id: string) => ({ type: 'lexicon', id })

/** Runs a lexicon mutation, then (after commit) lets this process's matcher cache start its rebuild. */
async function changing<T>(ctx: Ctx, lexiconId: string, fn: () => Promise<T>): Promise<T> {
  const out = await fn()
  if (!ctx.tx) matcherCache(ctx.db).changed(lexiconId)
  return out
}

// ---- lexicons
export async function listLexicons(ctx: Ctx): Promise<{ items: LexiconView[] }> {
  const rows = await repo.listLexicons(dbOf(ctx))
  return { items: rows.map((r) => toLexiconView(r, r.termCount)) }
}

export async function getLexicon(ctx: Ctx, id: string): Promise<LexiconView> {
  const db = dbOf(ctx)
  const r = await repo.mustGetLexicon(db, id)
  return toLexiconView(r, await repo.termCount(db, id))
}

export interface LexiconInput {
  name: string
  description?: string | undefined
  scope: LexiconScope
  isDefault?: boolean | undefined
}

export async function createLexicon(
  ctx: Ctx,
  input: LexiconInput,
  terms: LexiconTerm[] = [],
): Promise<LexiconView> {
  return withTx(ctx, async (tx) => {
    if (await repo.lexiconByName(tx, input.name)) {
      throw new ConflictError(
        'keywords.lexicon_name_taken',
        `a lexicon named "${input.name}" already exists`,
        { name: input.name },
      )
    }
    const now = ctx.clock.now()
    const id = newId()
    if (input.isDefault) await repo.clearDefault(tx, id)
    await repo.insertLexicon(tx, {
      id,
      name: input.name,
      description: input.description ?? null,
      scope: input.scope,
      isDefault: input.isDefault ?? false,
      version: 1,
      createdBy: ctx.actor.name,
      createdAt: now,
      updatedAt: now,
    })
    await repo.insertTerms(
      tx,
      terms.map((t) => newTermRow(ctx, id, now, t, null)),
    )
    const row = await repo.mustGetLexicon(tx, id)
    await audit.record(tx, ctx, 'lexicon.created', lexiconTarget(id), {
      name: input.name,
      scope: input.scope,
      isDefault: row.isDefault,
      terms: terms.length,
      version: 1,
    })
    return toLexiconView(row, terms.length)
  })
}

export async function updateLexicon(
  ctx: Ctx,
  id: string,
  input: {
    name?: string | undefined
    description?: string | null | undefined
    scope?: LexiconScope | undefined
    isDefault?: true | undefined
  },
): Promise<LexiconView> {
  return changing(ctx, id, () =>
    withTx(ctx, async (tx) => {
      const before = await repo.mustGetLexicon(tx, id, true)
      if (
        input.name !== undefined &&
        input.name !== before.name &&
        (await repo.lexiconByName(tx, input.name))
      ) {
        throw new ConflictError(
          'keywords.lexicon_name_taken',
          `a lexicon named "${input.name}" already exists`,
          { name: input.name },
        )
      }
      if (input.isDefault) await repo.clearDefault(tx, id)
      await repo.updateLexicon(tx, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.scope !== undefined ? { scope: input.scope } : {}),
        ...(input.isDefault ? { isDefault: true } : {}),
      })
      const version = await repo.bumpVersion(tx, id, ctx.clock.now())
      const after = await repo.mustGetLexicon(tx, id)
      const diff = audit.redactedDiff(
        {
          name: before.name,
          description: before.description,
          scope: before.scope,
          isDefault: before.isDefault,
        },
        { name: after.name, description: after.description, scope: after.scope, isDefault: after.isDefault },
      )
      await audit.record(tx, ctx, 'lexicon.updated', lexiconTarget(id), { ...diff, version })
      return toLexiconView(after, await repo.termCount(tx, id))
    }),
  )
}

export async function deleteLexicon(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (tx) => {
    const before = await repo.mustGetLexicon(tx, id, true)
    const terms = await repo.termCount(tx, id)
    await repo.deleteLexicon(tx, id)
    await audit.record(tx, ctx, 'lexicon.deleted', lexiconTarget(id), {
      name: before.name,
      version: before.version,
      terms,
    })
  })
  matcherCache(ctx.db).evict(id)
}

// ---- terms
function newTermRow(ctx: Ctx, lexiconId: string, now: Date, t: LexiconTerm, note: string | null) {
  const allow = t.action === 'allow'
  return {
    id: newId(),
    lexiconId,
    term: t.term,
    category: t.category,
    severity: t.severity,
    action: allow ? 'review' : t.action,
    allow,
    options: JSON.stringify(canonicalOptions(t.options)),
    note,
    createdBy: ctx.actor.name,
    createdAt: now,
    updatedAt: now,
  }
}

/** A term must find itself: one made only of separators (`***`) would never match anything. */
function ensureMatchable(term: string, options: Partial<TermOptions>): void {
  const probe: LexiconTerm = {
    term,
    category: 'probe',
    severity: 'low',
    action: 'review',
    options: { ...options, scope: 'all' },
  }
  if (buildMatcher([probe]).scan(term).length === 0) {
    throw new ValidationError(
      'keywords.term_unmatchable',
      `term "${term}" has nothing to match once separators are skipped`,
      { term },
    )
  }
}

export interface TermInput {
  term: string
  category: string
  severity: Severity
  action: StoredAction
  allow: boolean
  options: Partial<TermOptions>
  note?: string | undefined
}

export async function listTerms(
  ctx: Ctx,
  lexiconId: string,
  f: Omit<repo.TermFilter, 'after' | 'limit'> & { cursor?: string | undefined; limit: number },
): Promise<{ items: TermView[]; nextCursor: string | null }> {
  const db = dbOf(ctx)
  await repo.mustGetLexicon(db, lexiconId)
  const rows = await repo.listTerms(db, lexiconId, { ...f, after: f.cursor, limit: f.limit + 1 })
  const items = rows.slice(0, f.limit).map(toTermView)
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1]!.id : null }
}

async function ensureRoom(
  db: Parameters<typeof repo.termCount>[0],
  lexiconId: string,
  adding: number,
): Promise<void> {
  const n = await repo.termCount(db, lexiconId)
  if (n + adding > KeywordLimits.termsPerLexiconMax) {
    throw new TooLargeError(
      'keywords.too_many_terms',
      `a lexicon holds at most ${KeywordLimits.termsPerLexiconMax} terms (has ${n}, adding ${adding})`,
      {
        max: KeywordLimits.termsPerLexiconMax,
        current: n,
        adding,
      },
    )
  }
}

export async function addTerm(
  ctx: Ctx,
  lexiconId: string,
  input: TermInput,
): Promise<{ term: TermView; lexiconVersion: number }> {
  ensureMatchable(input.term, input.options)
  return changing(ctx, lexiconId, () =>
    withTx(ctx, async (tx) => {
      const now = ctx.clock.now()
      const version = await repo.bumpVersion(tx, lexiconId, now) // locks the lexicon; 404 when absent
      if (await repo.termByKey(tx, lexiconId, input.term, input.allow)) {
        throw new ConflictError(
          'keywords.term_exists',
          `"${input.term}" is already ${input.allow ? 'allow-listed' : 'a term'} in this lexicon`,
          {
            term: input.term,
            allow: input.allow,
          },
        )
      }
      await ensureRoom(tx, lexiconId, 1)
      const core: LexiconTerm = { ...input, action: input.allow ? 'allow' : input.action }
      const row = newTermRow(ctx, lexiconId, now, core, input.note ?? null)
      await repo.insertTerms(tx, [row])
      const saved = await repo.mustGetTerm(tx, lexiconId, row.id)
      await audit.record(tx, ctx, 'lexicon_term.created', lexiconTarget(lexiconId), {
        termId: row.id,
        after: termAuditView(saved),
        version,
      })
      return { term: toTermView(saved), lexiconVersion: version }
    }),
  )
}

function termAuditView(r: repo.TermRow) {
  return {
    term: r.term,
    category: r.category,
    severity: r.severity,
    action: r.action,
    allow: r.allow,
    options: r.options,
    note: r.note,
  }
}

export async function updateTerm(
  ctx: Ctx,
  lexiconId: string,
  termId: string,
  input: Partial<Omit<TermInput, 'note'>> & { note?: string | null | undefined },
): Promise<{ term: TermView; lexiconVersion: number }> {
  return changing(ctx, lexiconId, () =>
    withTx(ctx, async (tx) => {
      const now = ctx.clock.now()
      const version = await repo.bumpVersion(tx, lexiconId, now)
      const before = await repo.mustGetTerm(tx, lexiconId, termId)
      const term = input.term ?? before.term
      const allow = input.allow ?? before.allow
      const options = input.options
        ? canonicalOptions(input.options)
        : (before.options as Partial<TermOptions>)
      if (input.term !== undefined || input.options !== undefined) ensureMatchable(term, options)
      if (
        (term !== before.term || allow !== before.allow) &&
        (await repo.termByKey(tx, lexiconId, term, allow))
      ) {
        throw new ConflictError(
          'keywords.term_exists',
          `"${term}" is already ${allow ? 'allow-listed' : 'a term'} in this lexicon`,
          { term, allow },
        )
      }
      await repo.updateTerm(tx, termId, {
        term,
        allow,
        options: JSON.stringify(options),
        ...(input.category !== undefined ? { category: input.category } : {}),
        ...(input.severity !== undefined ? { severity: input.severity } : {}),
        ...(input.action !== undefined ? { action: input.action } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        updatedAt: now,
      })
      const after = await repo.mustGetTerm(tx, lexiconId, termId)
      await audit.record(tx, ctx, 'lexicon_term.updated', lexiconTarget(lexiconId), {
        termId,
        ...audit.redactedDiff(termAuditView(before), termAuditView(after)),
        version,
      })
      return { term: toTermView(after), lexiconVersion: version }
    }),
  )
}

export async function deleteTerm(
  ctx: Ctx,
  lexiconId: string,
  termId: string,
): Promise<{ lexiconVersion: number }> {
  return changing(ctx, lexiconId, () =>
    withTx(ctx, async (tx) => {
      const version = await repo.bumpVersion(tx, lexiconId, ctx.clock.now())
      const before = await repo.mustGetTerm(tx, lexiconId, termId)
      await repo.deleteTerms(tx, [termId])
      await audit.record(tx, ctx, 'lexicon_term.deleted', lexiconTarget(lexiconId), {
        termId,
        before: termAuditView(before),
        version,
      })
      return { lexiconVersion: version }
    }),
  )
}

// ---- import / export
export type ImportFormat = 'txt' | 'csv'
export interface ImportResult {
  lexiconVersion: number
  inserted: number
  updated: number
  unchanged: number
  deleted: number
}

/**
 * Imports a whole file in one transaction: a file with any bad row is rejected with every bad line named,
 * nothing written. Terms are keyed by (term, allow): new ones are inserted, changed ones updated, equal
 * ones left alone, so importing the same file twice changes nothing (and does not bump the version).
 */
export async function importTerms(
  ctx: Ctx,
  lexiconId: string,
  input: { format: ImportFormat; content: string; mode: 'merge' | 'replace' },
): Promise<ImportResult> {
  const parsed = input.format === 'csv' ? parseCsvTerms(input.content) : parseTxt(input.content)
  if (parsed.errors.length) {
    const shown = parsed.errors.slice(0, KeywordLimits.importErrorsShown)
    const first = shown
      .slice(0, 3)
      .map((e) => `line ${e.line}: ${e.message}`)
      .join('; ')
    throw new ValidationError(
      'keywords.import_invalid',
      `import rejected, nothing was written: ${parsed.errors.length} bad line${parsed.errors.length === 1 ? '' : 's'} (${first}${parsed.errors.length > 3 ? '; …' : ''})`,
      { errors: shown, total: parsed.errors.length },
    )
  }
  return changing(ctx, lexiconId, () =>
    withTx(ctx, async (tx) => {
      const lex = await repo.mustGetLexicon(tx, lexiconId, true)
      const existing = await repo.allTerms(tx, lexiconId)
      const byKey = new Map(existing.map((r) => [`${r.allow ? 1 : 0}\u0000${r.term}`, r]))
      const now = ctx.clock.now()
      const inserts: ReturnType<typeof newTermRow>[] = []
      const seen = new Set<string>()
      let updated = 0
      let unchanged = 0
      for (const row of parsed.rows) {
        const allow = row.action === 'allow'
        const key = `${allow ? 1 : 0}\u0000${row.term}`
        seen.add(key)
        const cur = byKey.get(key)
        if (!cur) {
          inserts.push(newTermRow(ctx, lexiconId, now, row, row.note ?? null))
          continue
        }
        const next = importedFields(row)
        if (sameTerm(cur, next)) {
          unchanged++
          continue
        }
        await repo.updateTerm(tx, cur.id, { ...next, options: JSON.stringify(next.options), updatedAt: now })
        updated++
      }
      const toDelete =
        input.mode === 'replace'
          ? existing.filter((r) => !seen.has(`${r.allow ? 1 : 0}\u0000${r.term}`)).map((r) => r.id)
          : []
      if (existing.length - toDelete.length + inserts.length > KeywordLimits.termsPerLexiconMax) {
        throw new TooLargeError(
          'keywords.too_many_terms',
          `a lexicon holds at most ${KeywordLimits.termsPerLexiconMax} terms`,
          {
            max: KeywordLimits.termsPerLexiconMax,
          },
        )
      }
      await repo.deleteTerms(tx, toDelete)
      await repo.insertTerms(tx, inserts)
      const changed = inserts.length + updated + toDelete.length > 0
      const version = changed ? await repo.bumpVersion(tx, lexiconId, now) : lex.version
      const result = {
        lexiconVersion: version,
        inserted: inserts.length,
        updated,
        unchanged,
        deleted: toDelete.length,
      }
      await audit.record(tx, ctx, 'lexicon.imported', lexiconTarget(lexiconId), {
        format: input.format,
        mode: input.mode,
        rows: parsed.rows.length,
        ...result,
      })
      return result
    }),
  )
}

function importedFields(row: ImportRow) {
  const allow = row.action === 'allow'
  return {
    category: row.category,
    severity: row.severity,
    // An allow-list line carries no action; keep what is stored rather than churn it.
    action: allow ? undefined : row.action,
    options: canonicalOptions(row.options),
    note: row.note,
  }
}

function sameTerm(cur: repo.TermRow, next: ReturnType<typeof importedFields>): boolean {
  return (
    cur.category === next.category &&
    cur.severity === next.severity &&
    (next.action === undefined || cur.action === next.action) &&
    (next.note === undefined || cur.note === next.note) &&
    JSON.stringify(canonicalOptions(cur.options as Partial<TermOptions>)) === JSON.stringify(next.options)
  )
}

export async function exportTerms(
  ctx: Ctx,
  lexiconId: string,
  format: ImportFormat,
): Promise<{ filename: string; content: string; mediaType: string }> {
  const db = dbOf(ctx)
  const lex = await repo.mustGetLexicon(db, lexiconId)
  const rows = await repo.allTerms(db, lexiconId)
  const base = `lexicon-${lex.name.replace(/[^\p{L}\p{N}_-]+/gu, '_')}-v${lex.version}`
  if (format === 'csv') {
    return {
      filename: `${base}.csv`,
      mediaType: 'text/csv; charset=utf-8',
      content: toCsv(rows.map((r) => ({ ...toCoreTerm(r), note: r.note }))),
    }
  }
  const header = `# ${lex.name} v${lex.version}${lex.description ? ` — ${lex.description.replace(/\s+/g, ' ')}` : ''}\n`
  return {
    filename: `${base}.txt`,
    mediaType: 'text/plain; charset=utf-8',
    content: header + toTxt(rows.map(toCoreTerm)),
  }
}

/** Registers the built-in default lexicon as a stored, default lexicon unless one exists; returns rows added. */
export async function ensureDefaultLexicon(ctx: Ctx): Promise<number> {
  const db = dbOf(ctx)
  if ((await repo.defaultLexicon(db)) || (await repo.lexiconByName(db, defaultLexiconName))) return 0
  const terms = builtinTerms()
  await createLexicon(
    ctx,
    {
      name: defaultLexiconName,
      description: 'tianping default lexicon for e-commerce and finance governance',
      scope: 'any',
      isDefault: true,
    },
    terms,
  )
  return terms.length + 1
}

// ---- scanning
export interface ApiHit {
  term: string
  termId: string | null
  category: string
  severity: Severity
  action: StoredAction
  start: number
  end: number
  matched: string
  variant: (typeof variantKinds)[number][]
}

export interface ScanInput {
  text?: string | undefined
  texts?: { id: string; text: string }[] | undefined
  lexiconId?: string | undefined
  exact?: boolean | undefined
}

export interface ScanOutput {
  lexiconId: string | null
  lexiconVersion: number
  mode: 'evasion' | 'exact'
  hits?: ApiHit[]
  results?: { id: string; hits: ApiHit[] }[]
}

/** Asia/Shanghai calendar day (UTC+8, no daylight saving) of an instant. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

export async function scan(ctx: Ctx, input: ScanInput): Promise<ScanOutput> {
  const docs = input.texts ?? [{ id: '', text: input.text ?? '' }]
  const total = docs.reduce((n, d) => n + d.text.length, 0)
  if (total > KeywordLimits.scanTotalMax) {
    throw new TooLargeError(
      'keywords.scan_too_large',
      `texts total ${total} characters; at most ${KeywordLimits.scanTotalMax} per request`,
      {
        total,
        max: KeywordLimits.scanTotalMax,
      },
    )
  }
  const compiled = await matcherCache(ctx.db).get(dbOf(ctx), input.lexiconId ?? null)
  const matcher = input.exact ? compiled.exact : compiled.evasion
  const counts = new Map<string, number>()
  const results = docs.map((d) => ({
    id: d.id,
    hits: matcher.scan(d.text).map((h) => toApiHit(compiled, h, counts)),
  }))
  if (compiled.lexiconId && counts.size) {
    // Statistics must never fail a scan.
    await repo
      .addHits(dbOf(ctx), shanghaiDay(ctx.clock.now()), counts)
      .catch((err: unknown) => log.warn({ err, lexiconId: compiled.lexiconId }, 'hit counts not recorded'))
  }
  const head = {
    lexiconId: compiled.lexiconId,
    lexiconVersion: compiled.version,
    mode: input.exact ? ('exact' as const) : ('evasion' as const),
  }
  return input.texts ? { ...head, results } : { ...head, hits: results[0]?.hits ?? [] }
}

function toApiHit(
  c: CompiledLexicon,
  h: ReturnType<CompiledLexicon['evasion']['scan']>[number],
  counts: Map<string, number>,
): ApiHit {
  const termId = c.termIds[h.termIndex] ?? null
  if (termId) counts.set(termId, (counts.get(termId) ?? 0) + 1)
  return {
    term: h.term,
    termId,
    category: h.category,
    severity: h.severity,
    action: h.action === 'allow' ? 'flag' : h.action,
    start: h.start,
    end: h.end,
    matched: h.matched,
    variant: h.variant,
  }
}

export async function termStats(ctx: Ctx, f: repo.StatFilter) {
  return { items: await repo.termStats(dbOf(ctx), f) }
}

// ---- feedback (a reviewer's "false positive" on a hit proposes an allow-list entry)
export interface FeedbackView {
  id: string
  lexiconId: string
  termId: string | null
  term: string
  matched: string
  context: string
  proposedTerm: string
  status: FeedbackStatus
  note: string | null
  allowTermId: string | null
  createdBy: string | null
  createdAt: Date
  decidedBy: string | null
  decidedAt: Date | null
  decisionNote: string | null
}

const toFeedbackView = (r: repo.FeedbackRow): FeedbackView => ({ ...r, status: r.status as FeedbackStatus })

const wordChar = /[\p{L}\p{N}]/u

/** The hit widened to the letters and digits around it (at most 2 on each side): 需要代考察小 around 代考. */
export function proposeAllowEntry(text: string, start: number, end: number): string {
  let s = start
  let e = end
  for (let k = 0; k < 2 && s > 0 && wordChar.test(text[s - 1] as string); k++) s--
  for (let k = 0; k < 2 && e < text.length && wordChar.test(text[e] as string); k++) e++
  return text.slice(s, e)
}

/** Checks that `allowEntry` as an allow-list entry suppresses the hit of `term` at [start, end) in text. */
function checkProposal(
  term: LexiconTerm,
  allowEntry: string,
  text: string,
  start: number,
  end: number,
): void {
  const allow: LexiconTerm = {
    term: allowEntry,
    category: term.category,
    severity: 'low',
    action: 'allow',
    options: { ...term.options, variants: [], pinyin: false, scope: 'all' },
  }
  const self: LexiconTerm = { ...term, options: { ...term.options, scope: 'all' } }
  const still = buildMatcher([self, allow])
    .scan(text)
    .some((h) => h.start === start && h.end === end)
  if (still) {
    throw new ValidationError(
      'keywords.proposal_ineffective',
      `allow-list entry "${allowEntry}" does not cover the hit "${text.slice(start, end)}"`,
      {
        proposedTerm: allowEntry,
      },
    )
  }
}

async function feedbackLexicon(ctx: Ctx, lexiconId: string | undefined): Promise<repo.LexiconRow> {
  const db = dbOf(ctx)
  if (lexiconId) return repo.mustGetLexicon(db, lexiconId)
  const d = await repo.defaultLexicon(db)
  if (!d)
    throw new ConflictError(
      'keywords.no_default_lexicon',
      'no lexicon is stored as the default; name the lexicon',
    )
  return d
}

export async function submitFeedback(
  ctx: Ctx,
  input: {
    lexiconId?: string | undefined
    term: string
    text: string
    start: number
    end: number
    proposedTerm?: string | undefined
    note?: string | undefined
  },
): Promise<FeedbackView> {
  const lex = await feedbackLexicon(ctx, input.lexiconId)
  const termRow = await repo.termByKey(dbOf(ctx), lex.id, input.term, false)
  if (!termRow) {
    throw new ValidationError(
      'keywords.term_not_in_lexicon',
      `"${input.term}" is not a term of lexicon ${lex.name}`,
      { term: input.term, lexiconId: lex.id },
    )
  }
  const core = toCoreTerm(termRow)
  const hit = buildMatcher([{ ...core, options: { ...core.options, scope: 'all' } }])
    .scan(input.text)
    .some((h) => h.start === input.start && h.end === input.end)
  if (!hit) {
    throw new ValidationError(
      'keywords.hit_not_found',
      `"${input.term}" does not hit text[${input.start}, ${input.end})`,
      { start: input.start, end: input.end },
    )
  }
  const proposedTerm = input.proposedTerm ?? proposeAllowEntry(input.text, input.start, input.end)
  checkProposal(core, proposedTerm, input.text, input.start, input.end)
  const c = KeywordLimits.contextChars
  const context = input.text.slice(Math.max(0, input.start - c), Math.min(input.text.length, input.end + c))
  return withTx(ctx, async (tx) => {
    const id = newId()
    await repo.insertFeedback(tx, {
      id,
      lexiconId: lex.id,
      termId: termRow.id,
      term: termRow.term,
      matched: input.text.slice(input.start, input.end),
      context,
      proposedTerm,
      status: 'proposed',
      note: input.note ?? null,
      allowTermId: null,
      createdBy: ctx.actor.name,
      createdAt: ctx.clock.now(),
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    })
    const row = await repo.mustGetFeedback(tx, id)
    await audit.record(
      tx,
      ctx,
      'keyword_feedback.proposed',
      { type: 'keyword_feedback', id },
      { lexiconId: lex.id, termId: termRow.id, proposedTerm },
    )
    return toFeedbackView(row)
  })
}

export async function listFeedback(
  ctx: Ctx,
  f: {
    status?: FeedbackStatus | undefined
    lexiconId?: string | undefined
    cursor?: string | undefined
    limit: number
  },
): Promise<{ items: FeedbackView[]; nextCursor: string | null }> {
  const rows = await repo.listFeedback(dbOf(ctx), { ...f, after: f.cursor, limit: f.limit + 1 })
  const items = rows.slice(0, f.limit).map(toFeedbackView)
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1]!.id : null }
}

function ensureOpen(fb: repo.FeedbackRow): void {
  if (fb.status !== 'proposed') {
    throw new ConflictError('keywords.feedback_decided', `feedback ${fb.id} is already ${fb.status}`, {
      id: fb.id,
      status: fb.status,
    })
  }
}

/** Adds the proposed entry (or an edited one) to the lexicon's allow-list. */
export async function acceptFeedback(
  ctx: Ctx,
  id: string,
  input: { proposedTerm?: string | undefined; note?: string | undefined },
): Promise<{ feedback: FeedbackView; lexiconVersion: number }> {
  const out = await withTx(ctx, async (tx) => {
    const fb = await repo.mustGetFeedback(tx, id, true)
    ensureOpen(fb)
    const entry = input.proposedTerm ?? fb.proposedTerm
    if (input.proposedTerm !== undefined && fb.termId) {
      const termRow = await repo.mustGetTerm(tx, fb.lexiconId, fb.termId)
      const at = fb.context.indexOf(fb.matched)
      if (at >= 0) checkProposal(toCoreTerm(termRow), entry, fb.context, at, at + fb.matched.length)
    }
    ensureMatchable(entry, {})
    const now = ctx.clock.now()
    const version = await repo.bumpVersion(tx, fb.lexiconId, now)
    let allow = await repo.termByKey(tx, fb.lexiconId, entry, true)
    if (!allow) {
      const category = fb.termId
        ? (await repo.mustGetTerm(tx, fb.lexiconId, fb.termId)).category
        : 'uncategorized'
      const row = newTermRow(
        ctx,
        fb.lexiconId,
        now,
        { term: entry, category, severity: 'low', action: 'allow', options: {} },
        `feedback ${fb.id}: false positive of ${fb.term}`,
      )
      await repo.insertTerms(tx, [row])
      allow = await repo.mustGetTerm(tx, fb.lexiconId, row.id)
    }
    await repo.updateFeedback(tx, id, {
      status: 'accepted',
      proposedTerm: entry,
      allowTermId: allow.id,
      decidedBy: ctx.actor.name,
      decidedAt: now,
      decisionNote: input.note ?? null,
    })
    const after = await repo.mustGetFeedback(tx, id)
    await audit.record(tx, ctx, 'keyword_feedback.accepted', lexiconTarget(fb.lexiconId), {
      feedbackId: id,
      allowTermId: allow.id,
      allowTerm: entry,
      version,
    })
    return { feedback: toFeedbackView(after), lexiconVersion: version }
  })
  if (!ctx.tx) matcherCache(ctx.db).changed(out.feedback.lexiconId)
  return out
}

export async function rejectFeedback(
  ctx: Ctx,
  id: string,
  input: { note?: string | undefined },
): Promise<FeedbackView> {
  return withTx(ctx, async (tx) => {
    const fb = await repo.mustGetFeedback(tx, id, true)
    ensureOpen(fb)
    await repo.updateFeedback(tx, id, {
      status: 'rejected',
      decidedBy: ctx.actor.name,
      decidedAt: ctx.clock.now(),
      decisionNote: input.note ?? null,
    })
    const after = await repo.mustGetFeedback(tx, id)
    await audit.record(
      tx,
      ctx,
      'keyword_feedback.rejected',
      { type: 'keyword_feedback', id },
      { lexiconId: fb.lexiconId },
    )
    return toFeedbackView(after)
  })
}
