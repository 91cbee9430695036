// Taxonomy 分类体系: admins add, relabel, reorder, move and deactivate terms; nothing is deleted, so cases
// keep the codes they were filed with. Categories form a tree through parentCode.
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import type { DbOrTx } from '../../db/database.ts'
import { TaxonomyLimits, type TaxonomyKind, type TaxonomyTerm } from '../../contracts/taxonomy.schema.ts'
import { demandTypes, productLineIds } from '../../contracts/cases.schema.ts'
import * as audit from '../audit/index.ts'
import * as repo from './taxonomy.repo.ts'

function view(r: repo.TaxonomyTermRow, depth = 0): TaxonomyTerm {
  return {
    id: r.id, kind: r.kind as TaxonomyKind, code: r.code, parentCode: r.parentCode, labelZh: r.labelZh, labelEn: r.labelEn,
    active: r.active, position: r.position, depth, createdAt: r.createdAt, updatedAt: r.updatedAt,
  }
}

/** Depth-first order: each term right after its parent, siblings by position. Orphans are listed as roots. */
function asTree(rows: repo.TaxonomyTermRow[]): TaxonomyTerm[] {
  const codes = new Set(rows.map((r) => r.code))
  const children = new Map<string | null, repo.TaxonomyTermRow[]>()
  for (const r of rows) {
    const parent = r.parentCode !== null && codes.has(r.parentCode) ? r.parentCode : null
    children.set(parent, [...(children.get(parent) ?? []), r])
  }
  const out: TaxonomyTerm[] = []
  const seen = new Set<string>()
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      if (seen.has(r.code)) continue
      seen.add(r.code)
      out.push(view(r, depth))
      walk(r.code, depth + 1)
    }
  }
  walk(null, 0)
  return out
}

export async function listTaxonomy(ctx: Ctx, kind: TaxonomyKind) {
  const rows = await repo.termsOfKind(dbOf(ctx), kind)
  return { items: kind === 'category' ? asTree(rows) : rows.map((r) => view(r)) }
}

/** Checks a new parent: it exists among the categories, and `code` is not the parent itself or one of its ancestors. */
async function checkParent(db: DbOrTx, kind: TaxonomyKind, parentCode: string, code: string): Promise<void> {
  if (kind !== 'category') {
    throw new ValidationError('cases.taxonomy_parent_not_category', `only categories have a parent; ${kind} terms are flat`, { field: 'parentCode' })
  }
  let at: string | null = parentCode
  for (let depth = 0; at !== null; depth++) {
    if (at === code) throw new ValidationError('cases.taxonomy_cycle', `category ${code} cannot be placed under ${parentCode}: that is itself or below it`, { field: 'parentCode', parentCode })
    const parent = await repo.termByCode(db, 'category', at)
    if (!parent) {
      throw new ValidationError('cases.taxonomy_parent_not_found', `parent category ${at} does not exist`, { field: 'parentCode', parentCode: at })
    }
    if (depth >= TaxonomyLimits.depthMax) {
      throw new ValidationError('cases.taxonomy_too_deep', `categories nest at most ${TaxonomyLimits.depthMax} levels`, { field: 'parentCode' })
    }
    at = parent.parentCode
  }
}

export interface TaxonomyCreateInput {
  kind: TaxonomyKind
  code: string
  parentCode?: string | null | undefined
  labelZh: string
  labelEn: string
  position?: number | undefined
}

export async function createTaxonomyTerm(ctx: Ctx, input: TaxonomyCreateInput) {
  return withTx(ctx, async (tx) => {
    if (await repo.termByCode(tx, input.kind, input.code)) {
      throw new ConflictError('cases.taxonomy_code_exists', `${input.kind} ${input.code} already exists`, { kind: input.kind, code: input.code })
    }
    const parentCode = input.parentCode ?? null
    if (parentCode !== null) await checkParent(tx, input.kind, parentCode, input.code)
    const now = ctx.clock.now()
    const position = input.position ?? ((await repo.termsOfKind(tx, input.kind)).reduce((m, r) => Math.max(m, r.position), 0) + 10)
    const row = await repo.insertTerm(tx, {
      kind: input.kind, code: input.code, parentCode, labelZh: input.labelZh, labelEn: input.labelEn, position, createdAt: now, updatedAt: now,
    })
    await audit.record(tx, ctx, 'taxonomy.created', { type: 'taxonomy_term', id: row.id }, {
      kind: row.kind, code: row.code, parentCode, labelZh: row.labelZh, labelEn: row.labelEn,
    })
    return view(row)
  })
}

export interface TaxonomyPatchInput {
  labelZh?: string | undefined
  labelEn?: string | undefined
  active?: boolean | undefined
  position?: number | undefined
  parentCode?: string | null | undefined
}

export async function updateTaxonomyTerm(ctx: Ctx, id: string, patch: TaxonomyPatchInput) {
  return withTx(ctx, async (tx) => {
    const before = await repo.termById(tx, id)
    if (!before) throw new NotFoundError('cases.taxonomy_not_found', `taxonomy term ${id} does not exist`, { id })
    const kind = before.kind as TaxonomyKind
    if (patch.parentCode !== undefined && patch.parentCode !== null && patch.parentCode !== before.parentCode) {
      await checkParent(tx, kind, patch.parentCode, before.code)
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {}
    for (const key of ['labelZh', 'labelEn', 'active', 'position', 'parentCode'] as const) {
      if (patch[key] !== undefined && patch[key] !== before[key]) changes[key] = { from: before[key], to: patch[key] }
    }
    const set = Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])) as TaxonomyPatchInput
    if (!Object.keys(changes).length) return view(before)
    const row = await repo.updateTerm(tx, id, { ...set, updatedAt: ctx.clock.now() })
    await audit.record(tx, ctx, 'taxonomy.updated', { type: 'taxonomy_term', id }, { kind, code: before.code, changes })
    return view(row)
  })
}

export type TaxonomyCodes = Partial<Record<'productLine' | 'issueType' | 'demandType', string | undefined>>
const fieldKinds = { productLine: 'product_line', issueType: 'issue_type', demandType: 'demand_type' } as const

// Built-in codes are always accepted (existing data, imports and integrations rely on them), even if an admin
// deactivated the term: deactivation hides it from the console's pickers.
const builtIn: Partial<Record<keyof TaxonomyCodes, readonly string[]>> = { demandType: demandTypes, productLine: productLineIds }

/** Intake: a code beyond the built-in ones must name an active term of its kind. */
export async function checkTaxonomyCodes(db: DbOrTx, codes: TaxonomyCodes): Promise<void> {
  for (const field of ['productLine', 'issueType', 'demandType'] as const) {
    const value = codes[field]
    if (value === undefined || builtIn[field]?.includes(value)) continue
    const term = await repo.termByCode(db, fieldKinds[field], value)
    if (!term?.active) {
      throw new ValidationError('cases.unknown_taxonomy_code', `${field} ${value} is not an active ${fieldKinds[field].replace('_', ' ')}`, { field, value })
    }
  }
}
