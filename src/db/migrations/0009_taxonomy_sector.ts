import { sql, type Kysely } from 'kysely'

// Product lines carry their sector (bank | insurance | ecommerce): the sector picks the statutory clock
// preset, the playbook and the routing, so an admin-added product line must say which one it belongs to.
// The column stays nullable because the other kinds have no sector; the service requires it for product
// lines. Product lines an admin added before this migration keep a null sector until an admin sets one.

// The built-in product lines and their sectors, as in src/contracts/cases.schema.ts when this was written
// (a migration never follows later edits of the contracts).
const builtInSectors: Record<string, 'bank' | 'insurance' | 'ecommerce'> = {
  bank_card: 'bank', credit_card: 'bank', loan: 'bank', wealth_management: 'bank', deposit: 'bank', payment: 'bank',
  credit_reporting: 'bank', debt_collection: 'bank',
  life_insurance: 'insurance', health_insurance: 'insurance', auto_insurance: 'insurance', property_insurance: 'insurance',
  goods: 'ecommerce', service: 'ecommerce', logistics: 'ecommerce', marketplace: 'ecommerce',
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('taxonomy_term').addColumn('sector', 'text').execute() // product lines: bank | insurance | ecommerce
  for (const sector of ['bank', 'insurance', 'ecommerce'] as const) {
    const codes = Object.entries(builtInSectors).filter(([, s]) => s === sector).map(([c]) => c)
    await sql`update taxonomy_term set sector = ${sector} where kind = 'product_line' and code in (${sql.join(codes)})`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('taxonomy_term').dropColumn('sector').execute()
}
