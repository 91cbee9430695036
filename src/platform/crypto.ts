// PII at rest: AES-256-GCM with versioned keys derived (HKDF-SHA256) from the master key, plus an
// HMAC-SHA256 blind index of the normalized value for equality matching without decrypting.
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'

export type PiiKind = 'name' | 'phone' | 'email' | 'idNumber' | 'bankAccount' | 'address' | 'text' | 'deviceId' | 'ip'

export class PiiCrypto {
  private readonly keys = new Map<number, Buffer>()
  private readonly blindKey: Buffer
  readonly currentVersion: number
  constructor(masterKey: Buffer, currentVersion = 1) {
    if (masterKey.length !== 32) throw new Error('master key must be 32 bytes')
    this.currentVersion = currentVersion
    for (let v = 1; v <= currentVersion; v++) {
      this.keys.set(v, Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `tianping pii v${v}`, 32)))
    }
    this.blindKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tianping blind-index v1', 32))
  }

  /** `v<key>:<base64(iv|tag|ciphertext)>`; the key version travels with the value for rotation. */
  encrypt(plain: string): string {
    const key = this.keys.get(this.currentVersion)!
    const iv = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', key, iv)
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()])
    return `v${this.currentVersion}:${Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64')}`
  }

  decrypt(sealed: string): string {
    const m = /^v(\d+):([A-Za-z0-9+/=]+)$/.exec(sealed)
    if (!m) throw new Error('not an encrypted value')
    const key = this.keys.get(Number(m[1]))
    if (!key) throw new Error(`unknown PII key version ${m[1]}`)
    const raw = Buffer.from(m[2]!, 'base64')
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12))
    d.setAuthTag(raw.subarray(12, 28))
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8')
  }

  /** Blind index of the normalized value: equal inputs (after normalization) give equal indexes. */
  blindIndex(kind: PiiKind, value: string): string {
    return createHmac('sha256', this.blindKey).update(`${kind}\u0000${normalizePii(kind, value)}`).digest('hex').slice(0, 32)
  }
}

/** Normalization before blind indexing: digits only for numbers, case and width folded for text. */
export function normalizePii(kind: PiiKind, value: string): string {
  const v = value.normalize('NFKC').trim()
  switch (kind) {
    case 'phone': {
      const digits = v.replace(/\D/g, '')
      return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits
    }
    case 'bankAccount':
      return v.replace(/\D/g, '')
    case 'idNumber':
      return v.replace(/\s/g, '').toUpperCase()
    case 'email':
      return v.toLowerCase()
    case 'address':
    case 'name':
    case 'text':
    case 'deviceId':
    case 'ip':
      return v.replace(/\s+/g, '').toLowerCase()
  }
}

/** Masks for display without pii:read: 138****5678, 110***********1234, 张*. */
export function maskPii(kind: PiiKind, value: string): string {
  const v = value.trim()
  switch (kind) {
    case 'phone':
      return v.length >= 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****'
    case 'idNumber':
    case 'bankAccount':
      return v.length > 8 ? `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}` : '****'
    case 'email': {
      const at = v.indexOf('@')
      return at > 0 ? `${v[0]}***${v.slice(at)}` : '***'
    }
    case 'name':
      return v.length <= 1 ? '*' : `${[...v][0]}${'*'.repeat(Math.min(3, [...v].length - 1))}`
    case 'address':
      return [...v].slice(0, 6).join('') + '****'
    case 'text':
    case 'deviceId':
    case 'ip':
      return '****'
  }
}

export function sha256Hex(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex')
}

export function safeEqualHex(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex')
  const bb = Buffer.from(b, 'hex')
  return ba.length === bb.length && timingSafeEqual(ba, bb)
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export interface MasterKeyResult {
  key: Buffer
  generated: boolean
  path?: string
}

/** Production requires TIANPING_MASTER_KEY; development generates one in the data directory once. */
export function resolveMasterKey(opts: { masterKey: string | undefined; dataDir: string; env: string }): MasterKeyResult {
  if (opts.masterKey) return { key: Buffer.from(opts.masterKey, 'base64'), generated: false }
  if (opts.env === 'production') throw new Error('TIANPING_MASTER_KEY is required in production')
  const path = join(opts.dataDir, 'master.key')
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key`)
    return { key, generated: false, path }
  }
  mkdirSync(opts.dataDir, { recursive: true })
  const key = randomBytes(32)
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600 })
  chmodSync(path, 0o600)
  return { key, generated: true, path }
}
