import type { Kysely } from 'kysely'

// A held case (挂起) keeps its hold on the row: reason, since, the status it was held from and the expected
// end (until), so the inbox and case page can show it and a reminder can fire on the until-date. Until now
// the hold lived only in the timeline event.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case').addColumn('hold', 'jsonb').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('case').dropColumn('hold').execute()
}
