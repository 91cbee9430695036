// Taxonomy 分类体系: category tree, product lines, issue types, demand types; admins edit, handlers read.
import { z } from 'zod'
import { endpoint, IdParams } from './endpoint.ts'
import { sectors } from './cases.schema.ts'

export const taxonomyKinds = ['category', 'product_line', 'issue_type', 'demand_type'] as const
export type TaxonomyKind = (typeof taxonomyKinds)[number]
export const TaxonomyLimits = { codeMax: 200, labelMax: 100, depthMax: 6 } as const

const label = z.string().trim().min(1).max(TaxonomyLimits.labelMax)

export const TaxonomyTerm = z.object({
  id: z.uuid(),
  kind: z.enum(taxonomyKinds),
  code: z.string(),
  parentCode: z.string().nullable(),
  labelZh: z.string(),
  labelEn: z.string(),
  sector: z.enum(sectors).nullable().describe('product lines: the sector that picks the clock preset, playbook and routing; null for other kinds'),
  active: z.boolean(),
  position: z.number(),
  depth: z.number().describe('0 for roots; categories are listed depth first under their parent'),
  createdAt: z.date(),
  updatedAt: z.date(),
})
export type TaxonomyTerm = z.output<typeof TaxonomyTerm>

export const TaxonomyQuery = z.object({ kind: z.enum(taxonomyKinds) })
export const TaxonomyCreate = z.strictObject({
  kind: z.enum(taxonomyKinds),
  code: z.string().trim().min(1).max(TaxonomyLimits.codeMax)
    .regex(/^[^\s/][^\n]*$/, 'no leading space or slash')
    .describe('stable key: snake_case for product lines and types; for a category its path, e.g. 银行卡/收费'),
  parentCode: z.string().trim().min(1).max(TaxonomyLimits.codeMax).nullable().optional().describe('categories only'),
  labelZh: label,
  labelEn: label,
  sector: z.enum(sectors).optional().describe('required for product lines (bank, insurance or ecommerce), refused for other kinds; fixed once set'),
  position: z.number().int().min(0).max(1_000_000).optional(),
})
export const TaxonomyPatch = z.strictObject({
  labelZh: label.optional(),
  labelEn: label.optional(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
  parentCode: z.string().trim().min(1).max(TaxonomyLimits.codeMax).nullable().optional().describe('categories only; null makes it a root'),
  sector: z.enum(sectors).optional().describe('product lines without a sector only (added before sectors existed); a sector once set never changes'),
})

export const listTaxonomy = endpoint({
  method: 'GET', path: '/api/v1/taxonomy', permission: 'cases:read', summary: 'Taxonomy terms of a kind, active and inactive (categories as a tree)', tags: ['cases'],
  query: TaxonomyQuery, response: z.object({ items: z.array(TaxonomyTerm) }),
})
export const createTaxonomyTerm = endpoint({
  method: 'POST', path: '/api/v1/taxonomy', permission: 'cases:configure', status: 201, summary: 'Add a taxonomy term', tags: ['cases'],
  body: TaxonomyCreate, response: TaxonomyTerm,
})
export const updateTaxonomyTerm = endpoint({
  method: 'PATCH', path: '/api/v1/taxonomy/:id', permission: 'cases:configure',
  summary: 'Relabel, reorder, move or (de)activate a taxonomy term (terms are never deleted)', tags: ['cases'],
  params: IdParams, body: TaxonomyPatch, response: TaxonomyTerm,
})
