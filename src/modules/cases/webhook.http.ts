// The webhook POST itself, over node:http(s) with the SSRF guard inside the connection's own DNS lookup:
// the addresses that are checked are the addresses that are dialled, so a rebinding resolver cannot answer
// a public address to the check and a private one to the connect.
import http from 'node:http'
import https from 'node:https'
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { isForbiddenAddress, literalRefusal } from './webhook.guard.ts'

/** Raised when the target resolves (or is) a loopback, private, link-local or metadata address. */
export class ForbiddenTargetError extends Error {
  readonly code = 'ETIANPING_FORBIDDEN_TARGET'
}

/**
 * A `lookup` for net.connect that resolves every address of the host and refuses the connection when any
 * of them is forbidden. Honours both call shapes: `all: true` (happy eyeballs) and a single address.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  const all: LookupAllOptions = { family: options.family ?? 0, hints: options.hints, all: true }
  dnsLookup(hostname, all, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0)
    const bad = addresses.map((a) => a.address).filter(isForbiddenAddress)
    if (bad.length || !addresses.length) {
      const e = new ForbiddenTargetError(`${hostname} resolves to ${bad.join(', ') || 'no address'} (loopback, private, link-local or metadata)`)
      return callback(e as NodeJS.ErrnoException, '', 0)
    }
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
    const first = addresses[0]!
    callback(null, first.address, first.family)
  })
}

export interface PostResult {
  status: number
}

/**
 * POSTs `body` to `url` without following redirects. With `allowPrivate` false the target must be public:
 * literal addresses are checked before connecting, names inside the connection's lookup. Rejects with
 * ForbiddenTargetError when refused, or the network error; resolves with the HTTP status otherwise.
 */
export function postJson(url: URL, body: string, headers: Record<string, string>, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  if (!opts.allowPrivate) {
    const refusal = literalRefusal(url)
    if (refusal) return Promise.reject(new ForbiddenTargetError(refusal))
  }
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: opts.timeoutMs,
        ...(opts.allowPrivate ? {} : { lookup: guardedLookup }),
        agent: false, // a fresh connection per delivery: no socket reused from an earlier lookup
      },
      (res) => {
        // Only the status matters; the receiver's body is never read, so a slow or endless one costs nothing.
        resolve({ status: res.statusCode ?? 0 })
        res.destroy()
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}
