// Chunked scanning of one huge document in constant memory.
//
// The scanner keeps a tail of the text seen so far, long enough that a hit ending in new text, any allow-
// list hit around it, and the characters just before and after it (for the boundary rules) are all still
// in the buffer. A hit is emitted once the text after it is known (`reserve` units past its end), so the
// hits equal those of one scan of the whole text, with offsets relative to the whole stream. Memory: the
// tail (2 * maxSpan + 8 units) plus one chunk.
import type { Hit, Matcher } from './matcher.ts'
import { RawHits } from './matcher.ts'

export class StreamScanner {
  private readonly matcher: Matcher
  private readonly reserve: number
  private readonly keep: number
  private readonly minBatch: number
  private buf = ''
  /** stream offset of buf[0] */
  private bufOffset = 0
  /** hits ending at or before this stream offset were already emitted (or suppressed) */
  private decidedUpTo = 0
  private readonly raw = new RawHits()
  private ended = false

  constructor(matcher: Matcher, opts: { minBatch?: number } = {}) {
    this.matcher = matcher
    this.reserve = matcher.maxSpan + 4
    this.keep = 2 * matcher.maxSpan + 8
    this.minBatch = opts.minBatch ?? 1 << 16
  }

  /** Number of UTF-16 units of the stream consumed so far. */
  get offset(): number {
    return this.bufOffset + this.buf.length
  }

  /** Feeds the next piece of text; returns the hits that became certain. */
  push(chunk: string): Hit[] {
    if (this.ended) throw new Error('StreamScanner: push after end')
    this.buf += chunk
    if (this.buf.length < this.keep + this.reserve + this.minBatch) return []
    return this.process(false)
  }

  /** Ends the stream; returns the remaining hits. */
  end(): Hit[] {
    if (this.ended) return []
    this.ended = true
    return this.process(true)
  }

  private process(final: boolean): Hit[] {
    const buf = this.buf
    const safe = final ? buf.length : buf.length - this.reserve
    this.raw.reset()
    this.matcher.scanRaw(buf, this.raw)
    const lo = this.decidedUpTo
    const hi = this.bufOffset + safe
    const hits = this.matcher.materialize(buf, this.raw, this.bufOffset).filter((h) => h.end > lo && h.end <= hi)
    this.decidedUpTo = hi
    if (!final) {
      let cut = Math.max(0, buf.length - this.keep)
      const c = buf.charCodeAt(cut)
      if (cut > 0 && c >= 0xdc00 && c <= 0xdfff) cut--
      this.buf = buf.slice(cut)
      this.bufOffset += cut
    } else this.buf = ''
    return hits
  }
}
