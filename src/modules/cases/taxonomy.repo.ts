// Taxonomy terms (分类体系).
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { TaxonomyTermTable } from '../../db/schema.ts'

export type TaxonomyTermRow = Selectable<TaxonomyTermTable>

export async function termsOfKind(db: DbOrTx, kind: string): Promise<TaxonomyTermRow[]> {
  return db.selectFrom('taxonomyTerm').selectAll().where('kind', '=', kind).orderBy('position').orderBy('code').execute()
}
/** All terms of several kinds in one query: the per-request lookup intake and import check codes against. */
export async function termsOfKinds(db: DbOrTx, kinds: readonly string[]): Promise<TaxonomyTermRow[]> {
  if (!kinds.length) return []
  return db.selectFrom('taxonomyTerm').selectAll().where('kind', 'in', kinds).execute()
}
export async function termById(db: DbOrTx, id: string): Promise<TaxonomyTermRow | undefined> {
  return db.selectFrom('taxonomyTerm').selectAll().where('id', '=', id).executeTakeFirst()
}
export async function termByCode(db: DbOrTx, kind: string, code: string): Promise<TaxonomyTermRow | undefined> {
  return db.selectFrom('taxonomyTerm').selectAll().where('kind', '=', kind).where('code', '=', code).executeTakeFirst()
}
export async function insertTerm(tx: DbOrTx, row: Insertable<TaxonomyTermTable>): Promise<TaxonomyTermRow> {
  return tx.insertInto('taxonomyTerm').values(row).returningAll().executeTakeFirstOrThrow()
}
export async function updateTerm(tx: DbOrTx, id: string, patch: Updateable<TaxonomyTermTable>): Promise<TaxonomyTermRow> {
  return tx.updateTable('taxonomyTerm').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow()
}
