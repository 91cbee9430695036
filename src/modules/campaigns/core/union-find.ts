// Disjoint sets over dense integer ids, growable, with union by size and path halving: near-constant time per
// operation, so complaints can be joined one at a time as they arrive.
export class UnionFind {
  private parent: Int32Array
  private sizes: Int32Array
  count = 0

  constructor(capacity = 1024) {
    this.parent = new Int32Array(Math.max(1, capacity))
    this.sizes = new Int32Array(Math.max(1, capacity))
  }

  /** Adds ids up to and including id, each in its own set. */
  ensure(id: number): void {
    if (id >= this.parent.length) {
      let cap = this.parent.length
      while (cap <= id) cap *= 2
      const parent = new Int32Array(cap)
      parent.set(this.parent)
      const sizes = new Int32Array(cap)
      sizes.set(this.sizes)
      this.parent = parent
      this.sizes = sizes
    }
    while (this.count <= id) {
      this.parent[this.count] = this.count
      this.sizes[this.count] = 1
      this.count++
    }
  }

  find(id: number): number {
    let x = id
    while (this.parent[x] !== x) {
      const p = this.parent[x]!
      const gp = this.parent[p]!
      this.parent[x] = gp
      x = gp
    }
    return x
  }

  /** Merges the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return ra
    if (this.sizes[ra]! < this.sizes[rb]!) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.sizes[ra] = this.sizes[ra]! + this.sizes[rb]!
    return ra
  }

  connected(a: number, b: number): boolean {
    return this.find(a) === this.find(b)
  }

  sizeOf(id: number): number {
    return this.sizes[this.find(id)]!
  }
}
