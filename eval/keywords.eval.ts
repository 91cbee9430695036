// npm run eval:keywords: recall per evasion kind and false positives of the default lexicon, on real reviews.
//
// Test set: clean reviews from ../shared/data/zh-ecommerce-reviews with no default-lexicon hit; into each we
// plant one default-lexicon term at a random character boundary, disguised by one evasion kind. A plant is
// found when the matcher reports that term over the planted span. Hard negatives plant near-misses that
// must not hit (a sentence break inside a two-character term, a character between a term's characters,
// DOMAIN.md's examples). Clean FP: share of reviews with any hit, per corpus and scope.
import { existsSync, readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'csv-parse/sync'
import { Converter } from 'opencc-js/cn2t'
import { pinyin } from 'pinyin-pro'
import { buildMatcher, defaultLexicon, type LexiconTerm, type Matcher } from '../src/modules/keywords/index.ts'

export const sharedData = join(import.meta.dirname, '..', '..', 'shared', 'data')

export interface Corpus {
  name: string
  docs: string[]
}

/** The three Chinese review corpora, or null when ../shared/data is absent. */
export function loadChineseReviews(): Corpus[] | null {
  const dir = join(sharedData, 'zh-ecommerce-reviews')
  if (!existsSync(dir)) return null
  const col = (rows: Record<string, string>[]): string[] => rows.map((r) => r.review ?? '').filter((t) => t.length > 0)
  return [
    { name: 'online_shopping_10_cats', docs: col(parse(gunzipSync(readFileSync(join(dir, 'online_shopping_10_cats.csv.gz'))), { columns: true }) as Record<string, string>[]) },
    { name: 'waimai_10k', docs: col(parse(readFileSync(join(dir, 'waimai_10k.csv')), { columns: true }) as Record<string, string>[]) },
    { name: 'ChnSentiCorp_htl_all', docs: col(parse(readFileSync(join(dir, 'ChnSentiCorp_htl_all.csv')), { columns: true }) as Record<string, string>[]) },
  ]
}

export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const toTraditional = Converter({ from: 'cn', to: 'tw' })

type Evasion = (term: LexiconTerm, pick: <T>(xs: readonly T[]) => T) => string | null

const chars = (s: string): string[] => [...s]
const joinWith = (t: string, sep: () => string): string => chars(t).reduce((acc, c, i) => (i === 0 ? c : acc + sep() + c), '')
const isAsciiish = (t: string): boolean => /[A-Za-z0-9]/.test(t)
const toFullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
const swapCase = (s: string): string => s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()))

const softSeps = ['*', '_', '·', '~', '-', '/', '|', '#', '★']
const zeroWidth = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']
const emoji = ['😀', '🔥', '👍', '❤️', '🈶', '✨', '👉🏻']

const evasions: Record<string, { applies: (t: LexiconTerm) => boolean; make: Evasion }> = {
  plain: { applies: () => true, make: (t) => t.term },
  separator: { applies: (t) => chars(t.term).length >= 2 && !isAsciiish(t.term), make: (t, pick) => joinWith(t.term, () => pick(softSeps)) },
  'repeated separators': { applies: (t) => chars(t.term).length >= 2 && !isAsciiish(t.term), make: (t, pick) => joinWith(t.term, () => pick(softSeps).repeat(pick([2, 3]))) },
  spaces: { applies: (t) => chars(t.term).length >= 2 && !isAsciiish(t.term), make: (t) => ` ${joinWith(t.term, () => ' ')} ` },
  'punctuation (3+ chars, every gap)': { applies: (t) => chars(t.term).length >= 3 && !isAsciiish(t.term), make: (t, pick) => joinWith(t.term, () => pick(['，', '。', '、', '！'])) },
  'zero-width': { applies: (t) => chars(t.term).length >= 2, make: (t, pick) => joinWith(t.term, () => pick(zeroWidth)) },
  emoji: { applies: (t) => chars(t.term).length >= 2 && !isAsciiish(t.term), make: (t, pick) => joinWith(t.term, () => pick(emoji)) },
  'full-width': { applies: (t) => isAsciiish(t.term), make: (t) => toFullWidth(t.term) },
  case: { applies: (t) => /[A-Za-z]/.test(t.term), make: (t) => swapCase(t.term) },
  traditional: { applies: (t) => toTraditional(t.term) !== t.term, make: (t) => toTraditional(t.term) },
  'traditional + separator': { applies: (t) => toTraditional(t.term) !== t.term && !isAsciiish(t.term), make: (t, pick) => joinWith(toTraditional(t.term), () => pick(softSeps)) },
  pinyin: { applies: (t) => t.options.pinyin === true, make: (t) => pinyin(t.term, { toneType: 'none', separator: '' }).toLowerCase() },
  'homophone / letter variant': { applies: (t) => (t.options.variants?.length ?? 0) > 0, make: (t, pick) => pick(t.options.variants ?? []) },
}

/** Near-misses that must not hit, each planted into a clean review. */
function hardNegatives(terms: LexiconTerm[], pick: <T>(xs: readonly T[]) => T): { kind: string; text: string; term?: string }[] {
  const out: { kind: string; text: string; term?: string }[] = []
  const cjk2 = terms.filter((t) => t.action !== 'allow' && chars(t.term).length === 2 && !isAsciiish(t.term))
  const cjkLong = terms.filter((t) => t.action !== 'allow' && chars(t.term).length >= 3 && !isAsciiish(t.term))
  for (const t of cjk2) {
    const [a, b] = chars(t.term) as [string, string]
    out.push({ kind: 'sentence break inside a 2-char term (X，Y)', text: `很好${a}，${b}也不错`, term: t.term })
    out.push({ kind: 'sentence break inside a 2-char term (X。Y)', text: `说明${a}。${b}位不够`, term: t.term })
    out.push({ kind: 'single space inside a 2-char term, mid-word', text: `质量${a} ${b}品不错`, term: t.term })
    out.push({ kind: 'a character between the characters', text: `${a}${pick(['卡', '了', '的', '过'])}${b}`, term: t.term })
  }
  for (const t of cjkLong) {
    const cs = chars(t.term)
    const k = 1 + Math.floor(cs.length / 2) - 1
    out.push({ kind: 'one comma inside a longer term', text: `${cs.slice(0, k + 1).join('')}，${cs.slice(k + 1).join('')}`, term: t.term })
  }
  for (const text of ['……印刷，单人间很干净', '刷卡签单很方便', 'we chatted for a while', '2011年买的', '时间是11:15', '比例1:1.5', '这是景房', '不但便宜还好用', '这家伙真能吃', '遇到大麻烦了', '手机跑分很高', '微信支付很方便', '床上四件套', '菠菜很新鲜', 'vxworks系统']) {
    out.push({ kind: 'DOMAIN.md examples', text })
  }
  return out
}

function plantAt(doc: string, r: () => number): number {
  // a character boundary, not inside a surrogate pair
  let i = Math.floor(r() * (doc.length + 1))
  const c = doc.charCodeAt(i)
  if (i > 0 && i < doc.length && c >= 0xdc00 && c <= 0xdfff) i--
  return i
}

export function runEval(corpora: Corpus[]): string {
  const lines: string[] = []
  const terms = defaultLexicon()
  const all = buildMatcher(terms)
  const r = rng(20240407)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

  // clean false positives
  lines.push('### False positives on clean reviews (documents with at least one hit)', '')
  lines.push('| corpus | docs | review scope | listing scope | all terms | all terms, exact mode |', '|---|---:|---:|---:|---:|---:|')
  const matchers: Record<string, Matcher> = {
    review: buildMatcher(terms, { scope: 'review' }),
    listing: buildMatcher(terms, { scope: 'listing' }),
    all,
    exact: buildMatcher(terms, { mode: 'exact' }),
  }
  const fp: Record<string, Record<string, number>> = {}
  for (const c of corpora) {
    const row: Record<string, number> = {}
    for (const [k, m] of Object.entries(matchers)) {
      let n = 0
      for (const d of c.docs) if (m.scan(d).length > 0) n++
      row[k] = n / c.docs.length
    }
    fp[c.name] = row
    const pct = (x: number | undefined): string => `${(100 * (x ?? 0)).toFixed(2)} %`
    lines.push(`| ${c.name} | ${c.docs.length} | ${pct(row.review)} | ${pct(row.listing)} | ${pct(row.all)} | ${pct(row.exact)} |`)
  }

  // evasion recall
  const clean = corpora.flatMap((c) => c.docs).filter((d) => d.length < 400 && all.scan(d).length === 0)
  const banned = terms.filter((t) => t.action !== 'allow')
  lines.push('', '### Recall per evasion kind (default lexicon planted into clean reviews)', '')
  lines.push('| evasion | planted | found | recall |', '|---|---:|---:|---:|')
  const perKind = 300
  const recall: Record<string, number> = {}
  for (const [kind, ev] of Object.entries(evasions)) {
    const eligible = banned.filter(ev.applies)
    if (eligible.length === 0) continue
    let found = 0
    const misses: string[] = []
    for (let k = 0; k < perKind; k++) {
      const t = pick(eligible)
      const disguised = ev.make(t, pick)
      if (disguised === null) continue
      const doc = pick(clean)
      const at = plantAt(doc, r)
      const text = doc.slice(0, at) + disguised + doc.slice(at)
      const hit = all.scan(text).some((h) => h.term === t.term && h.start < at + disguised.length && h.end > at)
      if (hit) found++
      else if (misses.length < 3) misses.push(JSON.stringify(disguised))
    }
    recall[kind] = found / perKind
    lines.push(`| ${kind} | ${perKind} | ${found} | ${((100 * found) / perKind).toFixed(1)} %${misses.length ? ` (missed e.g. ${misses.join(', ')})` : ''} |`)
  }

  // hard negatives
  lines.push('', '### Hard negatives (must not hit the planted near-miss)', '')
  lines.push('| kind | cases | false hits |', '|---|---:|---:|')
  const byKind = new Map<string, { n: number; bad: number; ex: string[] }>()
  for (const neg of hardNegatives(terms, pick)) {
    const doc = pick(clean)
    const at = plantAt(doc, r)
    const text = doc.slice(0, at) + neg.text + doc.slice(at)
    // a near-miss of one term counts against that term only (other terms may rightly hit, e.g. 仿品 in 高 仿品)
    const bad = all.scan(text).some((h) => (neg.term === undefined || h.term === neg.term) && h.start < at + neg.text.length && h.end > at)
    const e = byKind.get(neg.kind) ?? { n: 0, bad: 0, ex: [] }
    e.n++
    if (bad) {
      e.bad++
      if (e.ex.length < 3) e.ex.push(JSON.stringify(neg.text))
    }
    byKind.set(neg.kind, e)
  }
  for (const [kind, e] of byKind) lines.push(`| ${kind} | ${e.n} | ${e.bad}${e.ex.length ? ` (${e.ex.join(', ')})` : ''} |`)
  return lines.join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const corpora = loadChineseReviews()
  if (!corpora) {
    console.log(`eval:keywords skipped: ${sharedData} is absent (needs zh-ecommerce-reviews)`)
  } else {
    const t0 = performance.now()
    console.log(`## tianping keywords evaluation (default lexicon, ${defaultLexicon().length} terms)\n`)
    console.log(runEval(corpora))
    console.log(`\n_${((performance.now() - t0) / 1000).toFixed(1)} s, node ${process.version}_`)
  }
}
