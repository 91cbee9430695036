// Document frequencies in fixed memory: a count-min sketch. Used to suppress boilerplate shingles (greetings,
// portal phrasing, quoted law text) that unrelated complaints share, and to spot hub identifier values
// (a carrier NAT IP used by thousands) without a map over every value.
import { mix32 } from './hash.ts'

export class CountMinSketch {
  // 16-bit saturating counters: frequencies only matter up to the boilerplate cut-off (1 % of a corpus of
  // millions is far below 65,535), and half the memory of 32-bit counters.
  private readonly rows: Uint16Array[]
  private readonly mask: number
  private readonly seeds: number[]
  private readonly scratch: Int32Array

  /** width: counters per row, rounded up to a power of two; depth: rows (min over rows). */
  constructor(width = 1 << 22, depth = 2) {
    let w = 1
    while (w < width) w <<= 1
    this.mask = w - 1
    this.rows = Array.from({ length: depth }, () => new Uint16Array(w))
    this.seeds = Array.from({ length: depth }, (_, i) => mix32(0x1234567 + i * 0x9e3779b9))
    this.scratch = new Int32Array(depth)
  }

  /** Adds one occurrence (conservative update: only the smallest counters rise, which limits overcount). */
  add(key: number): void {
    const depth = this.rows.length
    const idx = this.scratch
    let est = 0xffff
    for (let r = 0; r < depth; r++) {
      const i = mix32((key ^ this.seeds[r]!) >>> 0) & this.mask
      idx[r] = i
      const v = this.rows[r]![i]!
      if (v < est) est = v
    }
    if (est === 0xffff) return
    for (let r = 0; r < depth; r++) {
      const row = this.rows[r]!
      const i = idx[r]!
      if (row[i]! <= est) row[i] = est + 1
    }
  }

  /** An upper bound on the number of additions of key (saturating at 65,535); exact unless hashes collide in every row. */
  estimate(key: number): number {
    let min = 0xffff
    for (let r = 0; r < this.rows.length; r++) {
      const v = this.rows[r]![mix32((key ^ this.seeds[r]!) >>> 0) & this.mask]!
      if (v < min) min = v
    }
    return min
  }
}

/** Folds a 53-bit identity hash to 32 bits for the sketch. */
export function fold53(h: number): number {
  return (mix32(Math.floor(h / 0x100000000)) ^ (h >>> 0)) >>> 0
}

export interface BoilerplateOptions {
  /** A shingle in more than this share of documents is boilerplate and ignored (default 1 %). */
  maxDocShare: number
  /** ... but never below this many documents, so small corpora keep their text (default 50). */
  minDocCount: number
  /** Above this share of documents (and commonMinDocCount) a shingle is common: weight 1 instead of rareWeight. */
  commonDocShare: number
  commonMinDocCount: number
  rareWeight: number
  /** Share of boilerplate shingles above which a document is signed whole (see weights()). */
  mostlyBoilerplate: number
}

export const defaultBoilerplate: BoilerplateOptions = { maxDocShare: 0.01, minDocCount: 50, commonDocShare: 0.001, commonMinDocCount: 20, rareWeight: 3, mostlyBoilerplate: 0.75 }

/**
 * Shingle document frequencies and the boilerplate cut-off derived from them. A ring's template is shared
 * only by the ring (tens to a few hundred complaints); greetings and quoted statutes are shared by a
 * percent or more of everyone, so a share threshold separates them on corpora of realistic size.
 */
export class ShingleRarity {
  readonly sketch: CountMinSketch
  documents = 0
  private readonly opts: BoilerplateOptions
  constructor(opts: Partial<BoilerplateOptions> = {}, sketch = new CountMinSketch()) {
    this.opts = { ...defaultBoilerplate, ...opts }
    this.sketch = sketch
  }
  /** Counts one document's distinct shingles. */
  addDocument(distinctShingles: Uint32Array): void {
    this.documents++
    for (let i = 0; i < distinctShingles.length; i++) this.sketch.add(distinctShingles[i]!)
  }
  /** The document frequency above which a shingle is ignored. */
  cutoff(): number {
    return Math.max(this.opts.minDocCount, Math.floor(this.opts.maxDocShare * this.documents))
  }
  isBoilerplate(shingle: number, cutoff = this.cutoff()): boolean {
    return this.sketch.estimate(shingle) > cutoff
  }
  /** The document frequency above which a shingle is common (weight 1). */
  commonCutoff(): number {
    return Math.max(this.opts.commonMinDocCount, Math.floor(this.opts.commonDocShare * this.documents))
  }
  /**
   * Signing weights for a document's shingles, written to out[0 .. n): 0 for boilerplate, 1 for common
   * phrases, rareWeight for the rest. Weighted Jaccard keeps a template's members alike (they share the same
   * weights) while a statute quoted beside a personal story no longer outweighs the story.
   *
   * A document that is almost all "boilerplate" (share >= mostlyBoilerplate) is itself a copy of something
   * frequent: a template filed by more than 1 % of complainants, or a bare quotation. Dropping its shingles
   * would leave nothing to compare, so they count with weight 1 instead.
   */
  weights(distinctShingles: Uint32Array, out: Uint8Array): void {
    const cutoff = this.cutoff()
    const common = this.commonCutoff()
    const rare = this.opts.rareWeight
    let boiler = 0
    for (let i = 0; i < distinctShingles.length; i++) {
      const df = this.sketch.estimate(distinctShingles[i]!)
      const w = df > cutoff ? 0 : df > common ? 1 : rare
      if (w === 0) boiler++
      out[i] = w
    }
    if (distinctShingles.length > 0 && boiler >= this.opts.mostlyBoilerplate * distinctShingles.length) {
      for (let i = 0; i < distinctShingles.length; i++) if (out[i] === 0) out[i] = 1
    }
  }
}

/**
 * Exact "seen at least twice" over 53-bit keys, for the first pass of a batch: keys are collected in a
 * growable Float64Array, then sorted once, and only repeated keys are kept. At a million complaints with a
 * dozen identifiers each this is ~100 MB during the first pass and a few MB after, where a map of every value
 * would take gigabytes and a small sketch would call almost everything "shared".
 */
export class RepeatedKeys {
  private keys = new Float64Array(1 << 16)
  private n = 0
  private repeated: Float64Array | null = null

  add(key: number): void {
    if (this.repeated) throw new Error('RepeatedKeys: add() after freeze()')
    if (this.n === this.keys.length) {
      const k = new Float64Array(this.keys.length * 2)
      k.set(this.keys)
      this.keys = k
    }
    this.keys[this.n++] = key
  }

  /** Number of distinct repeated keys (after freeze). */
  get size(): number {
    this.freeze()
    return this.repeated!.length
  }

  /** Ends the counting phase; idempotent. */
  freeze(): void {
    if (this.repeated) return
    const all = this.keys.subarray(0, this.n)
    all.sort()
    let m = 0
    for (let i = 1; i < all.length; i++) if (all[i] === all[i - 1] && (m === 0 || all[m - 1] !== all[i])) all[m++] = all[i]!
    this.repeated = Float64Array.from(all.subarray(0, m))
    this.keys = new Float64Array(0)
    this.n = 0
  }

  /** True when key was added at least twice (freezes on first use). */
  has(key: number): boolean {
    this.freeze()
    const r = this.repeated!
    let lo = 0
    let hi = r.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const v = r[mid]!
      if (v === key) return true
      if (v < key) lo = mid + 1
      else hi = mid - 1
    }
    return false
  }
}
