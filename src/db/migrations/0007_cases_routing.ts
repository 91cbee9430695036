import { sql, type Kysely } from 'kysely'

// Routing: rules that pick a queue at intake (by kind, channel, sector, category, subject, region), queue
// members, and each queue's assignment strategy (least loaded, or round robin from the last assignee).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('queue')
    .addColumn('assignment', 'text', (c) => c.notNull().defaultTo('least_loaded')) // least_loaded | round_robin
    .addColumn('last_assignee_id', 'uuid')
    .execute()
  await db.schema
    .createTable('queue_member')
    .addColumn('queue_id', 'uuid', (c) => c.notNull().references('queue.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addPrimaryKeyConstraint('queue_member_pkey', ['queue_id', 'user_id'])
    .execute()
  await db.schema
    .createTable('routing_rule')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull()) // first matching rule (lowest position) wins
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('match', 'jsonb', (c) => c.notNull())
    .addColumn('queue_id', 'uuid', (c) => c.notNull().references('queue.id'))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`create index routing_rule_position_idx on routing_rule (position) where active`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('routing_rule').execute()
  await db.schema.dropTable('queue_member').execute()
  await db.schema.alterTable('queue').dropColumn('assignment').dropColumn('last_assignee_id').execute()
}
