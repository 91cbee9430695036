// Text normalisation and shingling for near-duplicate detection in Chinese and English complaints.
//
// Tokens: every CJK ideograph is a token; a run of letters/digits is a token (a word). Shingles are
// SHINGLE_SIZE consecutive tokens, so Chinese gets character 3-grams and English word 3-grams from one pass.
// Details that templates swap are folded: every number (amounts, dates, order numbers, phone numbers) becomes
// one token, and CFPB-style masks (XXXX, XX/XX/XXXX) become another, so "退款3999元" and "退款128元" agree.
import { mix32, combine32 } from './hash.ts'

export const SHINGLE_SIZE = 3

const NUMBER_TOKEN = mix32(0x4e554d42) // "NUMB"
const MASK_TOKEN = mix32(0x4d41534b) // "MASK"
const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}
function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
}
/** Letters of other alphabets (accented Latin, Cyrillic, ...) join words too. */
function isOtherLetter(c: number): boolean {
  return c >= 0xc0 && c < 0x2000 && c !== 0xd7 && c !== 0xf7
}

/** NFKC folds full-width forms (ＡＢＣ１２３, ，) to ASCII; lower case for English. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

let tokenBuffer = new Uint32Array(4096)

/** Token hashes of a text (already normalised or not: normalisation is applied). Reuses one buffer. */
export function tokenize(text: string): { tokens: Uint32Array; count: number } {
  const s = normalizeText(text)
  if (tokenBuffer.length < s.length + 1) tokenBuffer = new Uint32Array(s.length * 2 + 16)
  const out = tokenBuffer
  let n = 0
  let wordHash = FNV_OFFSET
  let wordLen = 0
  let hasDigit = false
  let allX = true
  const flush = (): void => {
    if (wordLen === 0) return
    if (hasDigit) out[n++] = NUMBER_TOKEN
    else if (allX && wordLen >= 2) out[n++] = MASK_TOKEN
    else out[n++] = mix32(wordHash)
    wordHash = FNV_OFFSET
    wordLen = 0
    hasDigit = false
    allX = true
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (isCjk(c)) {
      flush()
      out[n++] = mix32(c + 0x20000)
    } else if (isDigit(c) || isAsciiLetter(c) || isOtherLetter(c)) {
      if (isDigit(c)) hasDigit = true
      if (c !== 120) allX = false // 'x'
      wordHash = Math.imul(wordHash ^ c, FNV_PRIME)
      wordLen++
    } else if (c === 47 && wordLen > 0 && allX && i + 1 < s.length && s.charCodeAt(i + 1) === 120) {
      // XX/XX/XXXX stays one masked token
      continue
    } else {
      flush()
    }
  }
  flush()
  return { tokens: out, count: n }
}

let shingleBuffer = new Uint32Array(4096)

/**
 * Distinct shingle hashes of a text, sorted ascending. The returned array is a view on a reused buffer:
 * copy it if it must outlive the next call.
 */
export function shingles(text: string): Uint32Array {
  const { tokens, count } = tokenize(text)
  const m = count >= SHINGLE_SIZE ? count - SHINGLE_SIZE + 1 : count > 0 ? 1 : 0
  if (shingleBuffer.length < m) shingleBuffer = new Uint32Array(m * 2 + 16)
  const out = shingleBuffer
  for (let i = 0; i < m; i++) {
    let h = tokens[i] ?? 0
    const end = Math.min(count, i + SHINGLE_SIZE)
    for (let j = i + 1; j < end; j++) h = combine32(h, tokens[j] ?? 0)
    out[i] = h
  }
  const view = out.subarray(0, m)
  view.sort()
  let d = 0
  for (let i = 0; i < m; i++) {
    const v = view[i] ?? 0
    if (d === 0 || view[d - 1] !== v) view[d++] = v
  }
  return view.subarray(0, d)
}

/** True when at least a third of the letters are CJK: picks Chinese phrasing in reasons and demand rules. */
export function isMostlyChinese(text: string): boolean {
  let cjk = 0
  let letters = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (isCjk(c)) {
      cjk++
      letters++
    } else if (isAsciiLetter(c)) letters++
  }
  return letters > 0 && cjk * 3 >= letters
}
