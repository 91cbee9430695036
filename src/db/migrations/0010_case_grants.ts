import { sql, type Kysely } from 'kysely'

// Case grants (外部调阅授权): a regulator or police user may read an explicit list of cases, redacted, until the
// grant expires or is revoked. Grants are revoked, never deleted: the list of who could see what stays.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('case_grant')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('grantee_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('case_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull()) // e.g. 协查函 number and matter
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addCheckConstraint('case_grant_case_count', sql`cardinality(case_ids) between 1 and 500`)
    .execute()
  await db.schema.createIndex('case_grant_grantee_idx').on('case_grant').column('grantee_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_grant').execute()
}
