// Creates honour Idempotency-Key: the first request per (actor, key) reserves the key, and its response is
// stored and replayed; the same key with another request is a 409, and a key whose first request is still
// running is a 409 too (so two concurrent retries never create twice). Secrets in a response (one-time
// passwords, API tokens) are never stored: a replay returns them as null. Keys expire after 24 hours.
import { sha256Hex } from '../../platform/crypto.ts'
import { canonicalJson } from '../../modules/audit/index.ts'
import type { Services } from '../../platform/ctx.ts'
import type { RequestAuth } from './auth.ts'
import { ConflictError, ValidationError } from '../../platform/errors.ts'

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000
const PENDING = 0

export interface StoredResponse {
  statusCode: number
  body: unknown
}

function actorKey(a: RequestAuth): string {
  return `${a.actor.kind}:${a.actor.id ?? 'anonymous'}`
}

export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null
  const k = Array.isArray(header) ? header[0] : header
  if (!k || k.length > 200 || !/^[\x21-\x7e]+$/.test(k)) {
    throw new ValidationError('request.invalid_idempotency_key', 'Idempotency-Key must be 1–200 printable ASCII characters')
  }
  return k
}

export interface Slot {
  actor: string
  key: string
}

/** Reserves the key, or returns the stored response to replay. */
export async function reserve(s: Services, a: RequestAuth, key: string, method: string, path: string, body: unknown): Promise<{ slot: Slot } | { replay: StoredResponse }> {
  const actor = actorKey(a)
  const requestHash = sha256Hex(canonicalJson(body ?? null))
  const now = s.clock.now()
  for (let attempt = 0; attempt < 2; attempt++) {
    const inserted = await s.db
      .insertInto('idempotencyKey')
      .values({ actor, key, method, path, requestHash, statusCode: PENDING, response: 'null', createdAt: now })
      .onConflict((oc) => oc.columns(['actor', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst()
    if (inserted) return { slot: { actor, key } }
    const row = await s.db.selectFrom('idempotencyKey').selectAll().where('actor', '=', actor).where('key', '=', key).executeTakeFirst()
    if (!row) continue // released between our insert and select: try once more
    if (now.getTime() - row.createdAt.getTime() > IDEMPOTENCY_TTL_MS) {
      await s.db.deleteFrom('idempotencyKey').where('actor', '=', actor).where('key', '=', key).where('createdAt', '=', row.createdAt).execute()
      continue
    }
    if (row.method !== method || row.path !== path || row.requestHash !== requestHash) {
      throw new ConflictError('request.idempotency_key_reused', `Idempotency-Key "${key}" was already used with a different request`, { key })
    }
    if (row.statusCode === PENDING) {
      throw new ConflictError('request.idempotency_in_progress', `the first request with Idempotency-Key "${key}" is still running; retry shortly`, { key })
    }
    return { replay: { statusCode: row.statusCode, body: row.response } }
  }
  throw new ConflictError('request.idempotency_in_progress', `Idempotency-Key "${key}" is busy; retry shortly`, { key })
}

/** Stores the response, with the named secret fields blanked, and purges expired keys now and then. */
export async function complete(s: Services, slot: Slot, res: StoredResponse, secretFields: readonly string[] = []): Promise<void> {
  let body = res.body
  if (secretFields.length && body && typeof body === 'object') {
    body = { ...(body as Record<string, unknown>) }
    for (const f of secretFields) if (f in (body as Record<string, unknown>)) (body as Record<string, unknown>)[f] = null
  }
  await s.db
    .updateTable('idempotencyKey')
    .set({ statusCode: res.statusCode, response: JSON.stringify(body) })
    .where('actor', '=', slot.actor)
    .where('key', '=', slot.key)
    .execute()
  if (Math.random() < 0.01) {
    await s.db.deleteFrom('idempotencyKey').where('createdAt', '<', new Date(s.clock.now().getTime() - IDEMPOTENCY_TTL_MS)).execute()
  }
}

/** The first request failed: free the key so a retry can run. */
export async function release(s: Services, slot: Slot): Promise<void> {
  await s.db.deleteFrom('idempotencyKey').where('actor', '=', slot.actor).where('key', '=', slot.key).where('statusCode', '=', PENDING).execute()
}
