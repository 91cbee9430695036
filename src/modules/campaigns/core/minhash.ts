// MinHash signatures by one-permutation hashing (OPH) with optimal densification: one hash per shingle instead
// of one per shingle and per permutation, so a 200-shingle text costs 200 hash evaluations, not 12,800.
// Each signature slot keeps 16 bits of the minimum: a false slot match then has probability 2^-16, far
// below the sampling error of 64 slots, and a signature fits in 128 bytes.
import { mix32 } from './hash.ts'

export const SIGNATURE_SLOTS = 64
const SLOT_BITS = 6 // 2^6 = 64 slots
const EMPTY = 0xffffffff

const work = new Uint32Array(SIGNATURE_SLOTS)
const filled = new Uint8Array(SIGNATURE_SLOTS)

/**
 * Writes the signature of a weighted shingle set into out[offset .. offset+64). weights[i] is the integer
 * weight of distinctShingles[i] (0: skip, e.g. boilerplate; all 1 when omitted); a shingle of weight w enters as w distinct elements, so the
 * estimate is of weighted Jaccard sum(min)/sum(max). Returns the number of shingles used (weight > 0);
 * 0 means no signature was written.
 */
export function signInto(
  distinctShingles: Uint32Array,
  out: Uint16Array,
  offset: number,
  weights?: Uint8Array,
): number {
  work.fill(EMPTY)
  filled.fill(0)
  let used = 0
  for (let i = 0; i < distinctShingles.length; i++) {
    const s = distinctShingles[i]!
    const w = weights ? weights[i]! : 1
    if (w <= 0) continue
    used++
    for (let k = 0; k < w; k++) {
      // One hash per element: its top bits pick the slot, the rest is the value compared within the slot.
      const g = mix32((s ^ 0x5bd1e995) + Math.imul(k, 0x9e3779b9))
      const slot = g >>> (32 - SLOT_BITS)
      const v = g & 0x3ffffff
      if (v < work[slot]!) work[slot] = v
      filled[slot] = 1
    }
  }
  if (used === 0 || filled.indexOf(1) === -1) return 0
  for (let j = 0; j < SIGNATURE_SLOTS; j++) {
    let src = j
    // Densification: an empty slot borrows from a slot chosen by a hash sequence that depends only on (j, attempt),
    // so two documents borrow the same way and their estimate stays unbiased.
    for (let attempt = 1; filled[src] === 0; attempt++) src = mix32(j * 0x9e3779b1 + attempt * 0x85ebca6b) >>> (32 - SLOT_BITS)
    out[offset + j] = (work[src]! ^ (src === j ? 0 : mix32(j + 0x1000))) & 0xffff
  }
  return used
}

/** Estimated Jaccard similarity of two stored signatures (share of equal slots). */
export function similarityAt(sigs: Uint16Array, a: number, b: number): number {
  const oa = a * SIGNATURE_SLOTS
  const ob = b * SIGNATURE_SLOTS
  let eq = 0
  for (let j = 0; j < SIGNATURE_SLOTS; j++) if (sigs[oa + j] === sigs[ob + j]) eq++
  return eq / SIGNATURE_SLOTS
}

/** Growable store of fixed-size signatures, indexed by document number; tracks which documents have one. */
export class SignatureStore {
  sigs: Uint16Array
  present: Uint8Array
  size = 0

  constructor(expectedDocuments = 1024) {
    const cap = Math.max(16, expectedDocuments)
    this.sigs = new Uint16Array(SIGNATURE_SLOTS * cap)
    this.present = new Uint8Array(cap)
  }

  private ensure(doc: number): void {
    if (doc < this.present.length) return
    let cap = this.present.length
    while (cap <= doc) cap *= 2
    const sigs = new Uint16Array(cap * SIGNATURE_SLOTS)
    sigs.set(this.sigs)
    this.sigs = sigs
    const present = new Uint8Array(cap)
    present.set(this.present)
    this.present = present
  }

  /** Signs doc's shingles; returns the number of informative shingles (0: no signature). */
  put(doc: number, distinctShingles: Uint32Array, weights?: Uint8Array): number {
    this.ensure(doc)
    if (doc >= this.size) this.size = doc + 1
    const used = signInto(distinctShingles, this.sigs, doc * SIGNATURE_SLOTS, weights)
    this.present[doc] = used > 0 ? 1 : 0
    return used
  }

  has(doc: number): boolean {
    return doc < this.size && this.present[doc] === 1
  }

  similarity(a: number, b: number): number {
    return similarityAt(this.sigs, a, b)
  }
}
