// Creates honour Idempotency-Key: the first response per (actor, key) is stored and replayed; the same key
// with another body is a 409.
import { sha256Hex } from '../../platform/crypto.ts'
import { canonicalJson } from '../../modules/audit/index.ts'
import type { Services } from '../../platform/ctx.ts'
import type { RequestAuth } from './auth.ts'
import { ConflictError, ValidationError } from '../../platform/errors.ts'

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

export async function lookup(s: Services, a: RequestAuth, key: string, method: string, path: string, body: unknown): Promise<StoredResponse | null> {
  const row = await s.db.selectFrom('idempotencyKey').selectAll().where('actor', '=', actorKey(a)).where('key', '=', key).executeTakeFirst()
  if (!row) return null
  if (row.method !== method || row.path !== path || row.requestHash !== sha256Hex(canonicalJson(body ?? null))) {
    throw new ConflictError('request.idempotency_key_reused', `Idempotency-Key "${key}" was already used with a different request`, { key })
  }
  return { statusCode: row.statusCode, body: row.response }
}

export async function store(s: Services, a: RequestAuth, key: string, method: string, path: string, body: unknown, res: StoredResponse): Promise<void> {
  await s.db
    .insertInto('idempotencyKey')
    .values({
      actor: actorKey(a), key, method, path, requestHash: sha256Hex(canonicalJson(body ?? null)),
      statusCode: res.statusCode, response: JSON.stringify(res.body), createdAt: s.clock.now(),
    })
    .onConflict((oc) => oc.columns(['actor', 'key']).doNothing())
    .execute()
}
