// Import adapters: a record from a file (flat snake_case JSONL/CSV, or the CFPB export layout) to the shape
// of ComplaintCreate. Pure: no I/O; validation happens afterwards against the one zod schema.

/** Flat snake_case record, one line of JSONL or one CSV row with a header. */
export function fromFlat(r: Record<string, unknown>): Record<string, unknown> {
  const s = (k: string) => {
    const v = r[k]
    if (v === undefined || v === null || v === '') return undefined
    return typeof v === 'string' ? v.trim() : v
  }
  const num = (k: string) => {
    const v = s(k)
    if (v === undefined) return undefined
    const n = typeof v === 'number' ? v : Number(v)
    return Number.isFinite(n) ? n : v // a non-number is left for the schema to name
  }
  const complainant = s('complainant_name')
    ? [{ name: s('complainant_name'), phone: s('complainant_phone'), idNumber: s('complainant_id_number'), email: s('complainant_email'), address: s('complainant_address'), bankAccount: s('complainant_bank_account') }]
    : []
  const out: Record<string, unknown> = {
    kind: s('kind'), channel: s('channel'), source: s('source'), externalId: s('external_id'), text: s('text'), category: s('category'),
    productLine: s('product_line'), issueType: s('issue_type'), demandType: s('demand_type'), demandAmountFen: num('demand_amount_fen'),
    priority: s('priority'), region: s('region'), receivedAt: s('received_at'),
    tags: typeof s('tags') === 'string' ? String(s('tags')).split(/[;,]/).map((t) => t.trim()).filter(Boolean) : s('tags'),
    subject: { type: s('subject_type'), ref: s('subject_ref'), name: s('subject_name') },
    complainants: complainant.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined))),
  }
  if (s('regulator_reference') || s('regulator_due_at')) out.regulator = { reference: s('regulator_reference'), dueAt: s('regulator_due_at') }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined))
}

/** Renames columns by a mapping {target_field: "Source column"} before fromFlat. */
export function applyMapping(r: Record<string, unknown>, mapping: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r }
  for (const [target, column] of Object.entries(mapping)) out[target] = r[column]
  return out
}

const cfpbProducts: [RegExp, string][] = [
  [/credit card|prepaid card/i, 'credit_card'],
  [/credit reporting|credit repair/i, 'credit_reporting'],
  [/debt collection/i, 'debt_collection'],
  [/mortgage|loan|lease|payday|title loan/i, 'loan'],
  [/bank account|checking|savings/i, 'deposit'],
  [/money transfer|virtual currency|money service/i, 'payment'],
]

const slug = (x: string) => x.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 40)

/**
 * What the CFPB export says beyond the complaint, kept as tags: the company's response ("Closed with
 * monetary relief" → cfpb:closed_with_monetary_relief), an untimely response, a consumer dispute, and the
 * CFPB's own tags (Older American, Servicemember). The case itself starts as new: the export has no date of
 * the company's response, so none is invented.
 */
function cfpbTags(v: (k: string) => string | undefined): string[] | undefined {
  const tags = [
    v('Company response to consumer') && `cfpb:${slug(v('Company response to consumer')!)}`,
    v('Timely response?') === 'No' && 'cfpb:untimely',
    v('Consumer disputed?') === 'Yes' && 'cfpb:disputed',
    ...(v('Tags')?.split(',') ?? []).map((t) => t.trim() && `cfpb:${slug(t)}`),
  ].filter((t): t is string => Boolean(t))
  return tags.length ? tags : undefined
}

/**
 * The CFPB Consumer Complaint Database export, as published: whatever way the consumer used ("Submitted
 * via"), the company receives it from the CFPB (channel regulator, source cfpb), and the CFPB keeps the
 * consumer's identity, so there is no complainant party. A row without a narrative gets its issue as text.
 */
export function fromCfpb(r: Record<string, string | undefined>): Record<string, unknown> {
  const v = (k: string) => {
    const x = r[k]?.trim()
    return x ? x : undefined
  }
  const product = v('Product') ?? ''
  const productLine = cfpbProducts.find(([re]) => re.test(product))?.[1] ?? 'bank_card'
  const issue = [v('Issue'), v('Sub-issue')].filter(Boolean).join(': ')
  const date = v('Date received')
  const company = v('Company')
  return {
    kind: 'complaint',
    channel: 'regulator',
    source: 'cfpb',
    externalId: v('Complaint ID'),
    text: v('Consumer complaint narrative') ?? (issue || product || undefined),
    category: [product, v('Sub-product')].filter(Boolean).join(' / ') || undefined,
    productLine,
    issueType: issue ? issue.slice(0, 100) : undefined,
    region: [v('State'), v('ZIP code')].filter(Boolean).join(' ') || undefined,
    receivedAt: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date,
    subject: { type: 'institution', ref: company?.slice(0, 200), name: company?.slice(0, 200) },
    complainants: [],
    tags: cfpbTags(v),
  }
}
