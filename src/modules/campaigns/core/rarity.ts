// Document frequencies in fixed memory: a count-min sketch. Used to suppress boilerplate shingles (greetings,
// portal phrasing, quoted law text) that unrelated complaints share, and to spot hub identifier values
// (a carrier NAT IP used by thousands) without a map over every value.
import { mix32 } from './hash.ts'

export class CountMinSketch {
  private readonly rows: Uint32Array[]
  private readonly mask: number
  private readonly seeds: number[]

  /** width: counters per row, rounded up to a power of two; depth: rows (min over rows). */
  constructor(width = 1 << 22, depth = 2) {
    let w = 1
    while (w < width) w <<= 1
    this.mask = w - 1
    this.rows = Array.from({ length: depth }, () => new Uint32Array(w))
    this.seeds = Array.from({ length: depth }, (_, i) => mix32(0x1234567 + i * 0x9e3779b9))
  }

  /** Adds one occurrence (conservative update: only the smallest counters rise, which limits overcount). */
  add(key: number): void {
    const est = this.estimate(key)
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r]!
      const i = mix32((key ^ this.seeds[r]!) >>> 0) & this.mask
      if (row[i]! <= est) row[i] = est + 1
    }
  }

  /** An upper bound on the number of additions of key; exact unless hashes collide in every row. */
  estimate(key: number): number {
    let min = Infinity
    for (let r = 0; r < this.rows.length; r++) {
      const v = this.rows[r]![mix32((key ^ this.seeds[r]!) >>> 0) & this.mask]!
      if (v < min) min = v
    }
    return min === Infinity ? 0 : min
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
}

export const defaultBoilerplate: BoilerplateOptions = { maxDocShare: 0.01, minDocCount: 50, commonDocShare: 0.001, commonMinDocCount: 20, rareWeight: 3 }

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
   * A weight function for signing: 0 for boilerplate, 1 for common phrases, rareWeight for the rest. Weighted
   * Jaccard keeps a template's members alike (they share the same weights) while a statute quoted beside a
   * short personal story no longer outweighs the story.
   */
  weigher(): (shingle: number) => number {
    const cutoff = this.cutoff()
    const common = this.commonCutoff()
    const rare = this.opts.rareWeight
    return (s) => {
      const df = this.sketch.estimate(s)
      return df > cutoff ? 0 : df > common ? 1 : rare
    }
  }
}
