import { sql, type Kysely } from 'kysely'

// Cases: the five-dimension analysis (五维度) with its overall risk, free tags, and root-cause tags for
// rectification (溯源整改).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('case')
    .addColumn('analysis', 'jsonb')
    .addColumn('risk_level', 'text') // low | medium | high | critical, from the analysis
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('root_causes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute()
  await sql`create index case_tags_idx on "case" using gin (tags)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index case_tags_idx`.execute(db)
  await db.schema.alterTable('case').dropColumn('analysis').dropColumn('risk_level').dropColumn('tags').dropColumn('root_causes').execute()
}
