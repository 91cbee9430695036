// Jobs: rows in the `job` table, enqueued in the caller's transaction so a record and its timers commit
// together. A runner claims due jobs with FOR UPDATE SKIP LOCKED (several workers never run the same job),
// runs each handler in its own transaction together with marking the job done, and on failure records the
// attempt with exponential backoff until max attempts, then `failed`.
import type { Tx } from '../db/database.ts'
import type { Clock } from './clock.ts'
import type { Ctx, Services } from './ctx.ts'
import { systemActor } from './ctx.ts'
import { newId } from './ids.ts'
import { moduleLogger } from './logger.ts'
import * as repo from './jobs.repo.ts'

const log = moduleLogger('jobs')

export interface JobSpec {
  kind: string
  payload: Record<string, unknown>
  runAt: Date
  /** At most one job per key: enqueueing again replaces and reschedules it. */
  uniqueKey?: string | null
  maxAttempts?: number
}

/** Handlers get a system ctx whose `tx` is the job's transaction; throw to fail the attempt. */
export type JobHandler = (ctx: Ctx, payload: Record<string, unknown>, job: { id: string; attempts: number; maxAttempts: number }) => Promise<void>
/**
 * `transaction: false` for slow I/O (webhooks): the job is claimed and committed as running, the handler
 * runs with no open transaction (it opens its own for writes), then the job is marked done. A worker that
 * dies meanwhile leaves it running; it is retried once its lock is older than RUNNING_LEASE_MS.
 */
export interface JobHandlerSpec {
  run: JobHandler
  transaction?: boolean
}
export type JobHandlers = Readonly<Record<string, JobHandler | JobHandlerSpec>>
export const RUNNING_LEASE_MS = 10 * 60_000

export function enqueue(tx: Tx, clock: Clock, spec: JobSpec): Promise<string> {
  return repo.upsert(tx, {
    id: newId(),
    kind: spec.kind,
    payload: spec.payload,
    uniqueKey: spec.uniqueKey ?? null,
    runAt: spec.runAt,
    maxAttempts: spec.maxAttempts ?? 5,
    now: clock.now(),
  })
}

/** Cancels the pending job of this unique key, if any; returns how many were cancelled (0 or 1). */
export function cancel(tx: Tx, clock: Clock, uniqueKey: string): Promise<number> {
  return repo.cancel(tx, uniqueKey, clock.now())
}

export const findJobByUniqueKey = repo.byUniqueKey

/** Delay before the next attempt: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1))
}

export interface RunResult {
  ran: number
  failed: number
}

/** Runs up to `limit` due jobs of the kinds in `handlers`, one transaction each. */
export async function runDueJobs(services: Services, handlers: JobHandlers, opts: { now?: Date; limit?: number } = {}): Promise<RunResult> {
  const kinds = Object.keys(handlers)
  const limit = opts.limit ?? 100
  const result: RunResult = { ran: 0, failed: 0 }
  const start = opts.now ?? services.clock.now()
  await services.db.transaction().execute((tx) => repo.releaseExpired(tx, kinds, new Date(start.getTime() - RUNNING_LEASE_MS)))
  for (let i = 0; i < limit; i++) {
    const now = opts.now ?? services.clock.now()
    let claimed: repo.JobRow | undefined
    try {
      let deferred: (() => Promise<void>) | null = null
      await services.db.transaction().execute(async (tx) => {
        claimed = await repo.claimOne(tx, kinds, now)
        if (!claimed) return
        const job = claimed
        const entry = handlers[job.kind]!
        const spec: JobHandlerSpec = typeof entry === 'function' ? { run: entry } : entry
        const meta = { id: job.id, attempts: job.attempts + 1, maxAttempts: job.maxAttempts }
        const actor = { ...systemActor, name: `job:${job.kind}` }
        if (spec.transaction === false) {
          // commit the claim (running) now; run outside any transaction below
          deferred = async () => {
            await spec.run({ ...services, actor, requestId: `job:${job.id}` }, job.payload, meta)
            await services.db.transaction().execute((t2) => repo.markDone(t2, job.id, services.clock.now()))
          }
          return
        }
        await spec.run({ ...services, actor, requestId: `job:${job.id}`, tx }, job.payload, meta)
        await repo.markDone(tx, job.id, services.clock.now())
      })
      if (deferred) await (deferred as () => Promise<void>)()
    } catch (e) {
      if (!claimed) throw e // the claim itself failed: the database is the problem, not the job
      const job: repo.JobRow = claimed
      const attempts = job.attempts + 1
      const giveUp = attempts >= job.maxAttempts
      const message = e instanceof Error ? e.message : String(e)
      log.warn({ jobId: job.id, kind: job.kind, attempts, giveUp }, 'job failed')
      await services.db.transaction().execute((tx) =>
        repo.recordFailure(tx, job.id, job.updatedAt, {
          attempts,
          status: giveUp ? 'failed' : 'pending',
          runAt: new Date(now.getTime() + backoffMs(attempts)),
          lastError: message.slice(0, 2000),
          now: services.clock.now(),
        }),
      )
      result.failed++
      continue
    }
    if (!claimed) break
    result.ran++
  }
  return result
}

export interface JobLoop {
  stop(): Promise<void>
}

/** Polls for due jobs every `intervalMs` (1 s) until stopped; one round at a time, never overlapping. */
export function startJobLoop(services: Services, handlers: JobHandlers, opts: { intervalMs?: number } = {}): JobLoop {
  const intervalMs = opts.intervalMs ?? 1000
  let stopped = false
  let current: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | null = null
  const tick = () => {
    if (stopped) return
    current = runDueJobs(services, handlers)
      .then(() => undefined)
      .catch((e: unknown) => log.error({ err: e }, 'job round failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs)
      })
  }
  timer = setTimeout(tick, intervalMs)
  return {
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await current
    },
  }
}

/** Many jobs in one statement (bulk import); each unique key replaces its job as in enqueue. */
export async function enqueueMany(tx: Tx, clock: Clock, specs: JobSpec[]): Promise<void> {
  const now = clock.now()
  for (let i = 0; i < specs.length; i += 500) {
    await repo.upsertMany(
      tx,
      specs.slice(i, i + 500).map((spec) => ({
        id: newId(), kind: spec.kind, payload: spec.payload, uniqueKey: spec.uniqueKey ?? null, runAt: spec.runAt, maxAttempts: spec.maxAttempts ?? 5, now,
      })),
    )
  }
}
