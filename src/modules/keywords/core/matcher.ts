// The keyword matcher: one Aho–Corasick pass over a whole lexicon, in exact or evasion mode.
//
// Exact mode: the automaton runs over the raw UTF-16 units; hits are every occurrence of every term,
// overlapping ones included, exactly as a textbook Aho–Corasick reports them.
//
// Evasion mode (the default): one fused loop folds each character (normalize.ts tables), skips
// separators without touching the automaton state, and steps the automaton over the content characters
// only. A ring buffer remembers the original span of the last few content characters, so a candidate hit
// maps back to original offsets. Each candidate is then validated against the gap rules below; only
// candidates (rare) pay for that.
//
// Gap rules (separators between a term's characters), per term option `separators`:
//   none   no separator allowed inside the term.
//   loose  any separators, at most maxGap visible ones per gap.
//   auto   (default) deliberate gaps only:
//     - every gap: at most maxGap (default 3) visible separators and 32 UTF-16 units in all (zero-width
//       characters count only toward the 32);
//     - zero-width characters, emoji and symbols that never end a sentence (* _ · ~ - / | # ★ ...) are
//       skipped anywhere, also inside two-character terms: 刷*单, 加‍微‍信;
//     - sentence punctuation and line breaks (，。！？；… , . ! ? ; \n) are skipped only in terms of three or
//       more characters, and only when every gap of the term is separated (代，开，发，票): a single comma
//       where a sentence ends is ordinary writing, so 印刷，单人间 is not 刷单;
//     - spaces and 、 : brackets quotes: skipped in terms of three or more characters; in a two-character
//       term only when the separation goes on outside the term (a separator or the text's edge right
//       before or right after it: "加 刷 单" but not "印刷 单人间");
//     - between two ASCII letters or digits of one word (wechat, 1688) spaces and punctuation count only
//       when every gap is separated and the term has three or more characters: "w e c h a t" is wechat,
//       "we chatted" is not;
//     - letters and digits are never separators: 刷卡签单 is not 刷单.
//   A separator written inside a term (1:1, credit card) is required at that place, as that character
//   (after folding: ：= :), so 1:1 does not match 11 or 2011年.
//   Word boundary (option wordBoundary, default on): a term that starts (ends) with an ASCII letter or digit
//   does not match right after (before) another letter or digit: vx is not found in "vxworks", 1:1 not in
//   "11:15" (nor, for a final digit, before a decimal point and digit: not in "1:1.2").
// Pinyin (option pinyin) adds the full pinyin spelling and, for terms of up to four characters, every mix
// of pinyin and characters (weixin, wei信, 微xin); syllables may be separated like characters. Variants
// (option variants) are matched as the term itself (威信, V信, vx -> 微信). Both are opt-in per term: about
// 1.2 % of benign reviews contain a same-pinyin word of some governance term (家伙/假货, 不但/补单).
//
// Allow-list terms (action "allow") suppress the hits of other terms that lie inside one of their hits.
import { pinyin } from 'pinyin-pro'
import { buildAutomaton, findAll, countAll, MatchBuffer, type Automaton } from './automaton.ts'
import { CharClass, VariantBit, foldSlow, foldTables, normalize, type FoldTables } from './normalize.ts'
import { defaultTermOptions, type LexiconTerm, type Severity, type TermAction, type TermOptions } from './lexicon.ts'

export const matchModes = ['evasion', 'exact'] as const
export type MatchMode = (typeof matchModes)[number]

/** What a hit saw through, in this order. */
export const variantKinds = ['width', 'case', 'traditional', 'compat', 'separator', 'zero-width', 'emoji', 'pinyin', 'homophone', 'letter'] as const
export type VariantKind = (typeof variantKinds)[number]

const bitOf: Record<VariantKind, number> = {
  width: 1,
  case: 2,
  traditional: 4,
  compat: 8,
  separator: 16,
  'zero-width': 32,
  emoji: 64,
  pinyin: 128,
  homophone: 256,
  letter: 512,
}

export interface Hit {
  /** the term exactly as written in the lexicon */
  term: string
  category: string
  severity: Severity
  action: TermAction
  /** UTF-16 offsets into the original text: text.slice(start, end) === matched */
  start: number
  end: number
  matched: string
  /** evasions seen through (empty for a verbatim hit) */
  variant: VariantKind[]
  /** index of the term in the lexicon given to buildMatcher */
  termIndex: number
}

export interface MatcherOptions {
  mode?: MatchMode
  /** keep only terms of this scope (and scope "all"); unset keeps every term */
  scope?: 'listing' | 'review'
  /** per-lexicon defaults for term options */
  defaults?: Partial<TermOptions>
}

/** Raw hits of one scan: parallel typed arrays, no objects. */
export class RawHits {
  pattern = new Int32Array(64)
  start = new Int32Array(64)
  end = new Int32Array(64)
  bits = new Int32Array(64)
  count = 0
  reset(): void {
    this.count = 0
  }
  push(pattern: number, start: number, end: number, bits: number): void {
    if (this.count === this.pattern.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2)
        b.set(a)
        return b
      }
      this.pattern = grow(this.pattern)
      this.start = grow(this.start)
      this.end = grow(this.end)
      this.bits = grow(this.bits)
    }
    const k = this.count++
    this.pattern[k] = pattern
    this.start[k] = start
    this.end[k] = end
    this.bits[k] = bits
  }
}

// Kinds of boundary between two units of a pattern.
const gapNormal = 0
const gapInWord = 1 // two ASCII letters/digits of one word
const gapSame = 2 // two units of one original character (surrogate pair, ㎏ -> kg)
const gapRequired = 3 // the term itself has a separator here

const policyAuto = 0
const policyNone = 1
const policyLoose = 2

/** Hard cap on one gap, in UTF-16 units, whatever the options: keeps hits and stream tails bounded. */
export const maxGapUnits = 32


export interface Matcher {
  readonly mode: MatchMode
  readonly terms: readonly LexiconTerm[]
  readonly automaton: Automaton
  /** longest original span (UTF-16 units) one hit can cover */
  readonly maxSpan: number
  /** all hits, allow-list applied, sorted by start, end, term index */
  scan(text: string): Hit[]
  /** raw hits of text[from, to) (no allow-list, no objects); offsets are into text */
  scanRaw(text: string, out: RawHits, from?: number, to?: number): number
  /** number of raw hits (for benchmarks) */
  count(text: string): number
  /** turns raw hits into Hit objects, applying the allow-list; `offset` is added to every offset */
  materialize(text: string, raw: RawHits, offset?: number, textOffset?: number): Hit[]
}

function isAsciiAlnum(k: number): boolean {
  return k === CharClass.alpha || k === CharClass.digit
}

/** A normalized pattern: content units, and for every boundary its kind and required separator. */
interface TextPattern {
  units: string
  gaps: number[]
  required?: (string | undefined)[]
  origChars?: string[]
  origVariant?: number[]
}

function patternFromText(text: string): TextPattern | null {
  const n = normalize(text, { keepSeparators: true })
  let units = ''
  const gaps: number[] = []
  const required: (string | undefined)[] = []
  const cls: number[] = []
  const origChars: string[] = []
  const origVariant: number[] = []
  const tables = foldTables()
  let pendingSep: string | undefined
  let lastEnd = -1
  let lastStart = -1
  for (let j = 0; j < n.text.length; j++) {
    const k = n.cls[j] as number
    if (k >= CharClass.zeroWidth) {
      if (units.length > 0 && pendingSep === undefined && k !== CharClass.zeroWidth) pendingSep = n.text[j]
      continue
    }
    if (units.length > 0) {
      const prevCls = cls[cls.length - 1] as number
      if (pendingSep !== undefined) {
        gaps.push(gapRequired)
        required.push(pendingSep)
      } else if ((n.start[j] as number) === lastStart && (n.end[j] as number) === lastEnd) {
        gaps.push(gapSame)
        required.push(undefined)
      } else if (isAsciiAlnum(prevCls) && isAsciiAlnum(k)) {
        gaps.push(gapInWord)
        required.push(undefined)
      } else {
        gaps.push(gapNormal)
        required.push(undefined)
      }
    }
    pendingSep = undefined
    units += n.text[j]
    cls.push(k)
    const oc = text.slice(n.start[j], n.end[j])
    origChars.push(oc)
    origVariant.push(oc.length === 1 ? (tables.variant[oc.charCodeAt(0)] as number) : foldSlow(oc.codePointAt(0) ?? 0).variant)
    lastStart = n.start[j] as number
    lastEnd = n.end[j] as number
  }
  return units.length === 0 ? null : { units, gaps, required, origChars, origVariant }
}

function unitClass(u: string): number {
  const c = u.charCodeAt(0)
  if (c >= 0x61 && c <= 0x7a) return CharClass.alpha
  if (c >= 0x30 && c <= 0x39) return CharClass.digit
  return CharClass.content
}

/** Pinyin spellings of a term: full pinyin, and for short terms every mix with characters. */
function pinyinPatterns(text: string): { units: string; gaps: number[] }[] {
  const chars = [...normalize(text).text]
  if (chars.length === 0 || chars.length > 12) return []
  const syllables = pinyin(chars.join(''), { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase())
  if (syllables.length !== chars.length) return []
  const isHan = chars.map((c, k) => /\p{Script=Han}/u.test(c) && /^[a-z]+$/.test(syllables[k] ?? ''))
  if (!isHan.some(Boolean)) return []
  const out: { units: string; gaps: number[] }[] = []
  const hanIdx = isHan.flatMap((h, k) => (h ? [k] : []))
  const masks: number[] = []
  const full = (1 << hanIdx.length) - 1
  if (chars.length <= 4) for (let m = 1; m <= full; m++) masks.push(m)
  else masks.push(full)
  for (const m of masks) {
    const pieces: string[] = []
    const pinyinAt = new Set<number>()
    hanIdx.forEach((k, b) => {
      if (m & (1 << b)) pinyinAt.add(k)
    })
    for (let k = 0; k < chars.length; k++) pieces.push(pinyinAt.has(k) ? (syllables[k] as string) : (chars[k] as string))
    let units = ''
    const gaps: number[] = []
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k] as string
      for (let j = 0; j < p.length; j++) {
        if (units.length > 0) {
          const prev = units.charCodeAt(units.length - 1)
          const cur = p.charCodeAt(j)
          const inWord = j > 0 && isAsciiAlnum(unitClass(String.fromCharCode(prev))) && isAsciiAlnum(unitClass(String.fromCharCode(cur)))
          const sameChar = j > 0 && !pinyinAt.has(k)
          gaps.push(sameChar ? gapSame : inWord ? gapInWord : gapNormal)
        }
        units += p[j]
      }
    }
    out.push({ units, gaps })
  }
  return out
}

/** Builds a matcher over a lexicon. Terms whose text has no content (only separators) are skipped. */
export function buildMatcher(terms: readonly LexiconTerm[], options: MatcherOptions = {}): Matcher {
  const mode = options.mode ?? 'evasion'
  const scope = options.scope
  const active: number[] = []
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as LexiconTerm
    const s = t.options.scope ?? options.defaults?.scope ?? defaultTermOptions.scope
    if (scope === undefined || s === 'all' || s === scope) active.push(i)
  }
  if (mode === 'exact') return buildExact(terms, active)
  return buildEvasion(terms, active, options.defaults ?? {})
}

function sortHits(hits: Hit[]): Hit[] {
  return hits.sort((a, b) => a.start - b.start || a.end - b.end || a.termIndex - b.termIndex)
}

function bitsToKinds(bits: number): VariantKind[] {
  if (bits === 0) return []
  const kinds: VariantKind[] = []
  for (const k of variantKinds) if (bits & bitOf[k]) kinds.push(k)
  return kinds
}

function materializeWith(
  terms: readonly LexiconTerm[],
  termOf: (pattern: number) => number,
  allowOf: (pattern: number) => boolean,
  text: string,
  raw: RawHits,
  offset: number,
  textOffset: number,
): Hit[] {
  let allowSpans: number[] | undefined
  for (let k = 0; k < raw.count; k++) {
    if (allowOf(raw.pattern[k] as number)) (allowSpans ??= []).push(raw.start[k] as number, raw.end[k] as number)
  }
  const seen = new Set<string>()
  const hits: Hit[] = []
  for (let k = 0; k < raw.count; k++) {
    const p = raw.pattern[k] as number
    if (allowOf(p)) continue
    const s = raw.start[k] as number
    const e = raw.end[k] as number
    if (allowSpans) {
      let suppressed = false
      for (let a = 0; a < allowSpans.length; a += 2) {
        if ((allowSpans[a] as number) <= s && (allowSpans[a + 1] as number) >= e) {
          suppressed = true
          break
        }
      }
      if (suppressed) continue
    }
    const ti = termOf(p)
    const key = `${ti}:${s}:${e}`
    if (seen.has(key)) continue
    seen.add(key)
    const t = terms[ti] as LexiconTerm
    hits.push({
      term: t.term,
      category: t.category,
      severity: t.severity,
      action: t.action,
      start: s + offset,
      end: e + offset,
      matched: text.slice(s - textOffset, e - textOffset),
      variant: bitsToKinds(raw.bits[k] as number),
      termIndex: ti,
    })
  }
  return sortHits(hits)
}

// ---------------------------------------------------------------------------------------------- exact

function buildExact(terms: readonly LexiconTerm[], active: number[]): Matcher {
  const patterns = active.map((i) => (terms[i] as LexiconTerm).term)
  const automaton = buildAutomaton(patterns)
  const allow = active.map((i) => (terms[i] as LexiconTerm).action === 'allow')
  const buf = new MatchBuffer()
  const { duplicateNext, patternLength } = automaton
  const scanRaw = (text: string, out: RawHits, from = 0, to = text.length): number => {
    buf.reset()
    findAll(automaton, text, buf, from, to)
    const before = out.count
    for (let k = 0; k < buf.count; k++) {
      const end = buf.end[k] as number
      for (let p = buf.pattern[k] as number; p !== -1; p = duplicateNext[p] as number) {
        out.push(p, end - (patternLength[p] as number), end, 0)
      }
    }
    return out.count - before
  }
  const raw = new RawHits()
  const materialize = (text: string, r: RawHits, offset = 0, textOffset = 0): Hit[] =>
    materializeWith(terms, (p) => active[p] as number, (p) => allow[p] as boolean, text, r, offset, textOffset)
  return {
    mode: 'exact',
    terms,
    automaton,
    maxSpan: Math.max(1, automaton.maxPatternLength),
    scanRaw,
    count(text: string): number {
      let n = countAll(automaton, text)
      // input duplicates are counted once by countAll; add the others
      if (hasDuplicates(automaton)) {
        raw.reset()
        n = scanRaw(text, raw)
      }
      return n
    },
    scan(text: string): Hit[] {
      raw.reset()
      scanRaw(text, raw)
      return materialize(text, raw)
    },
    materialize,
  }
}

function hasDuplicates(a: Automaton): boolean {
  for (let i = 0; i < a.duplicateNext.length; i++) if ((a.duplicateNext[i] as number) !== -1) return true
  return false
}

// -------------------------------------------------------------------------------------------- evasion

function buildEvasion(terms: readonly LexiconTerm[], active: number[], defaults: Partial<TermOptions>): Matcher {
  const tables = foldTables()
  const patterns: string[] = []
  // Pattern metadata in flat arrays (tens of thousands of patterns: objects would cost ~1 KB each).
  const pTerm: number[] = []
  const pKind: number[] = []
  const pChars: number[] = []
  const pFirstCls: number[] = []
  const pLastCls: number[] = []
  const pPolicy: number[] = []
  const pMaxGap: number[] = []
  const pFlags: number[] = [] // 1 wordBoundary, 2 allow
  const pUnitStart: number[] = [0]
  const uGap: number[] = [] // per unit: kind of the boundary after it
  const uOrig: number[] = [] // per unit: the term's original code point, -1 when none (pinyin)
  const uOrigVar: number[] = []
  const requiredAt = new Map<number, string>() // unit index -> separator required after it
  const addPattern = (termIndex: number, kindBits: number, p: TextPattern, o: TermOptions, allow: boolean): void => {
    const base0 = uGap.length
    patterns.push(p.units)
    pTerm.push(termIndex)
    pKind.push(kindBits)
    pChars.push(p.units.length - p.gaps.filter((g) => g === gapSame).length)
    pFirstCls.push(unitClass(p.units[0] as string))
    pLastCls.push(unitClass(p.units[p.units.length - 1] as string))
    pPolicy.push(o.separators === 'none' ? policyNone : o.separators === 'loose' ? policyLoose : policyAuto)
    pMaxGap.push(o.maxGap)
    pFlags.push((o.wordBoundary ? 1 : 0) | (allow ? 2 : 0))
    for (let k = 0; k < p.units.length; k++) {
      uGap.push(p.gaps[k] ?? 0)
      const req = p.required?.[k]
      if (req !== undefined) requiredAt.set(base0 + k, req)
      const oc = p.origChars?.[k]
      uOrig.push(oc === undefined ? -1 : (oc.codePointAt(0) ?? -1))
      uOrigVar.push(p.origVariant?.[k] ?? 0)
    }
    pUnitStart.push(uGap.length)
  }
  for (const ti of active) {
    const t = terms[ti] as LexiconTerm
    const o: TermOptions = { ...defaultTermOptions, ...defaults, ...t.options }
    const allow = t.action === 'allow'
    const main = patternFromText(t.term)
    if (!main) continue
    addPattern(ti, 0, main, o, allow)
    for (const v of o.variants) {
      const vp = patternFromText(v)
      if (!vp) continue
      addPattern(ti, /[a-z]/.test(vp.units) ? bitOf.letter : bitOf.homophone, vp, o, allow)
    }
    if (o.pinyin) for (const pp of pinyinPatterns(t.term)) addPattern(ti, bitOf.pinyin, pp, o, allow)
  }
  const specTerm = Int32Array.from(pTerm)
  const specKind = Int32Array.from(pKind)
  const specChars = Int32Array.from(pChars)
  const specFirstCls = Uint8Array.from(pFirstCls)
  const specLastCls = Uint8Array.from(pLastCls)
  const specPolicy = Uint8Array.from(pPolicy)
  const specMaxGap = Uint8Array.from(pMaxGap)
  const specFlags = Uint8Array.from(pFlags)
  const unitStart = Int32Array.from(pUnitStart)
  const unitGap = Uint8Array.from(uGap)
  const unitOrig = Int32Array.from(uOrig)
  const unitOrigVar = Uint8Array.from(uOrigVar)
  // the builders live in this closure's context: empty them so they do not stay alive with the matcher
  for (const a of [pTerm, pKind, pChars, pFirstCls, pLastCls, pPolicy, pMaxGap, pFlags, pUnitStart, uGap, uOrig, uOrigVar]) a.length = 0
  const automaton = buildAutomaton(patterns)
  const L = Math.max(1, automaton.maxPatternLength)
  let ringSize = 1
  while (ringSize < L + 1) ringSize *= 2
  const ringStart = new Int32Array(ringSize)
  const ringEnd = new Int32Array(ringSize)
  const mask = ringSize - 1
  const maxSpan = 2 * L + (L - 1) * maxGapUnits

  const scanRaw = (text: string, out: RawHits, from = 0, to = text.length): number => {
    const before = out.count
    scanEvasion(text, from, to, out)
    return out.count - before
  }

  const { fold, cls } = tables
  const { alpha, base, check, fail, out: outLink, next, patternOf, patternLength, duplicateNext, delta, width } = automaton
  // One lookup per code unit instead of three (class, fold, alphabet): >= 0 is the automaton's symbol
  // (0: not in any term), SKIP a separator, SLOW a surrogate or multi-unit fold.
  const SKIP = -1
  const SLOW = -2
  const symbolOf = new Int32Array(0x10000)
  for (let cu = 0; cu < 0x10000; cu++) {
    const k = cls[cu] as number
    symbolOf[cu] = k >= CharClass.zeroWidth ? SKIP : k === CharClass.slow ? SLOW : (alpha[fold[cu] as number] as number)
  }

  function scanEvasion(text: string, from: number, to: number, sink: RawHits): void {
    let s = 0
    let pos = 0
    for (let i = from; i < to; i++) {
      const cu = text.charCodeAt(i)
      const c = symbolOf[cu] as number
      if (c === SKIP) continue
      if (c !== SLOW) {
        if (c === 0) {
          s = 0
          continue
        }
        ringStart[pos & mask] = i
        ringEnd[pos & mask] = i + 1
        pos++
        if (delta !== null) s = delta[s * width + c] as number
        else
          for (;;) {
            const t = (base[s] as number) + c
            if (check[t] === s) {
              s = t
              break
            }
            if (s === 0) break
            s = fail[s] as number
          }
        if (outLink[s] !== 0) candidates(text, from, to, s, pos, sink)
        continue
      }
      // slow path: surrogate pairs and multi-unit folds
      const cp = text.codePointAt(i) ?? cu
      const len = cp > 0xffff && i + 1 < to ? 2 : 1
      const f = foldSlow(len === 2 ? cp : cu)
      if (f.separator < 0) {
        for (let j = 0; j < f.units.length; j++) {
          const c = alpha[f.units.charCodeAt(j)] as number
          if (c === 0) {
            s = 0
            continue
          }
          ringStart[pos & mask] = i
          ringEnd[pos & mask] = i + len
          pos++
          for (;;) {
            const t = (base[s] as number) + c
            if (check[t] === s) {
              s = t
              break
            }
            if (s === 0) break
            s = fail[s] as number
          }
          if (outLink[s] !== 0) candidates(text, from, to, s, pos, sink)
        }
      }
      i += len - 1
    }
  }

  function candidates(text: string, from: number, to: number, s: number, pos: number, sink: RawHits): void {
    for (let o = outLink[s] as number; o !== 0; o = next[o] as number) {
      for (let p = patternOf[o] as number; p !== -1; p = duplicateNext[p] as number) {
        const len = patternLength[p] as number
        // The word-boundary test inline (accept repeats it exactly): in English most candidates fail it
        // ("ass" in "class"), and skipping the call for them is most of evasion mode's speed on English.
        if ((specFlags[p] as number) & 1) {
          const firstCls = specFirstCls[p] as number
          const start = ringStart[(pos - len) & mask] as number
          if (start > from && isAsciiAlnum(firstCls) && cls[text.charCodeAt(start - 1)] === firstCls) continue
          const lastCls = specLastCls[p] as number
          const end = ringEnd[(pos - 1) & mask] as number
          if (end < to && isAsciiAlnum(lastCls) && cls[text.charCodeAt(end)] === lastCls) continue
        }
        const bits = accept(p, text, from, to, pos - len, len)
        if (bits >= 0) sink.push(p, ringStart[(pos - len) & mask] as number, ringEnd[(pos - 1) & mask] as number, bits | (specKind[p] as number))
      }
    }
  }

  // Scratch for charInfo: class, length and variant bits of the original character at an offset.
  let infoLen = 1
  let infoVariant = 0
  function charInfo(text: string, i: number): number {
    const cu = text.charCodeAt(i)
    const k = cls[cu] as number
    if (k !== CharClass.slow) {
      infoLen = 1
      infoVariant = tables.variant[cu] as number
      return k
    }
    const cp = text.codePointAt(i) ?? cu
    infoLen = cp > 0xffff ? 2 : 1
    const f = foldSlow(cp)
    infoVariant = f.variant
    if (f.separator >= 0) return f.separator
    return f.units.length === 1 ? unitClass(f.units) : CharClass.content
  }

  /** Variant bits of an accepted candidate, or -1 to reject it. */
  function accept(p: number, text: string, from: number, to: number, first: number, len: number): number {
    const u0 = unitStart[p] as number
    const policy = specPolicy[p] as number
    const chars = specChars[p] as number
    const start = ringStart[first & mask] as number
    const end = ringEnd[(first + len - 1) & mask] as number
    let bits = 0
    let gapsSeen = 0
    let charGaps = 0
    let emptyCharGaps = 0
    let hard = false
    let spaceMid = false
    let inWordSpace = false
    // Word boundaries first: the cheapest test, and most candidates in English text fail it ("ass" in
    // "class"), so the gap walk below runs only for the few that pass.
    if ((specFlags[p] as number) & 1) {
      const firstCls = specFirstCls[p] as number
      const lastCls = specLastCls[p] as number
      if (isAsciiAlnum(firstCls) && start > from && charInfo(text, prevIndex(text, start)) === firstCls) return -1
      if (isAsciiAlnum(lastCls) && end < to && charInfo(text, end) === lastCls) return -1
      // a number ending the term must not go on as a decimal: 1:1 is not in 1:1.2
      if (lastCls === CharClass.digit && end + 1 < to && text.charCodeAt(end) === 0x2e && charInfo(text, end + 1) === CharClass.digit) return -1
    }
    for (let k = 0; k < len - 1; k++) {
      const a = ringEnd[(first + k) & mask] as number
      const b = ringStart[(first + k + 1) & mask] as number
      const kind = unitGap[u0 + k] as number
      if (kind === gapSame) continue
      if (kind !== gapRequired) charGaps++
      if (b <= a) {
        if (b < a) continue // two units of one original character
        if (kind === gapRequired) return -1
        emptyCharGaps++
        continue
      }
      if (policy === policyNone || b - a > maxGapUnits) return -1
      let visible = 0
      let hasRequired = false
      const req = kind === gapRequired ? requiredAt.get(u0 + k) : undefined
      let localSpaceMid = false
      let localHard = false
      for (let j = a; j < b; ) {
        const c = charInfo(text, j)
        if (c === CharClass.zeroWidth) bits |= bitOf['zero-width']
        else {
          visible++
          if (kind === gapRequired) {
            if (infoVariant & VariantBit.width) bits |= bitOf.width
          } else if (infoVariant & VariantBit.emoji) bits |= bitOf.emoji
          else bits |= bitOf.separator
          if (c === CharClass.hard) localHard = true
          else if (c === CharClass.space || c === CharClass.mid) localSpaceMid = true
          if (req !== undefined && !hasRequired) {
            const f = infoLen === 1 ? String.fromCharCode(fold[text.charCodeAt(j)] as number) : ''
            if (f === req) hasRequired = true
          }
        }
        j += infoLen
      }
      if (visible > (specMaxGap[p] as number)) return -1
      if (kind === gapRequired) {
        if (!hasRequired) return -1
        continue
      }
      gapsSeen++
      if (localHard) hard = true
      if (localSpaceMid) spaceMid = true
      if (kind === gapInWord && (localHard || localSpaceMid)) inWordSpace = true
    }
    if (gapsSeen > 0 && policy === policyAuto) {
      const uniform = emptyCharGaps === 0 && charGaps > 0
      if (hard && !(chars >= 3 && uniform)) return -1
      if (inWordSpace && !(chars >= 3 && uniform)) return -1
      if (spaceMid && chars <= 2) {
        const before = start <= from || charInfo(text, prevIndex(text, start)) >= CharClass.zeroWidth
        const after = end >= to || charInfo(text, end) >= CharClass.zeroWidth
        if (!before && !after) return -1
      }
    }
    // folding variants: what differs between the matched characters and the term's own characters
    const foldBits = VariantBit.width | VariantBit.case | VariantBit.traditional | VariantBit.compat
    for (let k = 0; k < len; k++) {
      const at = ringStart[(first + k) & mask] as number
      const own = unitOrig[u0 + k] as number
      if (own >= 0 && text.codePointAt(at) === own) continue
      charInfo(text, at)
      bits |= (own < 0 ? infoVariant : infoVariant ^ (unitOrigVar[u0 + k] as number)) & foldBits
    }
    return bits
  }

  const raw = new RawHits()
  const termOf = (p: number): number => specTerm[p] as number
  const allowOf = (p: number): boolean => ((specFlags[p] as number) & 2) !== 0
  const materialize = (text: string, r: RawHits, offset = 0, textOffset = 0): Hit[] => materializeWith(terms, termOf, allowOf, text, r, offset, textOffset)
  return {
    mode: 'evasion',
    terms,
    automaton,
    maxSpan,
    scanRaw,
    count(text: string): number {
      raw.reset()
      return scanRaw(text, raw)
    },
    scan(text: string): Hit[] {
      raw.reset()
      scanRaw(text, raw)
      return materialize(text, raw)
    },
    materialize,
  }
}

function prevIndex(text: string, i: number): number {
  const c = text.charCodeAt(i - 1)
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = text.charCodeAt(i - 2)
    if (h >= 0xd800 && h <= 0xdbff) return i - 2
  }
  return i - 1
}

export type { FoldTables }
