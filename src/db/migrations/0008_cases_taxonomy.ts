import { sql, type Kysely } from 'kysely'

// Taxonomy 分类体系: the category tree, product lines, issue types and demand types, editable by admins.
// Terms are deactivated, never deleted: cases keep the codes they were filed with.
type Seed = [kind: string, code: string, parentCode: string | null, labelZh: string, labelEn: string]

const productLines: [string, string, string][] = [
  ['bank_card', '银行卡', 'Bank card'], ['credit_card', '信用卡', 'Credit card'], ['loan', '贷款', 'Loan'],
  ['wealth_management', '理财', 'Wealth management'], ['deposit', '存款', 'Deposit'], ['payment', '支付结算', 'Payment'],
  ['credit_reporting', '征信', 'Credit reporting'], ['debt_collection', '催收', 'Debt collection'],
  ['life_insurance', '人身保险', 'Life insurance'], ['health_insurance', '健康保险', 'Health insurance'],
  ['auto_insurance', '车险', 'Auto insurance'], ['property_insurance', '财产保险', 'Property insurance'],
  ['goods', '商品', 'Goods'], ['service', '服务', 'Service'], ['logistics', '物流', 'Logistics'], ['marketplace', '平台交易', 'Marketplace'],
]
const demandTypes: [string, string, string][] = [
  ['refund', '退款', 'Refund'], ['compensation', '赔偿', 'Compensation'], ['full_surrender', '全额退保', 'Full surrender'],
  ['apology', '赔礼道歉', 'Apology'], ['fee_reversal', '退还费用', 'Fee reversal'], ['explanation', '解释说明', 'Explanation'], ['other', '其他', 'Other'],
]
const issueTypes: [string, string, string][] = [
  ['fees', '收费争议', 'Fees and charges'], ['mis_selling', '销售误导', 'Mis-selling'], ['claim_denial', '理赔争议', 'Claim dispute'],
  ['service_quality', '服务质量', 'Service quality'], ['delay', '办理时效', 'Delay'], ['counterfeit', '假冒伪劣', 'Counterfeit'],
  ['misdescription', '描述不符', 'Not as described'], ['other', '其他', 'Other'],
]
// The starter tree covers the categories the demo data and the routing examples use.
const categories: [string, string, string][] = [
  ['银行卡', '银行卡', 'Bank card'], ['银行卡/收费', '收费', 'Fees'], ['银行卡/冻结', '冻结', 'Frozen account'],
  ['信用卡', '信用卡', 'Credit card'], ['信用卡/年费', '年费', 'Annual fee'], ['信用卡/分期', '分期', 'Instalments'],
  ['理财', '理财', 'Wealth management'], ['理财/销售误导', '销售误导', 'Mis-selling'],
  ['贷款', '贷款', 'Loan'], ['贷款/提前还款', '提前还款', 'Early repayment'],
  ['寿险', '寿险', 'Life insurance'], ['寿险/退保', '退保', 'Surrender'],
  ['健康险', '健康险', 'Health insurance'], ['健康险/理赔', '理赔', 'Claims'],
  ['车险', '车险', 'Auto insurance'], ['车险/定损', '定损', 'Loss assessment'],
  ['财产险', '财产险', 'Property insurance'], ['财产险/理赔时效', '理赔时效', 'Claim delay'],
  ['电商', '电商', 'E-commerce'], ['电商/假冒商品', '假冒商品', 'Counterfeit goods'], ['电商/物流', '物流', 'Logistics'],
  ['电商/退货', '退货', 'Returns'], ['电商/描述不符', '描述不符', 'Not as described'],
  ['举报', '举报', 'Reports'], ['举报/假冒伪劣', '假冒伪劣', 'Counterfeit and shoddy goods'],
  ['申诉', '申诉', 'Appeals'], ['申诉/商品下架', '商品下架', 'Listing removal'],
  ['舆情', '舆情', 'Public opinion'], ['舆情/社交媒体', '社交媒体', 'Social media'],
]

export const taxonomySeed: Seed[] = [
  ...productLines.map(([c, zh, en]): Seed => ['product_line', c, null, zh, en]),
  ...demandTypes.map(([c, zh, en]): Seed => ['demand_type', c, null, zh, en]),
  ...issueTypes.map(([c, zh, en]): Seed => ['issue_type', c, null, zh, en]),
  ...categories.map(([c, zh, en]): Seed => ['category', c, c.includes('/') ? c.slice(0, c.lastIndexOf('/')) : null, zh, en]),
]

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('taxonomy_term')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull()) // category | product_line | issue_type | demand_type
    .addColumn('code', 'text', (c) => c.notNull()) // stable key; for categories the path, e.g. 银行卡/收费
    .addColumn('parent_code', 'text') // categories only: the parent's code
    .addColumn('label_zh', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('taxonomy_term_kind_code_key', ['kind', 'code'])
    .execute()
  const rows = taxonomySeed.map(([kind, code, parentCode, labelZh, labelEn], i) => ({
    kind, code, parent_code: parentCode, label_zh: labelZh, label_en: labelEn, position: i * 10,
  }))
  await (db as Kysely<{ taxonomy_term: (typeof rows)[number] }>).insertInto('taxonomy_term').values(rows).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('taxonomy_term').execute()
}
