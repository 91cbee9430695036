// Text diff of a member complaint against the campaign's template: tokens are single CJK characters, runs of
// letters or digits, and single other characters, so swapped names, amounts and dates stand out whole.
// Longest common subsequence over tokens; long texts are cut (the page shows the start) to bound the table.

export type DiffOp = 'same' | 'added' | 'removed'
export interface DiffPart {
  op: DiffOp
  text: string
}

export const DIFF_TOKEN_LIMIT = 2000

export function tokenize(text: string): string[] {
  return text.match(/[A-Za-z0-9]+|[\s\S]/gu) ?? []
}

/** Parts turning `template` into `text`: same, removed (only in the template), added (only in the member). */
export function diffTexts(template: string, text: string, limit = DIFF_TOKEN_LIMIT): DiffPart[] {
  const a = tokenize(template).slice(0, limit)
  const b = tokenize(text).slice(0, limit)
  const n = a.length
  const m = b.length
  // lcs[i][j]: LCS length of a[i..] and b[j..], one flat array.
  const w = m + 1
  const lcs = new Uint16Array((n + 1) * w)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!)
    }
  }
  const parts: DiffPart[] = []
  const push = (op: DiffOp, t: string) => {
    const last = parts[parts.length - 1]
    if (last && last.op === op) last.text += t
    else parts.push({ op, text: t })
  }
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]!)
      i++
      j++
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) push('removed', a[i++]!)
    else push('added', b[j++]!)
  }
  while (i < n) push('removed', a[i++]!)
  while (j < m) push('added', b[j++]!)
  return parts
}

/** Share of the member's tokens that also appear, in order, in the template. */
export function sameShare(parts: DiffPart[]): number {
  let same = 0
  let total = 0
  for (const p of parts) {
    if (p.op === 'removed') continue
    const k = tokenize(p.text).length
    total += k
    if (p.op === 'same') same += k
  }
  return total ? same / total : 1
}
