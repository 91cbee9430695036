// call(endpoint, input): the console's one way to reach the API, typed by the descriptors in src/contracts.
// Fills path params, query string and JSON body; sends the session's CSRF token on mutations and an
// Idempotency-Key on idempotent endpoints; turns the error envelope into an ApiError.
import type { EndpointDef, Input, Output } from '../../../src/contracts/endpoint.ts'

/** What JSON makes of a response: dates arrive as ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T

export type Result<E> = Wire<Output<E>>

export class ApiError extends Error {
  override name = 'ApiError'
  readonly status: number
  readonly code: string
  readonly details: unknown
  readonly requestId: string | null
  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string | null) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
    this.requestId = requestId ?? null
  }
}

let csrfToken: string | null = null
/** The logged-in session's CSRF token (from login, 2FA login or GET /auth/me); null after logout. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token || null
}
export function getCsrfToken(): string | null {
  return csrfToken
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** /api/v1/users/:id + {id} → /api/v1/users/0199…; a missing value is a programming error. */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const v = params?.[name]
    if (v === undefined || v === null || v === '') throw new Error(`missing path parameter "${name}" for ${path}`)
    return encodeURIComponent(String(v))
  })
}

export function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return ''
  const sp = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    for (const item of Array.isArray(v) ? (v as unknown[]) : [v]) {
      if (item === undefined || item === null || item === '') continue
      sp.append(k, item instanceof Date ? item.toISOString() : String(item))
    }
  }
  const s = sp.toString()
  return s ? `?${s}` : ''
}

/** Random key for Idempotency-Key; getRandomValues works on plain-http intranet hosts, randomUUID does not. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return `tpc-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

export interface CallOptions {
  /** Reuse a key to make a retried create safe; a fresh one is made otherwise. */
  idempotencyKey?: string
  signal?: AbortSignal
}

type Args<E> = object extends Input<E> ? [input?: Input<E>, options?: CallOptions] : [input: Input<E>, options?: CallOptions]

function isEnvelope(v: unknown): v is { error: { code: string; message: string; details?: unknown }; requestId?: string } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false
  const e = (v as { error: unknown }).error
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
}

export async function call<E extends EndpointDef>(ep: E, ...args: Args<E>): Promise<Result<E>> {
  const [input, options] = args as [{ params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown } | undefined, CallOptions | undefined]
  const url = fillPath(ep.path, input?.params) + queryString(input?.query)
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (input?.body !== undefined) headers['Content-Type'] = 'application/json'
  if (!SAFE_METHODS.has(ep.method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  if (ep.idempotent) headers['Idempotency-Key'] = options?.idempotencyKey ?? newIdempotencyKey()

  let res: Response
  try {
    res = await fetch(url, {
      method: ep.method,
      headers,
      body: input?.body !== undefined ? JSON.stringify(input.body) : undefined,
      credentials: 'same-origin',
      signal: options?.signal,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error')
  }

  const text = await res.text()
  let json: unknown = undefined
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  if (!res.ok) {
    if (isEnvelope(json)) throw new ApiError(res.status, json.error.code, json.error.message, json.error.details, json.requestId ?? null)
    throw new ApiError(res.status, `http.${res.status}`, `${ep.method} ${ep.path} failed with HTTP ${res.status}`)
  }
  if (json === undefined && text) throw new ApiError(res.status, 'response.invalid_json', `${ep.method} ${ep.path} returned a body that is not JSON`)
  return json as Result<E>
}

/**
 * Uploads one file as multipart/form-data (field `file`, plus plain fields) to a contract's endpoint,
 * outside the JSON body path of call(); CSRF token and error envelope as in call().
 */
export async function upload<E extends EndpointDef>(ep: E, params: Record<string, unknown> | undefined, file: File, fields: Record<string, string> = {}): Promise<Result<E>> {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  form.append('file', file, file.name)
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res: Response
  try {
    res = await fetch(fillPath(ep.path, params), { method: ep.method, body: form, headers, credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error')
  }
  const body = (await res.json().catch(() => null)) as unknown
  if (!res.ok) {
    if (isEnvelope(body)) throw new ApiError(res.status, body.error.code, body.error.message, body.error.details, body.requestId ?? null)
    throw new ApiError(res.status, `http.${res.status}`, `upload failed with HTTP ${res.status}`)
  }
  return body as Result<E>
}

/** Codes meaning "you are not logged in (any more)": the console returns to the login page. */
export function isLoggedOut(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401
}
