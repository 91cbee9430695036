// LSH banding over MinHash signatures, incremental: insert a document and get its candidate neighbours in one
// step. 21 bands of 3 slots: a pair with Jaccard 0.5 becomes a candidate with probability 1-(1-0.5^3)^21 = 0.94,
// at 0.7 with 0.9999, at 0.2 with 0.16 (then rejected by verification).
//
// Memory: bucket heads are one Int32Array of slots addressed by the band hash (no keys stored: two bands that
// land in one slot only add candidates, which verification removes; up to 4 entries per slot on average),
// and bucket chains are one Int32Array entry per (document, band). About 150 bytes per document.
import { combine32, mix32 } from './hash.ts'
import { SIGNATURE_SLOTS, type SignatureStore } from './minhash.ts'

export const BANDS = 21
export const ROWS_PER_BAND = 3

export interface LshOptions {
  /** Documents visited per bucket, most recent first: a huge bucket of one template needs only a few. */
  maxPerBucket: number
  /** Initial number of documents to size tables for. */
  expectedDocuments: number
}

export class LshIndex {
  private heads: Int32Array
  private next: Int32Array
  private seen: Int32Array
  private mask: number
  private entries = 0
  private stamp = 0
  private readonly store: SignatureStore
  private readonly maxPerBucket: number

  constructor(store: SignatureStore, opts: Partial<LshOptions> = {}) {
    this.store = store
    this.maxPerBucket = opts.maxPerBucket ?? 24
    const expected = Math.max(1024, opts.expectedDocuments ?? 1024)
    this.heads = new Int32Array(LshIndex.capacityFor((expected * BANDS) / 3))
    this.mask = this.heads.length - 1
    this.next = new Int32Array(expected * BANDS + 1)
    this.seen = new Int32Array(expected)
  }

  private static capacityFor(entries: number): number {
    let cap = 1024
    while (cap < entries) cap *= 2
    return cap
  }

  private bandHash(doc: number, band: number): number {
    const sigs = this.store.sigs
    const o = doc * SIGNATURE_SLOTS + band * ROWS_PER_BAND
    let h = mix32(band + 0x3c6ef372)
    for (let r = 0; r < ROWS_PER_BAND; r++) h = combine32(h, sigs[o + r]!)
    return h
  }

  /** Visits candidate documents sharing a band with doc (doc itself excluded), each once. */
  candidates(doc: number, visit: (other: number) => void): void {
    if (!this.store.has(doc)) return
    this.stamp++
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0)
      this.stamp = 1
    }
    for (let band = 0; band < BANDS; band++) {
      let e = this.heads[this.bandHash(doc, band) & this.mask]!
      let visited = 0
      while (e !== 0 && visited < this.maxPerBucket) {
        const other = Math.floor((e - 1) / BANDS)
        e = this.next[e]!
        visited++
        if (other === doc || other >= this.seen.length) continue
        if (this.seen[other] === this.stamp) continue
        this.seen[other] = this.stamp
        visit(other)
      }
    }
  }

  /** Adds doc's bands to the tables (call after candidates() so a document never finds itself). */
  insert(doc: number): void {
    if (!this.store.has(doc)) return
    this.grow(doc)
    for (let band = 0; band < BANDS; band++) {
      const slot = this.bandHash(doc, band) & this.mask
      const e = doc * BANDS + band + 1
      this.next[e] = this.heads[slot]!
      this.heads[slot] = e
    }
    this.entries += BANDS
  }

  private grow(doc: number): void {
    if (doc >= this.seen.length) {
      let cap = this.seen.length
      while (cap <= doc) cap *= 2
      const seen = new Int32Array(cap)
      seen.set(this.seen)
      this.seen = seen
      const next = new Int32Array(cap * BANDS + 1)
      next.set(this.next)
      this.next = next
    }
    if (this.entries + BANDS > this.heads.length * 4) this.rehash()
  }

  /** Doubles the head table and rebuilds chains from the stored signatures (insertion order is kept). */
  private rehash(): void {
    this.heads = new Int32Array(this.heads.length * 2)
    this.mask = this.heads.length - 1
    const docs = this.store.size
    for (let doc = 0; doc < docs; doc++) {
      if (!this.store.has(doc)) continue
      for (let band = 0; band < BANDS; band++) {
        const e = doc * BANDS + band + 1
        if (e >= this.next.length) continue
        const slot = this.bandHash(doc, band) & this.mask
        this.next[e] = this.heads[slot]!
        this.heads[slot] = e
      }
    }
  }
}
