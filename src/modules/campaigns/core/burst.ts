// Baseline-aware burst detection on daily counts per key (subject, template, ...). The baseline is an EWMA
// of past daily counts (days without complaints count as zero); a day is a burst when its count is
// improbable under Poisson(baseline). Incremental: feed complaints in time order, one at a time.

export interface BurstOptions {
  /** EWMA smoothing per day (0.1: a memory of about ten days). */
  alpha: number
  /** Baseline floor, so a key with a quiet history is not alerted by two complaints. */
  minBaseline: number
  /** Minimum observed count for an alert. */
  minCount: number
  /** Poisson upper-tail probability below which a day is a burst. */
  pValue: number
  /** Days of history a key needs before it can alert (a new product has no baseline yet). */
  warmupDays: number
}

export const defaultBurstOptions: BurstOptions = { alpha: 0.1, minBaseline: 0.5, minCount: 8, pValue: 1e-6, warmupDays: 7 }

export interface BurstAlert {
  key: string
  /** Day number (days since the epoch in the detector's time zone). */
  day: number
  observed: number
  expected: number
  pValue: number
}

/** P(X >= k) for X ~ Poisson(lambda), computed in log space. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1
  if (lambda <= 0) return 0
  // Sum the pmf from k upward until terms vanish.
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k)
  let sum = 0
  for (let i = k; i < k + 1000; i++) {
    const t = Math.exp(logTerm)
    sum += t
    if (t < sum * 1e-12) break
    logTerm += Math.log(lambda) - Math.log(i + 1)
  }
  return Math.min(1, sum)
}

function logFactorial(n: number): number {
  let s = 0
  for (let i = 2; i <= n; i++) s += Math.log(i)
  return s
}

interface KeyState {
  firstDay: number
  day: number
  count: number
  baseline: number
  alert: BurstAlert | null
}

export class BurstDetector {
  private readonly keys = new Map<string, KeyState>()
  private readonly done: BurstAlert[] = []
  private readonly opts: BurstOptions

  constructor(opts: Partial<BurstOptions> = {}) {
    this.opts = { ...defaultBurstOptions, ...opts }
  }

  /**
   * Counts one complaint for key on day. Days must not go backwards per key (late items count on the current day).
   * Returns the alert for this key and day once the count first crosses the threshold (then updated in place).
   */
  add(key: string, day: number): BurstAlert | null {
    let st = this.keys.get(key)
    if (!st) {
      st = { firstDay: day, day, count: 0, baseline: this.opts.minBaseline, alert: null }
      this.keys.set(key, st)
    }
    if (day > st.day) this.closeDay(st, day)
    st.count++
    const expected = Math.max(this.opts.minBaseline, st.baseline)
    if (st.alert) {
      st.alert.observed = st.count
      st.alert.pValue = poissonUpperTail(st.count, expected)
      return st.alert
    }
    if (st.day - st.firstDay < this.opts.warmupDays || st.count < this.opts.minCount) return null
    const p = poissonUpperTail(st.count, expected)
    if (p >= this.opts.pValue) return null
    st.alert = { key, day: st.day, observed: st.count, expected, pValue: p }
    return st.alert
  }

  private closeDay(st: KeyState, day: number): void {
    if (st.alert) this.done.push(st.alert)
    const a = this.opts.alpha
    // A burst day enters the baseline clipped, so one attack does not hide the next for weeks.
    const observed = st.alert ? Math.min(st.count, st.baseline * 3 + 1) : st.count
    st.baseline = (1 - a) * st.baseline + a * observed
    const gap = day - st.day - 1
    if (gap > 0) st.baseline *= Math.pow(1 - a, Math.min(gap, 10000))
    st.day = day
    st.count = 0
    st.alert = null
  }

  /** All alerts so far, including open days, ordered by day then key. */
  alerts(): BurstAlert[] {
    const open = [...this.keys.values()].flatMap((s) => (s.alert ? [s.alert] : []))
    return [...this.done, ...open].sort((x, y) => x.day - y.day || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
  }
}
