// Webhooks: subscribers receive case events as JSON POSTs signed with HMAC-SHA256
// (X-Tianping-Signature: t=<unix seconds>,v1=<hex of HMAC(secret, "<t>.<body>")>). Events are recorded as
// delivery rows in the transaction of the change that caused them; a job delivers each one outside any
// transaction and retries with backoff; the rows are the delivery log.
import { createHmac, randomBytes } from 'node:crypto'
import type { Tx } from '../../db/database.ts'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { NotFoundError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as jobs from '../../platform/jobs.ts'
import * as audit from '../audit/index.ts'
import * as repo from './webhook.repo.ts'
import { literalRefusal } from './webhook.guard.ts'
import { ForbiddenTargetError, postJson } from './webhook.http.ts'

export const webhookEvents = ['case.created', 'case.assigned', 'case.status_changed', 'case.sla_warning', 'case.sla_breached'] as const
export type WebhookEvent = (typeof webhookEvents)[number]
export const WEBHOOK_JOB = 'cases.webhook_deliver'
export const WEBHOOK_MAX_ATTEMPTS = 8
const TIMEOUT_MS = 10_000

export function sign(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

const subscriptionView = (s: repo.SubscriptionRow) => ({ id: s.id, url: s.url, events: s.events as WebhookEvent[], active: s.active, createdAt: s.createdAt })

export async function subscribe(ctx: Ctx, input: { url: string; events: WebhookEvent[] }) {
  const u = new URL(input.url)
  if (u.protocol !== 'https:' && !(ctx.config.env !== 'production' && u.protocol === 'http:')) {
    throw new ValidationError('cases.webhook_url_invalid', 'webhook URLs must use https (http is allowed outside production)', { field: 'url' })
  }
  const refusal = ctx.config.webhookAllowPrivate ? null : literalRefusal(u)
  if (refusal) {
    throw new ValidationError('cases.webhook_url_forbidden', `webhook URL ${input.url} refused: ${refusal} (TIANPING_WEBHOOK_ALLOW_PRIVATE=true allows it)`, { field: 'url' })
  }
  const secret = `whsec_${randomBytes(24).toString('base64url')}`
  return withTx(ctx, async (tx) => {
    const row = {
      id: newId(), url: input.url, events: [...new Set(input.events)], secretEnc: ctx.crypto.encrypt(secret), active: true,
      createdBy: ctx.actor.id ?? ctx.actor.name, createdAt: ctx.clock.now(),
    }
    await repo.insertSubscription(tx, row)
    await audit.record(tx, ctx, 'webhook.subscribed', { type: 'webhook', id: row.id }, { url: row.url, events: row.events })
    return { subscription: subscriptionView(row), secret }
  })
}

export async function listSubscriptions(ctx: Ctx) {
  return { items: (await repo.subscriptions(dbOf(ctx))).map(subscriptionView) }
}

export async function unsubscribe(ctx: Ctx, id: string) {
  return withTx(ctx, async (tx) => {
    const s = await repo.subscription(tx, id)
    if (!s) throw new NotFoundError('cases.webhook_not_found', `webhook ${id} does not exist`, { id })
    await repo.deactivate(tx, id)
    await audit.record(tx, ctx, 'webhook.unsubscribed', { type: 'webhook', id }, { url: s.url })
    return subscriptionView({ ...s, active: false })
  })
}

export async function deliveries(ctx: Ctx, id: string, q: { cursor?: string | undefined; limit: number }) {
  if (!(await repo.subscription(dbOf(ctx), id))) throw new NotFoundError('cases.webhook_not_found', `webhook ${id} does not exist`, { id })
  const rows = await repo.deliveriesOf(dbOf(ctx), id, q.cursor, q.limit + 1)
  const items = rows.slice(0, q.limit).map((d) => ({
    id: d.id, eventType: d.eventType, status: d.status as 'pending' | 'retrying' | 'delivered' | 'failed', attempts: d.attempts, lastStatusCode: d.lastStatusCode, lastError: d.lastError,
    createdAt: d.createdAt, deliveredAt: d.deliveredAt,
  }))
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null }
}

/** The retry schedule of a subscription's deliveries that are not yet delivered or given up. */
export async function deliverySchedule(ctx: Ctx, id: string) {
  if (!(await repo.subscription(dbOf(ctx), id))) throw new NotFoundError('cases.webhook_not_found', `webhook ${id} does not exist`, { id })
  const rows = await repo.nextAttempts(dbOf(ctx), id, WEBHOOK_JOB)
  return { items: rows.map((r) => ({ deliveryId: r.deliveryId, nextAttemptAt: r.runAt })) }
}

/** Records the event for each subscriber and schedules its delivery, in the caller's transaction. */
export function emit(tx: Tx, ctx: Ctx, type: WebhookEvent, data: Record<string, unknown>): Promise<void> {
  return emitMany(tx, ctx, type, [data])
}

export async function emitMany(tx: Tx, ctx: Ctx, type: WebhookEvent, datas: Record<string, unknown>[]): Promise<void> {
  if (!datas.length) return
  const subs = await repo.activeFor(tx, type)
  if (!subs.length) return
  const now = ctx.clock.now()
  const rows = subs.flatMap((s) => datas.map((data) => ({
    id: newId(), subscriptionId: s.id, eventType: type, payload: JSON.stringify({ type, at: now.toISOString(), data }), status: 'pending',
    lastStatusCode: null, lastError: null, createdAt: now, deliveredAt: null,
  })))
  for (let i = 0; i < rows.length; i += 1000) await repo.insertDeliveries(tx, rows.slice(i, i + 1000))
  await jobs.enqueueMany(tx, ctx.clock, rows.map((r) => ({ kind: WEBHOOK_JOB, payload: { deliveryId: r.id }, runAt: now, maxAttempts: WEBHOOK_MAX_ATTEMPTS })))
}

/** One delivery attempt, outside any transaction; throws on failure so the job backs off and retries. */
export async function deliver(ctx: Ctx, deliveryId: string, attempt: { attempts: number; maxAttempts: number }): Promise<void> {
  const d = await repo.delivery(ctx.db, deliveryId)
  if (!d || d.status === 'delivered') return
  const s = await repo.subscription(ctx.db, d.subscriptionId)
  if (!s || !s.active) {
    await ctx.db.transaction().execute((tx) => repo.updateDelivery(tx, d.id, { status: 'failed', lastError: 'subscription inactive' }))
    return
  }
  // The guard runs inside the connection's own lookup (webhook.http.ts), so the address checked is the
  // address dialled: a refusal fails the delivery for good, without retries.
  const body = JSON.stringify({ id: d.id, ...(d.payload as Record<string, unknown>) })
  const t = Math.floor(ctx.clock.now().getTime() / 1000)
  let status: number | null = null
  let error: string | null = null
  let refused = false
  try {
    const res = await postJson(new URL(s.url), body, {
      'content-type': 'application/json', 'user-agent': 'tianping-webhooks/1', 'x-tianping-event': d.eventType, 'x-tianping-delivery': d.id,
      'x-tianping-signature': sign(ctx.crypto.decrypt(s.secretEnc), t, body),
    }, { timeoutMs: TIMEOUT_MS, allowPrivate: ctx.config.webhookAllowPrivate })
    status = res.status
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`
  } catch (e) {
    refused = e instanceof ForbiddenTargetError
    error = refused ? `refused: ${(e as Error).message}` : (e as Error).message
  }
  if (refused) {
    await ctx.db.transaction().execute((tx) =>
      repo.updateDelivery(tx, d.id, { attempts: attempt.attempts, status: 'failed', lastStatusCode: null, lastError: error }),
    )
    return
  }
  const now = ctx.clock.now()
  const last = attempt.attempts >= attempt.maxAttempts
  await ctx.db.transaction().execute((tx) =>
    repo.updateDelivery(tx, d.id, {
      attempts: attempt.attempts, lastStatusCode: status, lastError: error,
      status: error ? (last ? 'failed' : 'retrying') : 'delivered', deliveredAt: error ? null : now,
    }),
  )
  if (error) throw new Error(`webhook ${s.id} delivery ${d.id}: ${error}`)
}

export const webhookJobHandlers: jobs.JobHandlers = {
  [WEBHOOK_JOB]: { transaction: false, run: (ctx, payload, job) => deliver(ctx, String(payload.deliveryId), job) },
}
