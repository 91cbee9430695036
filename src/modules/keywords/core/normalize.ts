// Evasion-aware normalizer: folds width, case, compatibility forms and traditional characters, and
// classifies every character as content or as one of several separator kinds, while keeping for every
// normalized unit the UTF-16 span [start, end) of the original text it came from.
//
// Everything is driven by per-code-unit lookup tables (65,536 entries each) built once, lazily:
//   fold[cu]    the folded UTF-16 unit (NFKC, then lower case, then traditional -> simplified)
//   cls[cu]     CharClass of the folded unit (content, ASCII letter/digit, separator kinds, or slow path)
//   variant[cu] bit set of VariantBit: which folding changed the character
// Characters whose folding yields more than one unit (㎏ -> kg) or that are surrogates take a slow path.
//
// Traditional -> simplified is per character, from opencc-js's hk and tw converters (their reverse variant
// tables plus TSCharacters). Phrase-level conversions (乾坤 keeps 乾 in OpenCC) are not applied: a
// keyword scanner must map each character the same way wherever it appears, so 乾 always becomes 干.
// Supplementary-plane traditional characters are left as they are (rare; opencc-js omits most of them).
import { Converter } from 'opencc-js/t2cn'

/** What a character is after folding. Values >= CharClass.zeroWidth are separators. */
export const CharClass = {
  content: 0, // CJK and other letters: part of words
  alpha: 1, // ASCII letter a-z (after folding)
  digit: 2, // ASCII digit 0-9
  slow: 3, // surrogate or multi-unit fold: handled by foldSlow
  zeroWidth: 8, // U+200B-U+200D, U+2060, U+FEFF, soft hyphen, combining marks, variation selectors
  soft: 9, // symbols that never end a sentence: * _ · ~ - / | # emoji ★ ...
  space: 10, // spaces and tabs
  mid: 11, // 、 : brackets and quotes: may end a phrase
  hard: 12, // sentence punctuation ，。！？；… and ASCII , . ! ? ; and line breaks
} as const
export type CharClassValue = (typeof CharClass)[keyof typeof CharClass]

/** Bits of the variant table. */
export const VariantBit = { width: 1, case: 2, traditional: 4, compat: 8, emoji: 16 } as const

export interface FoldTables {
  fold: Uint16Array
  cls: Uint8Array
  variant: Uint8Array
  /** multi-unit folds of BMP characters (㎏ -> "kg"), content units only */
  expand: Map<number, string>
}

const hardPunct = new Set([...',.!?;。！？；，…‥\n\r\u000b\u000c\u0085\u2028\u2029｡'])
const midPunct = new Set([...'、:：()[]{}【】《》〈〉「」『』〔〕（）［］｛｝“”‘’"\'「」'])

const reLetterOrNumber = /^[\p{L}\p{N}]$/u
const reSpace = /^[\p{Zs}\t]$/u
const reLineSep = /^[\p{Zl}\p{Zp}]$/u
const reInvisible = /^[\p{Cf}\p{Mn}\p{Me}]$/u
const rePunctOrSymbol = /^[\p{P}\p{S}]$/u
const reControl = /^\p{Cc}$/u
const rePictographic = /^\p{Extended_Pictographic}$/u

/** Class of one already-folded code point (as a string). */
function classify(ch: string): CharClassValue {
  if (ch.length === 0) return CharClass.zeroWidth
  const c = ch.codePointAt(0) ?? 0
  if (c >= 0x61 && c <= 0x7a) return CharClass.alpha
  if (c >= 0x30 && c <= 0x39) return CharClass.digit
  if (hardPunct.has(ch)) return CharClass.hard
  if (midPunct.has(ch)) return CharClass.mid
  if (reSpace.test(ch)) return CharClass.space
  if (reLineSep.test(ch)) return CharClass.hard
  if (reControl.test(ch)) return CharClass.zeroWidth
  if (reInvisible.test(ch)) return CharClass.zeroWidth
  if (reLetterOrNumber.test(ch)) return CharClass.content
  if (rePunctOrSymbol.test(ch) || rePictographic.test(ch)) return CharClass.soft
  return CharClass.content // private use, unassigned: treat as ordinary characters
}

function isSeparatorClass(c: number): boolean {
  return c >= CharClass.zeroWidth
}

let cached: FoldTables | undefined
let toSimplifiedHk: ((s: string) => string) | undefined
let toSimplifiedTw: ((s: string) => string) | undefined

/** Builds (once) and returns the per-code-unit tables. About 0.1-0.2 s on first call. */
export function foldTables(): FoldTables {
  if (cached) return cached
  const fold = new Uint16Array(65536)
  const cls = new Uint8Array(65536)
  const variant = new Uint8Array(65536)
  const expand = new Map<number, string>()

  // Stage 1: NFKC + lower case per unit.
  const folded: string[] = new Array<string>(65536)
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      folded[c] = ''
      continue
    }
    const ch = String.fromCharCode(c)
    const nfkc = ch.normalize('NFKC')
    const lower = nfkc.toLowerCase()
    folded[c] = lower
    let v = 0
    if (nfkc !== ch) v |= (c >= 0xff01 && c <= 0xff5e) || c === 0x3000 || (c >= 0xffe0 && c <= 0xffee) ? VariantBit.width : VariantBit.compat
    if (lower !== nfkc) v |= VariantBit.case
    variant[c] = v
  }

  // Stage 2: traditional -> simplified, one big conversion per converter (chars separated by newlines
  // so that no phrase rule can apply across them).
  const hk = (toSimplifiedHk ??= Converter({ from: 'hk', to: 'cn' }))
  const tw = (toSimplifiedTw ??= Converter({ from: 'tw', to: 'cn' }))
  const cjkCodes: number[] = []
  for (let c = 0x2e80; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue
    const f = folded[c] ?? ''
    if (f.length === 1 && f.charCodeAt(0) >= 0x2e80) cjkCodes.push(c)
  }
  const joined = cjkCodes.map((c) => folded[c]).join('\n')
  const viaTw = tw(joined).split('\n')
  const viaHk = hk(joined).split('\n')
  if (viaTw.length === cjkCodes.length && viaHk.length === cjkCodes.length) {
    for (let k = 0; k < cjkCodes.length; k++) {
      const c = cjkCodes[k] as number
      const before = folded[c] ?? ''
      let after = viaTw[k] ?? before
      if (after === before) after = viaHk[k] ?? before
      if (after !== before && after.length > 0) {
        folded[c] = after
        variant[c] = (variant[c] ?? 0) | VariantBit.traditional
      }
    }
  }

  // Stage 3: classes and the fold table.
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      cls[c] = CharClass.slow
      fold[c] = c
      continue
    }
    const f = folded[c] ?? ''
    const chars = [...f]
    if (rePictographic.test(String.fromCharCode(c))) {
      // emoji stay separators even when NFKC gives them letters (㊙ -> 秘, ™ -> tm)
      cls[c] = CharClass.soft
      fold[c] = c
      variant[c] = VariantBit.emoji
      continue
    }
    if (chars.length === 1 && f.length === 1) {
      const k = classify(f)
      cls[c] = k
      fold[c] = f.charCodeAt(0)
      if (k === CharClass.soft && rePictographic.test(f)) variant[c] = (variant[c] ?? 0) | VariantBit.emoji
      continue
    }
    // Empty or multi-unit fold: keep the content characters only.
    let content = ''
    let firstSep: CharClassValue = CharClass.zeroWidth
    for (const ch of chars) {
      const k = classify(ch)
      if (isSeparatorClass(k)) {
        if (firstSep === CharClass.zeroWidth) firstSep = k
      } else content += ch
    }
    if (content.length === 0) {
      cls[c] = firstSep
      fold[c] = c
    } else {
      cls[c] = CharClass.slow
      fold[c] = c
      expand.set(c, content)
    }
  }
  cached = { fold, cls, variant, expand }
  return cached
}

export interface SlowFold {
  /** separator class, or -1 when the code point is content */
  separator: number
  /** folded content units (empty for separators) */
  units: string
  variant: number
}

const slowCache = new Map<number, SlowFold>()

/** Folds one code point that the tables do not handle directly (supplementary planes, multi-unit folds). */
export function foldSlow(cp: number): SlowFold {
  const hit = slowCache.get(cp)
  if (hit) return hit
  let result: SlowFold
  const t = foldTables()
  if (cp < 0x10000) {
    // a multi-unit fold, or a lone surrogate (kept as an ordinary, unmatched character)
    const e = t.expand.get(cp)
    result = { separator: -1, units: e ?? String.fromCharCode(cp), variant: e !== undefined ? (t.variant[cp] ?? 0) : 0 }
  } else {
    const ch = String.fromCodePoint(cp)
    if (rePictographic.test(ch)) {
      // emoji stay separators even when NFKC gives them letters (🈶 -> 有)
      result = { separator: CharClass.soft, units: '', variant: VariantBit.emoji }
      if (slowCache.size < 4096) slowCache.set(cp, result)
      return result
    }
    const nfkc = ch.normalize('NFKC')
    const lower = nfkc.toLowerCase()
    let v = 0
    if (nfkc !== ch) v |= VariantBit.compat
    if (lower !== nfkc) v |= VariantBit.case
    let content = ''
    let sep: number = -1
    for (const c of lower) {
      const k = classify(c)
      if (isSeparatorClass(k)) {
        if (sep === -1) sep = k
      } else content += c
    }
    if (content.length > 0) result = { separator: -1, units: content, variant: v }
    else {
      const isEmoji = rePictographic.test(ch) || (cp >= 0x1f000 && cp <= 0x1faff)
      result = { separator: sep === -1 ? CharClass.soft : sep, units: '', variant: isEmoji ? VariantBit.emoji : v }
    }
  }
  if (slowCache.size < 4096) slowCache.set(cp, result)
  return result
}

/** Class of the original character at text[i] (after folding); second value is its length in units. */
export function classAt(text: string, i: number): { cls: number; len: number; variant: number } {
  const t = foldTables()
  const cu = text.charCodeAt(i)
  const k = t.cls[cu] ?? 0
  if (k !== CharClass.slow) return { cls: k, len: 1, variant: t.variant[cu] ?? 0 }
  const cp = text.codePointAt(i) ?? cu
  const len = cp > 0xffff ? 2 : 1
  const s = foldSlow(cp)
  if (s.separator >= 0) return { cls: s.separator, len, variant: s.variant }
  const first = s.units.charCodeAt(0)
  const fk = first >= 0x61 && first <= 0x7a ? CharClass.alpha : first >= 0x30 && first <= 0x39 ? CharClass.digit : CharClass.content
  return { cls: s.units.length === 1 ? fk : CharClass.content, len, variant: s.variant }
}

export interface NormalizedText {
  /** normalized units (content only, or content and separators with keepSeparators) */
  text: string
  /** for every unit of `text`, the [start, end) span in the original, in UTF-16 units */
  start: Int32Array
  end: Int32Array
  /** CharClass of every unit */
  cls: Uint8Array
}

/**
 * Normalizes a whole text. Separators are dropped unless keepSeparators is set (then each separator
 * character is kept as its folded form). Hits on `text` map back with start[i] and end[j - 1].
 */
export function normalize(text: string, opts: { keepSeparators?: boolean } = {}): NormalizedText {
  const t = foldTables()
  const keep = opts.keepSeparators ?? false
  const n = text.length
  let start = new Int32Array(n + 8)
  let end = new Int32Array(n + 8)
  let cls = new Uint8Array(n + 8)
  const out: string[] = []
  let units = 0
  const push = (u: string, s: number, e: number, k: number): void => {
    for (let j = 0; j < u.length; j++) {
      if (units >= start.length) {
        const grow = start.length * 2
        const s2 = new Int32Array(grow)
        s2.set(start)
        start = s2
        const e2 = new Int32Array(grow)
        e2.set(end)
        end = e2
        const c2 = new Uint8Array(grow)
        c2.set(cls)
        cls = c2
      }
      start[units] = s
      end[units] = e
      cls[units] = k
      units++
    }
    out.push(u)
  }
  for (let i = 0; i < n; i++) {
    const cu = text.charCodeAt(i)
    const k = t.cls[cu] ?? 0
    if (k !== CharClass.slow) {
      if (k >= CharClass.zeroWidth && !keep) continue
      push(String.fromCharCode(t.fold[cu] ?? cu), i, i + 1, k)
      continue
    }
    const cp = text.codePointAt(i) ?? cu
    const len = cp > 0xffff ? 2 : 1
    const s = foldSlow(cp)
    if (s.separator >= 0) {
      if (keep) push(String.fromCodePoint(cp), i, i + len, s.separator)
    } else {
      for (const ch of s.units) push(ch, i, i + len, classify(ch))
    }
    i += len - 1
  }
  return { text: out.join(''), start: start.subarray(0, units), end: end.subarray(0, units), cls: cls.subarray(0, units) }
}

/** Folds a short string (a lexicon term) to its normalized content, dropping separators. */
export function foldString(s: string): string {
  return normalize(s).text
}
