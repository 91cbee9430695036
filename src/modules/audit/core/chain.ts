// Hash chain over audit rows: hash = sha256(prevHash + canonical JSON of the row's content).
// Canonical JSON: object keys sorted, no whitespace, arrays in order, undefined dropped.

export const GENESIS_HASH = '0'.repeat(64)

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null'
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** The fields a row's hash covers: everything but the hashes themselves. */
export interface ChainedContent {
  seq: number
  id: string
  at: string // ISO-8601, millisecond precision
  actorKind: string
  actorId: string | null
  actorName: string | null
  action: string
  targetType: string | null
  targetId: string | null
  requestId: string | null
  data: Record<string, unknown>
}

export function chainPayload(prevHash: string, content: ChainedContent): string {
  return prevHash + canonicalJson(content)
}

export type VerifyProblem =
  | { kind: 'hash_mismatch'; seq: number; id: string }
  | { kind: 'prev_mismatch'; seq: number; id: string }
  | { kind: 'gap'; seq: number; id: string; expectedSeq: number }

/** Checks one row against the previous row's hash and sequence; `hash` is the sha256 of the payload. */
export function checkLink(
  expectedPrevHash: string,
  expectedSeq: number,
  row: ChainedContent & { prevHash: string; hash: string },
  computedHash: string,
): VerifyProblem | null {
  if (row.seq !== expectedSeq) return { kind: 'gap', seq: row.seq, id: row.id, expectedSeq }
  if (row.prevHash !== expectedPrevHash) return { kind: 'prev_mismatch', seq: row.seq, id: row.id }
  if (row.hash !== computedHash) return { kind: 'hash_mismatch', seq: row.seq, id: row.id }
  return null
}

const PII_KEYS = new Set(['name', 'phone', 'idNumber', 'bankAccount', 'address', 'email', 'password', 'passwordHash', 'secret', 'totpSecretEnc', 'totpPendingSecretEnc', 'recoveryCodes', 'token', 'tokenHash', 'secretHash'])

/** Before/after diff of two records with PII and secrets replaced by "[redacted]". */
export function redactedDiff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  const b: Record<string, unknown> = {}
  const a: Record<string, unknown> = {}
  for (const k of keys) {
    const bv = before?.[k]
    const av = after?.[k]
    if (canonicalJson(bv) === canonicalJson(av)) continue
    if (PII_KEYS.has(k) || k.endsWith('Enc')) {
      if (before) b[k] = bv === undefined || bv === null ? bv : '[redacted]'
      if (after) a[k] = av === undefined || av === null ? av : '[redacted]'
    } else {
      if (before) b[k] = bv
      if (after) a[k] = av
    }
  }
  return { before: b, after: a }
}
