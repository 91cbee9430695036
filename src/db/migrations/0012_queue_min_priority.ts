import type { Kysely } from 'kysely'

// Queues with priority: a queue may carry a floor (urgent | high | normal | low) that every case entering it
// is raised to, e.g. the regulator-transfer queue at high. Null: the queue leaves priorities as they are.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('queue').addColumn('min_priority', 'text').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('queue').dropColumn('min_priority').execute()
}
