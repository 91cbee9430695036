// Lexicons, terms, hit counters and feedback: every query of the keywords module.
import { sql, type Updateable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { KeywordFeedbackTable, LexiconTable, LexiconTermTable } from '../../db/schema.ts'
import type { Insertable, Selectable } from 'kysely'
import { NotFoundError } from '../../platform/errors.ts'

export type LexiconRow = Selectable<LexiconTable>
export type TermRow = Selectable<LexiconTermTable>
export type FeedbackRow = Selectable<KeywordFeedbackTable>

// ---- lexicons
export async function listLexicons(db: DbOrTx): Promise<(LexiconRow & { termCount: number })[]> {
  const rows = await db
    .selectFrom('lexicon')
    .selectAll('lexicon')
    .select((eb) =>
      eb
        .selectFrom('lexiconTerm')
        .whereRef('lexiconTerm.lexiconId', '=', 'lexicon.id')
        .select(eb.fn.countAll().as('n'))
        .as('termCount'),
    )
    .orderBy('name')
    .execute()
  return rows.map((r) => ({ ...r, termCount: Number(r.termCount ?? 0) }))
}

export async function termCount(db: DbOrTx, lexiconId: string): Promise<number> {
  const r = await db
    .selectFrom('lexiconTerm')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('lexiconId', '=', lexiconId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function lexiconById(db: DbOrTx, id: string): Promise<LexiconRow | undefined> {
  return db.selectFrom('lexicon').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function mustGetLexicon(db: DbOrTx, id: string, forUpdate = false): Promise<LexiconRow> {
  let q = db.selectFrom('lexicon').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  if (!r) throw new NotFoundError('keywords.lexicon_not_found', `lexicon ${id} does not exist`, { id })
  return r
}

export async function lexiconByName(db: DbOrTx, name: string): Promise<LexiconRow | undefined> {
  return db.selectFrom('lexicon').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function defaultLexicon(db: DbOrTx): Promise<LexiconRow | undefined> {
  return db.selectFrom('lexicon').selectAll().where('isDefault', '=', true).executeTakeFirst()
}

/** id and version only: what a scan reads on every request to know whether its matcher is current. */
export async function lexiconVersion(
  db: DbOrTx,
  id: string | null,
): Promise<{ id: string; version: number; scope: string } | undefined> {
  let q = db.selectFrom('lexicon').select(['id', 'version', 'scope'])
  q = id ? q.where('id', '=', id) : q.where('isDefault', '=', true)
  return q.executeTakeFirst()
}

export async function insertLexicon(db: DbOrTx, row: Insertable<LexiconTable>): Promise<void> {
  await db.insertInto('lexicon').values(row).execute()
}

export async function updateLexicon(db: DbOrTx, id: string, patch: Updateable<LexiconTable>): Promise<void> {
  await db.updateTable('lexicon').set(patch).where('id', '=', id).execute()
}

export async function clearDefault(db: DbOrTx, exceptId: string): Promise<void> {
  await db
    .updateTable('lexicon')
    .set({ isDefault: false })
    .where('isDefault', '=', true)
    .where('id', '!=', exceptId)
    .execute()
}

/** Bumps the version; the row lock it takes serialises changes to one lexicon. */
export async function bumpVersion(db: DbOrTx, id: string, now: Date): Promise<number> {
  const r = await db
    .updateTable('lexicon')
    .set((eb) => ({ version: eb('version', '+', 1), updatedAt: now }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirst()
  if (!r) throw new NotFoundError('keywords.lexicon_not_found', `lexicon ${id} does not exist`, { id })
  return r.version
}

export async function deleteLexicon(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('lexicon').where('id', '=', id).execute()
}

// ---- terms
export interface TermFilter {
  q?: string | undefined
  category?: string | undefined
  severity?: string | undefined
  action?: string | undefined
  allow?: boolean | undefined
  after?: string | undefined
  limit: number
}

export async function listTerms(db: DbOrTx, lexiconId: string, f: TermFilter): Promise<TermRow[]> {
  let q = db.selectFrom('lexiconTerm').selectAll().where('lexiconId', '=', lexiconId)
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`
    q = q.where((eb) => eb.or([eb('term', 'ilike', like), eb('note', 'ilike', like)]))
  }
  if (f.category) q = q.where('category', '=', f.category)
  if (f.severity) q = q.where('severity', '=', f.severity)
  if (f.action) q = q.where('action', '=', f.action).where('allow', '=', false)
  if (f.allow !== undefined) q = q.where('allow', '=', f.allow)
  if (f.after) q = q.where('id', '>', f.after)
  return q.orderBy('id').limit(f.limit).execute()
}

/** Every term of a lexicon, in insertion order (ids are time-ordered). */
export async function allTerms(db: DbOrTx, lexiconId: string): Promise<TermRow[]> {
  return db.selectFrom('lexiconTerm').selectAll().where('lexiconId', '=', lexiconId).orderBy('id').execute()
}

export async function mustGetTerm(db: DbOrTx, lexiconId: string, termId: string): Promise<TermRow> {
  const r = await db
    .selectFrom('lexiconTerm')
    .selectAll()
    .where('id', '=', termId)
    .where('lexiconId', '=', lexiconId)
    .executeTakeFirst()
  if (!r)
    throw new NotFoundError(
      'keywords.term_not_found',
      `term ${termId} does not exist in lexicon ${lexiconId}`,
      { lexiconId, termId },
    )
  return r
}

export async function termByKey(
  db: DbOrTx,
  lexiconId: string,
  term: string,
  allow: boolean,
): Promise<TermRow | undefined> {
  return db
    .selectFrom('lexiconTerm')
    .selectAll()
    .where('lexiconId', '=', lexiconId)
    .where('term', '=', term)
    .where('allow', '=', allow)
    .executeTakeFirst()
}

export async function insertTerms(db: DbOrTx, rows: Insertable<LexiconTermTable>[]): Promise<void> {
  // Chunks keep each statement under PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('lexiconTerm')
      .values(rows.slice(i, i + 2000))
      .execute()
}

export async function updateTerm(db: DbOrTx, id: string, patch: Updateable<LexiconTermTable>): Promise<void> {
  await db.updateTable('lexiconTerm').set(patch).where('id', '=', id).execute()
}

export async function deleteTerms(db: DbOrTx, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000)
    await db
      .deleteFrom('lexiconTerm')
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute()
}

// ---- hit statistics
/**
 * Adds hit counts for a day. A scan may be served by a matcher a version behind, whose terms may have been
 * deleted since: counts join the live terms, so a deleted term's hits are dropped, not an FK error.
 */
export async function addHits(db: DbOrTx, day: string, counts: Map<string, number>): Promise<void> {
  if (counts.size === 0) return
  const values = sql.join([...counts].map(([termId, hits]) => sql`(${termId}::uuid, ${hits}::bigint)`))
  await sql`
    insert into keyword_hit_stat (term_id, lexicon_id, day, hits)
    select t.id, t.lexicon_id, ${day}::date, v.hits from (values ${values}) as v (term_id, hits) join lexicon_term t on t.id = v.term_id
    on conflict (term_id, day) do update set hits = keyword_hit_stat.hits + excluded.hits`.execute(db)
}

export interface StatFilter {
  lexiconId?: string | undefined
  from?: string | undefined
  to?: string | undefined
  limit: number
}

export async function termStats(db: DbOrTx, f: StatFilter) {
  let q = db
    .selectFrom('keywordHitStat as s')
    .innerJoin('lexiconTerm as t', 't.id', 's.termId')
    .select((eb) => [
      's.termId',
      's.lexiconId',
      't.term',
      't.category',
      't.allow',
      eb.fn.sum<string | number>('s.hits').as('hits'),
      sql<string>`to_char(max(s.day), 'YYYY-MM-DD')`.as('lastDay'),
    ])
    .groupBy(['s.termId', 's.lexiconId', 't.term', 't.category', 't.allow'])
  if (f.lexiconId) q = q.where('s.lexiconId', '=', f.lexiconId)
  if (f.from) q = q.where('s.day', '>=', f.from)
  if (f.to) q = q.where('s.day', '<=', f.to)
  const rows = await q.orderBy('hits', 'desc').orderBy('t.term').limit(f.limit).execute()
  return rows.map((r) => ({ ...r, hits: Number(r.hits) }))
}

// ---- feedback
export async function insertFeedback(db: DbOrTx, row: Insertable<KeywordFeedbackTable>): Promise<void> {
  await db.insertInto('keywordFeedback').values(row).execute()
}

export async function mustGetFeedback(db: DbOrTx, id: string, forUpdate = false): Promise<FeedbackRow> {
  let q = db.selectFrom('keywordFeedback').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const r = await q.executeTakeFirst()
  if (!r) throw new NotFoundError('keywords.feedback_not_found', `feedback ${id} does not exist`, { id })
  return r
}

export async function updateFeedback(
  db: DbOrTx,
  id: string,
  patch: Updateable<KeywordFeedbackTable>,
): Promise<void> {
  await db.updateTable('keywordFeedback').set(patch).where('id', '=', id).execute()
}

export async function listFeedback(
  db: DbOrTx,
  f: {
    status?: string | undefined
    lexiconId?: string | undefined
    after?: string | undefined
    limit: number
  },
): Promise<FeedbackRow[]> {
  let q = db.selectFrom('keywordFeedback').selectAll()
  if (f.status) q = q.where('status', '=', f.status)
  if (f.lexiconId) q = q.where('lexiconId', '=', f.lexiconId)
  if (f.after) q = q.where('id', '<', f.after)
  return q.orderBy('id', 'desc').limit(f.limit).execute()
}
