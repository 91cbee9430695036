/** Modules take time from a Clock (ctx.clock), never Date.now(), so tests can advance it. */
export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }

export class FakeClock implements Clock {
  private t: number
  constructor(start: Date | string = '2026-03-02T02:00:00.000Z') {
    this.t = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.t)
  }
  set(d: Date | string): void {
    this.t = new Date(d).getTime()
  }
  advance(ms: number): void {
    this.t += ms
  }
  advanceDays(days: number): void {
    this.t += days * 86_400_000
  }
}
