import { sql, type Kysely } from 'kysely'

// Keywords: versioned lexicons and their terms (allow-list entries too), per-term daily hit counts, and
// reviewer feedback that proposes allow-list entries. The default lexicon is registered by the keywords
// module (ensureDefaultLexicon), not here: a migration must not change when the lexicon text does.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lexicon')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('scope', 'text', (c) => c.notNull()) // listing | review | any
    .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false)) // scanned when no lexicon is named
    .addColumn('version', 'integer', (c) => c.notNull()) // bumped by every change to the lexicon or its terms
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`create unique index lexicon_one_default on lexicon (is_default) where is_default`.execute(db)

  await db.schema
    .createTable('lexicon_term')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('lexicon_id', 'uuid', (c) => c.notNull().references('lexicon.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull()) // as written; hits report it verbatim
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull()) // low | medium | high | critical
    .addColumn('action', 'text', (c) => c.notNull()) // block | review | flag (ignored for allow-list entries)
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`)) // core TermOptions, partial
    .addColumn('allow', 'boolean', (c) => c.notNull().defaultTo(false)) // allow-list entry: suppresses hits inside it
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('lexicon_term_unique', ['lexicon_id', 'term', 'allow'])
    .execute()

  await db.schema
    .createTable('keyword_hit_stat')
    .addColumn('term_id', 'uuid', (c) => c.notNull().references('lexicon_term.id').onDelete('cascade'))
    .addColumn('lexicon_id', 'uuid', (c) => c.notNull().references('lexicon.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull()) // Asia/Shanghai calendar day
    .addColumn('hits', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('keyword_hit_stat_pk', ['term_id', 'day'])
    .execute()
  await db.schema.createIndex('keyword_hit_stat_lexicon_day').on('keyword_hit_stat').columns(['lexicon_id', 'day']).execute()

  await db.schema
    .createTable('keyword_feedback')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('lexicon_id', 'uuid', (c) => c.notNull().references('lexicon.id').onDelete('cascade'))
    .addColumn('term_id', 'uuid', (c) => c.references('lexicon_term.id').onDelete('set null'))
    .addColumn('term', 'text', (c) => c.notNull()) // the term that hit, as written
    .addColumn('matched', 'text', (c) => c.notNull()) // the text it matched
    .addColumn('context', 'text', (c) => c.notNull()) // the matched text with some text around it
    .addColumn('proposed_term', 'text', (c) => c.notNull()) // the allow-list entry proposed
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | accepted | rejected
    .addColumn('note', 'text')
    .addColumn('allow_term_id', 'uuid', (c) => c.references('lexicon_term.id').onDelete('set null')) // set on accept
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .execute()
  await db.schema.createIndex('keyword_feedback_status').on('keyword_feedback').columns(['status', 'created_at']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['keyword_feedback', 'keyword_hit_stat', 'lexicon_term', 'lexicon']) {
    await db.schema.dropTable(t).execute()
  }
}
