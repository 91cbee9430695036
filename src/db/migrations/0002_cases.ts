import { sql, type Kysely } from 'kysely'

// Cases (投诉/举报): queues, cases with their clock state, parties with encrypted PII and blind indexes,
// the timeline, declared interests for recusal (回避), evidence files and settlement offers.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queue')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('sla_preset', 'text') // null: chosen by kind and product line
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await sql`create sequence case_number_seq`.execute(db)
  await db.schema
    .createTable('case')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique()) // TP-2026-000123
    .addColumn('kind', 'text', (c) => c.notNull()) // complaint | report | appeal | regulator_transfer | public_opinion
    .addColumn('channel', 'text', (c) => c.notNull()) // web | api | email | hotline | app | regulator | agent
    .addColumn('source', 'text', (c) => c.notNull()) // who sent it (api key, 12315, web form); external ids are unique per source
    .addColumn('external_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('product_line', 'text')
    .addColumn('sector', 'text', (c) => c.notNull()) // bank | insurance | ecommerce: picks the playbook
    .addColumn('issue_type', 'text')
    .addColumn('demand_type', 'text')
    .addColumn('demand_amount_fen', 'bigint')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('priority_rank', 'integer', (c) => c.notNull()) // urgent 0 … low 3, for sorting
    .addColumn('queue_id', 'uuid', (c) => c.references('queue.id'))
    .addColumn('assignee_id', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_ref', 'text')
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('regulator_ref', 'text')
    .addColumn('regulator_due_at', 'timestamptz')
    .addColumn('anonymous', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('receipt_code_hash', 'text', (c) => c.unique())
    .addColumn('intake_ip_hash', 'text')
    .addColumn('sla_policy', 'jsonb', (c) => c.notNull())
    .addColumn('sla_pauses', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('sla_extensions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('sla_notified', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('sla_state', 'text', (c) => c.notNull())
    .addColumn('sla_due_at', 'timestamptz') // earliest open due instant; null when paused or all met
    .addColumn('first_response_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('outcome', 'text')
    .addColumn('escalation', 'jsonb')
    .addColumn('completed_steps', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('duplicate_of', 'uuid', (c) => c.references('case.id'))
    .addColumn('linked_case_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('campaign_id', 'uuid')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await sql`create unique index case_source_external_id_key on "case" (source, external_id) where external_id is not null`.execute(db)
  await db.schema.createIndex('case_status_idx').on('case').columns(['status', 'id']).execute()
  await db.schema.createIndex('case_assignee_idx').on('case').columns(['assignee_id', 'status']).execute()
  await db.schema.createIndex('case_received_idx').on('case').columns(['received_at', 'id']).execute()
  await db.schema.createIndex('case_due_idx').on('case').columns(['sla_due_at', 'id']).execute()
  await db.schema.createIndex('case_subject_idx').on('case').columns(['subject_ref', 'received_at']).execute()
  await db.schema.createIndex('case_intake_ip_idx').on('case').columns(['intake_ip_hash', 'created_at']).execute()

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.references('case.id')) // null until attached (a power of attorney before intake)
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull()) // relative to the data directory, by content hash
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('evidence_case_idx').on('evidence').column('case_id').execute()

  await db.schema
    .createTable('case_party')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('case.id'))
    .addColumn('role', 'text', (c) => c.notNull()) // complainant | agent | subject | reporter
    .addColumn('name_enc', 'text')
    .addColumn('name_bidx', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_bidx', 'text')
    .addColumn('id_number_enc', 'text')
    .addColumn('id_number_bidx', 'text')
    .addColumn('email_enc', 'text')
    .addColumn('email_bidx', 'text')
    .addColumn('address_enc', 'text')
    .addColumn('address_bidx', 'text')
    .addColumn('bank_account_enc', 'text')
    .addColumn('bank_account_bidx', 'text')
    .addColumn('agent_organization', 'text')
    .addColumn('power_of_attorney_evidence_id', 'uuid', (c) => c.references('evidence.id'))
    .addColumn('sealed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('case_party_case_idx').on('case_party').column('case_id').execute()
  await db.schema.createIndex('case_party_phone_idx').on('case_party').column('phone_bidx').execute()
  await db.schema.createIndex('case_party_id_number_idx').on('case_party').column('id_number_bidx').execute()

  await db.schema
    .createTable('case_event')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('case.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull()) // internal | external
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('case_event_case_idx').on('case_event').columns(['case_id', 'id']).execute()

  await db.schema
    .createTable('handler_interest')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('subject_ref', 'text')
    .addColumn('party_bidx', 'text') // blind index of a phone or id number the handler is related to
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('handler_interest_user_idx').on('handler_interest').column('user_id').execute()

  await db.schema
    .createTable('settlement_offer')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('case.id'))
    .addColumn('direction', 'text', (c) => c.notNull()) // offer (ours) | counter (the complainant's)
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | pending_approval | approved | accepted | rejected
    .addColumn('needs_approval', 'boolean', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('settlement_offer_case_idx').on('settlement_offer').column('case_id').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['settlement_offer', 'handler_interest', 'case_event', 'case_party', 'evidence', 'case', 'queue']) {
    await db.schema.dropTable(t).execute()
  }
  await sql`drop sequence case_number_seq`.execute(db)
}
