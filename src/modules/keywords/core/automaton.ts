// Aho–Corasick automaton over UTF-16 code units, laid out in typed arrays.
//
// Layout (all Int32Array, indexed by state = double-array slot):
//   alpha[cu]            dense label 1..A of code unit cu, 0 when cu occurs in no pattern (-> root)
//   base[s] + label      candidate slot of the child of s; it is the child when check[slot] === s
//   fail[s]              failure link
//   out[s]               first state on s's suffix chain (s itself included) that ends a pattern, 0 if none
//   next[s]              for a terminal s: the next terminal state on its suffix chain (dictionary link)
//   patternOf[s]         pattern id ending at s, -1 otherwise
// Labels are assigned by frequency so the root's children pack densely at the start of the arrays; states
// are placed in breadth-first order, so shallow (hot) states sit together. The arrays are padded by A + 1
// slots so base[s] + label never reads past the end. Scanning one code unit costs a table lookup and,
// on average, one or two base/check probes; a hit costs nothing until out[s] is non-zero.

export interface Automaton {
  readonly alpha: Int32Array
  readonly base: Int32Array
  readonly check: Int32Array
  readonly fail: Int32Array
  readonly out: Int32Array
  readonly next: Int32Array
  readonly patternOf: Int32Array
  /** pattern id -> length in code units */
  readonly patternLength: Int32Array
  /** pattern id -> next pattern id with the same string (input duplicates), -1 at the end */
  readonly duplicateNext: Int32Array
  readonly patterns: readonly string[]
  readonly stateCount: number
  readonly maxPatternLength: number
  /**
   * Small automata (English profanity lists) also get a full transition table: delta[s * width + label]
   * is the next state with failures already followed, so scanning costs one lookup per unit. Null when
   * it would exceed 4M entries (large CJK lexicons use the double array).
   */
  readonly delta: Int32Array | null
  readonly width: number
}

/** Grows with the hits of one scan: parallel arrays of pattern id and end offset (exclusive). */
export class MatchBuffer {
  pattern: Int32Array
  end: Int32Array
  count = 0
  constructor(capacity = 256) {
    this.pattern = new Int32Array(capacity)
    this.end = new Int32Array(capacity)
  }
  reset(): void {
    this.count = 0
  }
  push(pattern: number, end: number): void {
    if (this.count === this.pattern.length) this.grow()
    this.pattern[this.count] = pattern
    this.end[this.count] = end
    this.count++
  }
  private grow(): void {
    const p = new Int32Array(this.pattern.length * 2)
    p.set(this.pattern)
    this.pattern = p
    const e = new Int32Array(this.end.length * 2)
    e.set(this.end)
    this.end = e
  }
}

/** Builds the automaton. Empty patterns are ignored; duplicates share a state (see duplicateNext).
 * `denseLimit` caps the full transition table (entries; 0 disables it). */
export function buildAutomaton(patterns: readonly string[], opts: { denseLimit?: number } = {}): Automaton {
  const n = patterns.length
  const patternLength = new Int32Array(n)
  const duplicateNext = new Int32Array(n).fill(-1)
  const firstIndex = new Map<string, number>()
  const lastIndex = new Map<string, number>()
  let maxPatternLength = 0
  for (let i = 0; i < n; i++) {
    const p = patterns[i] as string
    patternLength[i] = p.length
    if (p.length > maxPatternLength) maxPatternLength = p.length
    if (p.length === 0) continue
    const last = lastIndex.get(p)
    if (last === undefined) firstIndex.set(p, i)
    else duplicateNext[last] = i
    lastIndex.set(p, i)
  }
  const unique = [...firstIndex.keys()].sort()

  // Dense labels by frequency.
  const freq = new Int32Array(65536)
  for (const p of unique) for (let j = 0; j < p.length; j++) freq[p.charCodeAt(j)] = (freq[p.charCodeAt(j)] as number) + 1
  const used: number[] = []
  for (let c = 0; c < 65536; c++) if ((freq[c] ?? 0) > 0) used.push(c)
  used.sort((x, y) => (freq[y] ?? 0) - (freq[x] ?? 0) || x - y)
  const alpha = new Int32Array(65536)
  for (let k = 0; k < used.length; k++) alpha[used[k] as number] = k + 1
  const A = used.length

  // Trie by sorted insertion: a pattern shares the path of the previous one up to their common prefix.
  let cap = 1024
  let tLabel = new Int32Array(cap)
  let tFirst = new Int32Array(cap).fill(-1)
  let tLast = new Int32Array(cap).fill(-1)
  let tSibling = new Int32Array(cap).fill(-1)
  let tPattern = new Int32Array(cap).fill(-1)
  let nodes = 1
  const path: number[] = [0]
  let prev = ''
  const growTrie = (): void => {
    const c2 = cap * 2
    const g = (a: Int32Array, fill: number): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(c2).fill(fill)
      b.set(a)
      return b
    }
    tLabel = g(tLabel, 0)
    tFirst = g(tFirst, -1)
    tLast = g(tLast, -1)
    tSibling = g(tSibling, -1)
    tPattern = g(tPattern, -1)
    cap = c2
  }
  for (const p of unique) {
    let lcp = 0
    const lim = Math.min(p.length, prev.length)
    while (lcp < lim && p.charCodeAt(lcp) === prev.charCodeAt(lcp)) lcp++
    path.length = lcp + 1
    let node = path[lcp] as number
    for (let j = lcp; j < p.length; j++) {
      if (nodes === cap) growTrie()
      const child = nodes++
      tLabel[child] = alpha[p.charCodeAt(j)] as number
      if (tLast[node] === -1) tFirst[node] = child
      else tSibling[tLast[node] as number] = child
      tLast[node] = child
      path.push(child)
      node = child
    }
    tPattern[node] = firstIndex.get(p) as number
    prev = p
  }

  // Double-array placement in breadth-first order, with a doubly linked list of free slots.
  let size = Math.max(1024, A + 2)
  let base = new Int32Array(size)
  let check = new Int32Array(size).fill(-1)
  let freeNext = new Int32Array(size)
  let freePrev = new Int32Array(size)
  let freeFails = new Uint8Array(size)
  // free list over slots 1..size-1; sentinel head is slot 0's entries (root is slot 0, never free)
  for (let s = 1; s < size; s++) {
    freeNext[s] = s + 1 < size ? s + 1 : 0
    freePrev[s] = s - 1
  }
  freeNext[0] = 1
  freePrev[0] = size - 1
  const growDa = (need: number): void => {
    let ns = size
    while (ns <= need) ns *= 2
    const b = new Int32Array(ns)
    b.set(base)
    base = b
    const c = new Int32Array(ns).fill(-1)
    c.set(check)
    check = c
    const fn = new Int32Array(ns)
    fn.set(freeNext)
    const fp = new Int32Array(ns)
    fp.set(freePrev)
    const ff = new Uint8Array(ns)
    ff.set(freeFails)
    // append the new slots to the free list
    const tail = fp[0] as number
    for (let s = size; s < ns; s++) {
      fn[s] = s + 1 < ns ? s + 1 : 0
      fp[s] = s - 1
    }
    fp[size] = tail
    fn[tail] = size
    fp[0] = ns - 1
    freeNext = fn
    freePrev = fp
    freeFails = ff
    size = ns
  }
  const takeSlot = (s: number): void => {
    const a = freeNext[s] as number
    const b = freePrev[s] as number
    freeNext[b] = a
    freePrev[a] = b
  }

  const slotOf = new Int32Array(nodes)
  const order = new Int32Array(nodes) // trie nodes in BFS order
  let head = 0
  let tail = 0
  order[tail++] = 0
  const labels: number[] = []
  while (head < tail) {
    const node = order[head++] as number
    const slot = slotOf[node] as number
    labels.length = 0
    for (let ch = tFirst[node] as number; ch !== -1; ch = tSibling[ch] as number) {
      labels.push(tLabel[ch] as number)
      order[tail++] = ch
    }
    if (labels.length === 0) continue
    let minLabel = labels[0] as number
    for (const l of labels) if (l < minLabel) minLabel = l
    // find b >= 1 with all of b + label free
    let b = 0
    let p = freeNext[0] as number
    for (;;) {
      if (p === 0) {
        growDa(size + A + 1)
        p = freeNext[0] as number
        // restart scanning from the first free slot after growing
        continue
      }
      const cand = p - minLabel
      if (cand >= 1) {
        const hi = cand + A + 1
        if (hi >= size) growDa(hi)
        let ok = true
        for (const l of labels) {
          if (check[cand + l] !== -1) {
            ok = false
            break
          }
        }
        if (ok) {
          b = cand
          break
        }
        // a slot that keeps failing for wide nodes is dropped from the search (it stays free, unused)
        const fails = (freeFails[p] as number) + 1
        freeFails[p] = fails
        if (labels.length > 1 && fails >= 16) {
          const np = freeNext[p] as number
          takeSlot(p)
          p = np
          continue
        }
      }
      p = freeNext[p] as number
    }
    base[slot] = b
    let ch = tFirst[node] as number
    for (const l of labels) {
      const t = b + l
      check[t] = slot
      takeSlot(t)
      slotOf[ch] = t
      ch = tSibling[ch] as number
    }
  }
  // Every slot needs base[s] + A to stay in bounds.
  let maxSlot = 0
  for (let s = 0; s < size; s++) if (check[s] !== -1 || s === 0) maxSlot = s
  const finalSize = maxSlot + A + 2
  const fit = (a: Int32Array, fill: number): Int32Array<ArrayBuffer> => {
    const r = new Int32Array(finalSize).fill(fill)
    r.set(a.subarray(0, Math.min(a.length, finalSize)))
    return r
  }
  base = fit(base, 0)
  check = fit(check, -1)
  check[0] = -1

  const patternOf = new Int32Array(finalSize).fill(-1)
  for (let node = 0; node < nodes; node++) {
    const pid = tPattern[node] as number
    if (pid >= 0) patternOf[slotOf[node] as number] = pid
  }

  // Failure, output and dictionary links in BFS order.
  const fail = new Int32Array(finalSize)
  const out = new Int32Array(finalSize)
  const next = new Int32Array(finalSize)
  for (let k = 1; k < nodes; k++) {
    const node = order[k] as number
    const v = slotOf[node] as number
    const u = check[v] as number
    const c = tLabel[node] as number
    let f = 0
    if (u !== 0) {
      let w = fail[u] as number
      for (;;) {
        const t = (base[w] as number) + c
        if (check[t] === w) {
          f = t
          break
        }
        if (w === 0) break
        w = fail[w] as number
      }
    }
    fail[v] = f
    next[v] = out[f] as number
    out[v] = (patternOf[v] as number) >= 0 ? v : (out[f] as number)
  }

  // Full transition table for small automata, rows in BFS order so failure rows exist when needed.
  const width = A + 1
  let delta: Int32Array | null = null
  if (finalSize * width <= (opts.denseLimit ?? 1 << 22)) {
    const d = new Int32Array(finalSize * width)
    for (let k = 0; k < nodes; k++) {
      const v = slotOf[order[k] as number] as number
      const row = v * width
      const fRow = (fail[v] as number) * width
      const b = base[v] as number
      for (let c = 1; c < width; c++) {
        const t = b + c
        d[row + c] = check[t] === v ? t : k === 0 ? 0 : (d[fRow + c] as number)
      }
    }
    delta = d
  }

  return {
    alpha,
    base,
    check,
    fail,
    out,
    next,
    patternOf,
    patternLength,
    duplicateNext,
    patterns,
    stateCount: nodes,
    maxPatternLength,
    delta,
    width,
  }
}

/**
 * Every occurrence of every pattern in text[from, to), overlapping ones included, in order of end
 * offset (for one end offset: longest pattern first). Appends (pattern id, end) pairs to `sink`;
 * input duplicates are reported once, under their first index.
 */
export function findAll(a: Automaton, text: string, sink: MatchBuffer, from = 0, to = text.length): number {
  const { alpha, base, check, fail, out, delta, width } = a
  let s = 0
  const before = sink.count
  if (delta !== null) {
    for (let i = from; i < to; i++) {
      s = delta[s * width + (alpha[text.charCodeAt(i)] as number)] as number
      if (out[s] !== 0) emit(a, s, i + 1, sink)
    }
    return sink.count - before
  }
  for (let i = from; i < to; i++) {
    const c = alpha[text.charCodeAt(i)] as number
    if (c === 0) {
      s = 0
      continue
    }
    for (;;) {
      const t = (base[s] as number) + c
      if (check[t] === s) {
        s = t
        break
      }
      if (s === 0) break
      s = fail[s] as number
    }
    if (out[s] !== 0) emit(a, s, i + 1, sink)
  }
  return sink.count - before
}

function emit(a: Automaton, s: number, end: number, sink: MatchBuffer): void {
  for (let o = a.out[s] as number; o !== 0; o = a.next[o] as number) sink.push(a.patternOf[o] as number, end)
}

/** Number of occurrences (same as findAll's count) without recording them. */
export function countAll(a: Automaton, text: string): number {
  const { alpha, base, check, fail, out, next, delta, width } = a
  let s = 0
  let count = 0
  if (delta !== null) {
    for (let i = 0; i < text.length; i++) {
      s = delta[s * width + (alpha[text.charCodeAt(i)] as number)] as number
      for (let o = out[s] as number; o !== 0; o = next[o] as number) count++
    }
    return count
  }
  for (let i = 0; i < text.length; i++) {
    const c = alpha[text.charCodeAt(i)] as number
    if (c === 0) {
      s = 0
      continue
    }
    for (;;) {
      const t = (base[s] as number) + c
      if (check[t] === s) {
        s = t
        break
      }
      if (s === 0) break
      s = fail[s] as number
    }
    for (let o = out[s] as number; o !== 0; o = next[o] as number) count++
  }
  return count
}

/** Approximate bytes held by the automaton's typed arrays. */
export function automatonBytes(a: Automaton): number {
  return (
    a.alpha.byteLength +
    a.base.byteLength +
    a.check.byteLength +
    a.fail.byteLength +
    a.out.byteLength +
    a.next.byteLength +
    a.patternOf.byteLength +
    a.patternLength.byteLength +
    a.duplicateNext.byteLength +
    (a.delta?.byteLength ?? 0)
  )
}
