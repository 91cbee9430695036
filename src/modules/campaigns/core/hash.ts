// Small, fast, non-cryptographic hashes over 32-bit integers (typed-array friendly).

/** murmur3 finaliser: a good avalanche on one 32-bit word. */
export function mix32(x: number): number {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Order-dependent combination of two 32-bit hashes. */
export function combine32(a: number, b: number): number {
  return mix32((Math.imul(a, 0x9e3779b1) ^ (b + 0x7f4a7c15 + (a << 6) + (a >>> 2))) | 0)
}

/** FNV-1a over UTF-16 code units. */
export function fnv1a32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return mix32(h)
}

/**
 * A 53-bit hash (exact in a JS number) for identity values: at a million values the chance of any collision
 * is about 1e-4, whereas 32 bits would collide ~100 times and invent links between strangers.
 */
export function hash53(s: string): number {
  const hi = fnv1a32(s, 0x811c9dc5) & 0x1fffff
  const lo = fnv1a32(s, 0x050c5d1f)
  return hi * 0x100000000 + lo
}
