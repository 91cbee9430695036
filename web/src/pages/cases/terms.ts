// Labels for the codes a case carries (product line, issue type, demand type, category): the admin's taxonomy
// label in the console's language when the code is a term, else the built-in catalog entry, else the code.
import type { TaxonomyKind } from '../../../../src/contracts/taxonomy.schema.ts'
import { productLineIds } from '../../../../src/contracts/cases.schema.ts'
import { useI18n, type Locale } from '../../i18n/index.tsx'
import { useTaxonomy, type TaxonomyTermView } from './api.ts'

type Term = Pick<TaxonomyTermView, 'code' | 'parentCode' | 'labelZh' | 'labelEn'>

/**
 * The label of `code` among `terms` (inactive terms too: old cases keep their codes), or null when it is not a
 * term. A category shows its path of labels (信用卡/年费, Credit card/Annual fee), so a leaf keeps its context.
 */
export function termLabel(terms: readonly Term[] | undefined, code: string, locale: Locale): string | null {
  if (!terms) return null
  const byCode = new Map(terms.map((x) => [x.code, x]))
  const labelOf = (x: Term) => (locale === 'zh-CN' ? x.labelZh : x.labelEn)
  const term = byCode.get(code)
  if (!term) return null
  const path = [labelOf(term)]
  const seen = new Set([code])
  for (let p = term.parentCode; p !== null && !seen.has(p); ) {
    const parent = byCode.get(p)
    if (!parent) break
    seen.add(p)
    path.unshift(labelOf(parent))
    p = parent.parentCode
  }
  return path.join('/')
}

/**
 * `label(code)` for one kind: the taxonomy label, else `td(\`${catalogPrefix}.${code}\`)` when a built-in catalog
 * prefix is given (while the taxonomy loads or if it fails), else the raw code. Null or absent code: '—'.
 */
export function useTermLabel(kind: TaxonomyKind, catalogPrefix?: string) {
  const { locale, td } = useI18n()
  const terms = useTaxonomy(kind).data?.items
  return (code: string | null | undefined): string => {
    if (code === null || code === undefined || code === '') return '—'
    return termLabel(terms, code, locale) ?? (catalogPrefix ? td(`${catalogPrefix}.${code}`, code) : code)
  }
}

/**
 * Picker options for product lines: the active terms, each with its sector (the sector picks the clock the case
 * will run on); the built-in list while the taxonomy loads or if it fails.
 */
export function useProductLineOptions(): { value: string; label: string }[] {
  const { locale, td } = useI18n()
  const terms = useTaxonomy('product_line').data?.items
  if (!terms) return productLineIds.map((v) => ({ value: v, label: td(`case.productLine.${v}`, v) }))
  return terms.filter((x) => x.active).map((x) => ({
    value: x.code, label: `${locale === 'zh-CN' ? x.labelZh : x.labelEn}${x.sector ? ` · ${td(`case.sector.${x.sector}`, x.sector)}` : ''}`,
  }))
}

export interface CategoryNode { value: string; title: string; path: string; children: CategoryNode[] }

/**
 * Active categories as a tree for the intake's TreeSelect; `path` (labels joined by /) is what the field shows.
 * Deactivating a category hides its subtree from the picker (cases keep their codes either way).
 */
export function categoryTree(terms: readonly (Term & { active: boolean })[] | undefined, locale: Locale): CategoryNode[] {
  const all = terms ?? []
  const byCode = new Map(all.map((x) => [x.code, x]))
  const visible = new Map<string, boolean>()
  const isVisible = (x: Term & { active: boolean }, depth = 0): boolean => {
    const known = visible.get(x.code)
    if (known !== undefined) return known
    const parent = x.parentCode === null || x.parentCode === x.code ? undefined : byCode.get(x.parentCode)
    const v = x.active && (parent === undefined || (depth < 50 && isVisible(parent, depth + 1)))
    visible.set(x.code, v)
    return v
  }
  const shown = all.filter((x) => isVisible(x))
  const nodes = new Map(shown.map((x): [string, CategoryNode] => [
    x.code, { value: x.code, title: locale === 'zh-CN' ? x.labelZh : x.labelEn, path: termLabel(all, x.code, locale) ?? x.code, children: [] },
  ]))
  const roots: CategoryNode[] = []
  for (const x of shown) {
    const parent = x.parentCode === null ? undefined : nodes.get(x.parentCode)
    if (parent && parent.value !== x.code) parent.children.push(nodes.get(x.code)!)
    else roots.push(nodes.get(x.code)!)
  }
  return roots
}
