// Taxonomy 分类体系: admins add, relabel, reorder, move and deactivate terms; nothing is deleted, so cases
// keep the codes they were filed with. Categories form a tree through parentCode.
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import type { DbOrTx } from '../../db/database.ts'
import { TaxonomyLimits, type TaxonomyKind, type TaxonomyTerm } from '../../contracts/taxonomy.schema.ts'
import { demandTypes, productLines, type sectors } from '../../contracts/cases.schema.ts'
import * as audit from '../audit/index.ts'
import * as repo from './taxonomy.repo.ts'

type Sector = (typeof sectors)[number]

function view(r: repo.TaxonomyTermRow, depth = 0): TaxonomyTerm {
  return {
    id: r.id, kind: r.kind as TaxonomyKind, code: r.code, parentCode: r.parentCode, labelZh: r.labelZh, labelEn: r.labelEn,
    sector: r.sector as Sector | null, active: r.active, position: r.position, depth, createdAt: r.createdAt, updatedAt: r.updatedAt,
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
  sector?: Sector | undefined
  position?: number | undefined
}

/** A product line needs its sector (it picks the clock preset, playbook and routing); other kinds have none. */
function checkSector(kind: TaxonomyKind, sector: Sector | undefined): void {
  if (kind === 'product_line' && sector === undefined) {
    throw new ValidationError('cases.taxonomy_sector_required', 'sector is required for a product line: bank, insurance or ecommerce', { field: 'sector' })
  }
  if (kind !== 'product_line' && sector !== undefined) {
    throw new ValidationError('cases.taxonomy_sector_not_allowed', `sector applies to product lines only, not to ${kind} terms`, { field: 'sector' })
  }
}

export async function createTaxonomyTerm(ctx: Ctx, input: TaxonomyCreateInput) {
  return withTx(ctx, async (tx) => {
    checkSector(input.kind, input.sector)
    if (await repo.termByCode(tx, input.kind, input.code)) {
      throw new ConflictError('cases.taxonomy_code_exists', `${input.kind} ${input.code} already exists`, { kind: input.kind, code: input.code })
    }
    const parentCode = input.parentCode ?? null
    if (parentCode !== null) await checkParent(tx, input.kind, parentCode, input.code)
    const now = ctx.clock.now()
    const position = input.position ?? ((await repo.termsOfKind(tx, input.kind)).reduce((m, r) => Math.max(m, r.position), 0) + 10)
    const row = await repo.insertTerm(tx, {
      kind: input.kind, code: input.code, parentCode, labelZh: input.labelZh, labelEn: input.labelEn, sector: input.sector ?? null, position,
      createdAt: now, updatedAt: now,
    })
    await audit.record(tx, ctx, 'taxonomy.created', { type: 'taxonomy_term', id: row.id }, {
      kind: row.kind, code: row.code, parentCode, labelZh: row.labelZh, labelEn: row.labelEn, sector: row.sector,
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
  sector?: Sector | undefined
}

export async function updateTaxonomyTerm(ctx: Ctx, id: string, patch: TaxonomyPatchInput) {
  return withTx(ctx, async (tx) => {
    const before = await repo.termById(tx, id)
    if (!before) throw new NotFoundError('cases.taxonomy_not_found', `taxonomy term ${id} does not exist`, { id })
    const kind = before.kind as TaxonomyKind
    if (patch.parentCode !== undefined && patch.parentCode !== null && patch.parentCode !== before.parentCode) {
      await checkParent(tx, kind, patch.parentCode, before.code)
    }
    // Cases store the sector they were filed under, so a product line's sector is fixed once set: changing it
    // would leave old and new cases of one product line under different clocks. Only a product line added
    // before sectors existed (sector null) may get one.
    if (patch.sector !== undefined && patch.sector !== before.sector) {
      checkSector(kind, patch.sector)
      if (before.sector !== null) {
        throw new ValidationError('cases.taxonomy_sector_immutable', `the sector of product line ${before.code} is ${before.sector} and cannot be changed; add a new product line instead`, {
          field: 'sector', sector: before.sector,
        })
      }
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {}
    for (const key of ['labelZh', 'labelEn', 'active', 'position', 'parentCode', 'sector'] as const) {
      if (patch[key] !== undefined && patch[key] !== before[key]) changes[key] = { from: before[key], to: patch[key] }
    }
    const set = Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to])) as TaxonomyPatchInput
    if (!Object.keys(changes).length) return view(before)
    const row = await repo.updateTerm(tx, id, { ...set, updatedAt: ctx.clock.now() })
    await audit.record(tx, ctx, 'taxonomy.updated', { type: 'taxonomy_term', id }, { kind, code: before.code, changes })
    return view(row)
  })
}

// What intake accepts (documented in docs/cases-api.md, "Taxonomy at intake"):
// - productLine: an active product line, built in or admin-added; its sector picks the clock, playbook and routing.
// - demandType: a built-in code (always, even if deactivated: existing data, imports and integrations rely on
//   them) or an active admin-added one.
// - issueType and category: free text (CFPB imports carry free-text issues); the taxonomy only suggests values
//   and labels the codes it knows, so nothing is checked here.
export type TaxonomyCodes = Partial<Record<'productLine' | 'demandType', string | undefined>>
const fieldKinds = { productLine: 'product_line', demandType: 'demand_type' } as const

/** The terms intake checks codes against, read once per request or import (never cached across requests). */
export interface TaxonomyLookup {
  /** Throws cases.unknown_taxonomy_code naming the field and code; returns the product line's sector (null without one). */
  check(codes: TaxonomyCodes): { sector: Sector | null }
}

/** One query for the kinds `codes` need (none when nothing needs checking); for imports, pass both kinds. */
export async function taxonomyLookup(db: DbOrTx, kinds: readonly ('product_line' | 'demand_type')[] = ['product_line', 'demand_type']): Promise<TaxonomyLookup> {
  const terms = new Map((await repo.termsOfKinds(db, kinds)).map((r) => [`${r.kind}\u0000${r.code}`, r]))
  const unknown = (field: keyof TaxonomyCodes, value: string, why = `is not an active ${fieldKinds[field].replace('_', ' ')}`) =>
    new ValidationError('cases.unknown_taxonomy_code', `${field} ${value} ${why}`, { field, value })
  return {
    check(codes) {
      const demand = codes.demandType
      if (demand !== undefined && !(demandTypes as readonly string[]).includes(demand) && !terms.get(`demand_type\u0000${demand}`)?.active) {
        throw unknown('demandType', demand)
      }
      const line = codes.productLine
      if (line === undefined) return { sector: null }
      const term = terms.get(`product_line\u0000${line}`)
      if (!term?.active) throw unknown('productLine', line)
      const sector = (term.sector ?? (productLines as Record<string, Sector | undefined>)[line]) as Sector | null | undefined
      if (!sector) throw unknown('productLine', line, 'has no sector yet; an admin must set one on the taxonomy page')
      return { sector }
    },
  }
}

/** Intake and edits: checks the codes given with one query at most; returns the product line's sector. */
export async function checkTaxonomyCodes(db: DbOrTx, codes: TaxonomyCodes): Promise<{ sector: Sector | null }> {
  const kinds = [
    ...(codes.productLine !== undefined ? (['product_line'] as const) : []),
    ...(codes.demandType !== undefined && !(demandTypes as readonly string[]).includes(codes.demandType) ? (['demand_type'] as const) : []),
  ]
  if (!kinds.length) return { sector: null }
  return (await taxonomyLookup(db, kinds)).check(codes)
}
