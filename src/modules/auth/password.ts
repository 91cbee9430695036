// argon2id with the OWASP-recommended minimum (m=19 MiB, t=2, p=1).
import { hash, verify } from '@node-rs/argon2'
import { randomInt } from 'node:crypto'

const options = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(plain: string): Promise<string> {
  return hash(plain, options)
}

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain)
  } catch {
    return false
  }
}

// No look-alike characters (0/O, 1/l/I) so a printed password can be typed.
const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export function generatePassword(length = 16): string {
  let s = ''
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)]
  return s
}

/** Recovery codes like `k7qm-2xhf-9tdw`. */
export function generateRecoveryCode(): string {
  const lower = 'abcdefghjkmnpqrstuvwxyz23456789'
  const parts: string[] = []
  for (let p = 0; p < 3; p++) {
    let s = ''
    for (let i = 0; i < 4; i++) s += lower[randomInt(lower.length)]
    parts.push(s)
  }
  return parts.join('-')
}
