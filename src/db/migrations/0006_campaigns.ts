import { sql, type Kysely } from 'kysely'

// Campaigns (黑产投诉): organised-complaint groups found by the detector, their members, history, the
// burst alerts, and reviewers' feedback (confirmed / dismissed) that tunes the surfacing threshold.
// Identifiers stored here are masked (138****5678); raw PII stays encrypted on case_party.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull()) // open | confirmed | dismissed
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('signals', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('template_case_id', 'uuid')
    .addColumn('template_excerpt', 'text')
    .addColumn('shared_attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)) // masked values
    .addColumn('first_filed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_filed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('complainant_count', 'integer', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'timestamptz')
    .addColumn('review_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('campaign_status_idx').on('campaign').columns(['status', 'id']).execute()

  await db.schema
    .createTable('campaign_member')
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('case.id'))
    .addColumn('similarity', 'double precision') // to the template member; null without a text match
    .addColumn('reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`)) // "kind|masked value" keys it shares
    .addColumn('joined_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_member_pkey', ['campaign_id', 'case_id'])
    .execute()
  await sql`create unique index campaign_member_case_key on campaign_member (case_id)`.execute(db)

  await db.schema
    .createTable('campaign_history')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull()) // opened | member_added | member_removed | rescored | confirmed | dismissed | playbook_applied
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
  await db.schema.createIndex('campaign_history_campaign_idx').on('campaign_history').columns(['campaign_id', 'id']).execute()

  await db.schema
    .createTable('burst_alert')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull()) // subject:<name> | category:<name>
    .addColumn('window_day', 'text', (c) => c.notNull()) // the day, YYYY-MM-DD (Asia/Shanghai)
    .addColumn('expected', 'double precision', (c) => c.notNull())
    .addColumn('observed', 'integer', (c) => c.notNull())
    .addColumn('p_value', 'double precision', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | acknowledged
    .addColumn('acknowledged_by', 'text')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('burst_alert_key_window_key', ['key', 'window_day'])
    .execute()

  await db.schema
    .createTable('campaign_feedback')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('campaign_id', 'uuid', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('verdict', 'text', (c) => c.notNull()) // confirmed | dismissed
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull()) // the score when judged: what the threshold learns from
    .addColumn('signals', 'jsonb', (c) => c.notNull())
    .addColumn('member_count', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['campaign_feedback', 'burst_alert', 'campaign_history', 'campaign_member', 'campaign']) {
    await db.schema.dropTable(t).execute()
  }
}
