// Identity link evidence: normalised identifier values, their masked display, and how much two complainants
// sharing them says. Weights encode independence: a family shares one flat and its home IP, so the IP adds
// nothing once the exact address matches; agent fields are one source of evidence however many match.

/** Kinds of identifier that can link two different complainants. */
export const linkKinds = [
  'phone', // complainant phone shared by different people
  'email',
  'device',
  'bank_account', // one payee account for many complainants
  'ip',
  'ip_block', // same IPv4 /24 (or IPv6 /64)
  'phone_block', // sequential SIM cards: same first 9 of 11 mobile digits
  'address_unit', // exact address: one household (family)
  'building', // same building, different rooms (room numbers stripped)
  'agent_phone', // 投诉代理人 phone
  'agent_name',
  'agent_org',
] as const
export type LinkKind = (typeof linkKinds)[number]

export const kindBit: Record<LinkKind, number> = Object.fromEntries(linkKinds.map((k, i) => [k, 1 << i])) as Record<LinkKind, number>

/** Per kind: weight of one shared value, and the degree (distinct complainants) above which the value is a hub and ignored. */
export interface KindPolicy {
  weight: number
  maxDegree: number
}

export const defaultKindPolicy: Record<LinkKind, KindPolicy> = {
  // Strong: a person's own phone, mailbox, device or payee account is rarely shared by strangers. A value
  // shared by very many is a placeholder ("00000000", a shop's demo phone) and is dropped.
  phone: { weight: 1, maxDegree: 300 },
  email: { weight: 1, maxDegree: 300 },
  device: { weight: 1, maxDegree: 300 },
  bank_account: { weight: 1, maxDegree: 300 },
  // Medium/weak, and hubs above a few dozen people: a carrier NAT or campus IP is shared by thousands.
  ip: { weight: 0.5, maxDegree: 30 },
  ip_block: { weight: 0.25, maxDegree: 30 },
  phone_block: { weight: 0.5, maxDegree: 20 },
  // A family at one address: alone never a ring.
  address_unit: { weight: 0.25, maxDegree: 12 },
  building: { weight: 0.5, maxDegree: 300 },
  // Agents: legal-aid clinics and lawyers represent unrelated clients, so an agent is corroboration, capped below.
  agent_phone: { weight: 0.5, maxDegree: 100000 },
  agent_name: { weight: 0.25, maxDegree: 100000 },
  agent_org: { weight: 0.25, maxDegree: 100000 },
}

/** Sum of evidence needed to link two complainants. */
export const LINK_THRESHOLD = 1
const AGENT_CAP = 0.5
/** Corroboration (same suspicious demand, filed within days) counts only on top of this much identity evidence. */
const CORROBORATION_FLOOR = 0.5
const CORROBORATION_CAP = 0.5

/** Evidence weight of a bitmask of shared kinds plus corroboration flags. */
export function linkWeight(mask: number, corroboration: { demand: boolean; timing: boolean }, policy = defaultKindPolicy): number {
  const has = (k: LinkKind): boolean => (mask & kindBit[k]) !== 0
  let w = 0
  for (const k of ['phone', 'email', 'device', 'bank_account', 'phone_block'] as const) if (has(k)) w += policy[k].weight
  // Same household: its router IP and /24 are expected, not independent evidence.
  if (has('address_unit')) w += policy.address_unit.weight
  else {
    if (has('building')) w += policy.building.weight
    if (has('ip')) w += policy.ip.weight
    else if (has('ip_block')) w += policy.ip_block.weight
  }
  let agent = 0
  for (const k of ['agent_phone', 'agent_name', 'agent_org'] as const) if (has(k)) agent += policy[k].weight
  w += Math.min(AGENT_CAP, agent)
  if (w >= CORROBORATION_FLOOR && w < LINK_THRESHOLD) {
    w += Math.min(CORROBORATION_CAP, (corroboration.demand ? 0.25 : 0) + (corroboration.timing ? 0.25 : 0))
  }
  return w
}

const junk = /^(?:0+|1+|9+|unknown|null|none|n\/?a|na|test|-+|x+|\*+|无|未知|空)$/i

function clean(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null
  const s = String(v).normalize('NFKC').trim()
  if (!s || junk.test(s)) return null
  return s
}

/** Digits only; mainland mobile numbers lose the +86 / 0086 prefix. */
export function normalizePhone(v: unknown): string | null {
  const s = clean(v)
  if (!s) return null
  let d = s.replace(/\D/g, '')
  if (d.length === 13 && d.startsWith('86')) d = d.slice(2)
  if (d.length === 15 && d.startsWith('0086')) d = d.slice(4)
  if (d.length < 5 || junk.test(d) || /^(\d)\1+$/.test(d)) return null
  return d
}

/** First 9 digits of an 11-digit mainland mobile: numbers bought in one batch share it. */
export function phoneBlock(phone: string): string | null {
  return phone.length === 11 && phone.startsWith('1') ? phone.slice(0, 9) : null
}

export function normalizeEmail(v: unknown): string | null {
  const s = clean(v)?.toLowerCase()
  return s && s.includes('@') ? s : null
}

export function normalizeToken(v: unknown): string | null {
  const s = clean(v)
  if (!s) return null
  const t = s.toLowerCase().replace(/[\s\-_:]/g, '')
  return t && !junk.test(t) && !/^(.)\1+$/.test(t) ? t : null
}

export function normalizeIdNumber(v: unknown): string | null {
  const s = clean(v)
  return s ? s.toUpperCase().replace(/\s/g, '') : null
}

export function normalizeAccount(v: unknown): string | null {
  const s = clean(v)
  if (!s) return null
  const d = s.replace(/[\s-]/g, '')
  return d.length >= 6 && !/^(.)\1+$/.test(d) ? d.toUpperCase() : null
}

/** Exact IP and its block (/24 for IPv4, first four groups for IPv6); null for private-looking junk. */
export function normalizeIp(v: unknown): { ip: string; block: string } | null {
  const s = clean(v)?.toLowerCase()
  if (!s) return null
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (m) {
    const parts = m.slice(1, 5).map(Number)
    if (parts.some((p) => p > 255)) return null
    return { ip: parts.join('.'), block: parts.slice(0, 3).join('.') }
  }
  if (s.includes(':')) {
    const groups = s.split(':')
    return { ip: s, block: groups.slice(0, 4).join(':') }
  }
  return null
}

const chineseDigits: Record<string, string> = { 零: '0', 〇: '0', 一: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' }

/**
 * Normalised address and its building key. Room-level parts at the end (1203室, 2单元, 12层, -502, #5B,
 * Apt 5B, Room 12) are stripped repeatedly, so "5号楼2单元1203室" and "5号楼1单元301" share "5号楼".
 */
export function normalizeAddress(v: unknown): { unit: string; building: string } | null {
  const s = clean(v)
  if (!s) return null
  let a = s.toLowerCase().replace(/[零〇一二两三四五六七八九]/g, (c) => chineseDigits[c] ?? c)
  a = a.replace(/[\s,，。.、;；:：()（）'"“”]+/g, ' ').trim()
  const unit = a.replace(/\s+/g, '')
  if (unit.length < 4) return null
  const roomPatterns = [
    /(?:\d+|[a-z])\s*(?:室|房|户|号房)$/,
    /\d+\s*(?:单元|层|楼层)$/,
    /(?<=(?:号楼|栋|幢|座|号|单元|层|大厦|公寓|小区|花园|苑|院)\s*)\d+[a-z]?$/, // bare room number after a building (…5号楼1203)
    /[-#]\s*\w+$/,
    /\b(?:apt|apartment|unit|room|rm|suite|ste|flat|floor)\s*\w*$/,
  ]
  let b = a
  for (let changed = true; changed; ) {
    changed = false
    for (const p of roomPatterns) {
      const next = b.replace(p, '').trim()
      // Stop before eating the building number itself ("88号", "5号楼", "12 main st").
      if (next !== b && next.length >= 4 && !/(?:号|号楼|栋|幢|座)$/.test(b)) {
        b = next
        changed = true
      }
    }
  }
  const building = b.replace(/\s+/g, '')
  return { unit, building }
}

export function normalizeName(v: unknown): string | null {
  const s = clean(v)
  return s ? s.toLowerCase().replace(/\s+/g, ' ') : null
}

export function normalizeOrg(v: unknown): string | null {
  const s = clean(v)
  return s ? s.toLowerCase().replace(/[\s,，.。()（）]+/g, '') : null
}

// Masks for reasons and summaries: enough to recognise a value in a case file, not enough to contact anyone.

export function maskPhone(p: string): string {
  if (p.length >= 7) return `${p.slice(0, 3)}****${p.slice(-4)}`
  return `${p.slice(0, 1)}****`
}

export function maskEmail(e: string): string {
  const [user = '', domain = ''] = e.split('@')
  return `${user.slice(0, 1)}***@${domain}`
}

export function maskTail(v: string, keep = 4): string {
  return v.length <= keep ? '****' : `****${v.slice(-keep)}`
}

export function maskIp(ip: string, block: boolean): string {
  if (ip.includes(':')) return `${ip.split(':').slice(0, 4).join(':')}::*`
  return block ? `${ip}.*` : `${ip.split('.').slice(0, 3).join('.')}.*`
}

/** Keeps the first characters (city, district, street: not personal) of an address. */
export function maskAddress(a: string): string {
  const keep = Math.min(a.length - 1, Math.max(4, Math.ceil(a.length * 0.6)))
  return `${a.slice(0, keep)}…`
}

export function maskName(n: string): string {
  const chars = [...n]
  if (chars.length <= 1) return '*'
  return chars[0] + '*'.repeat(Math.min(3, chars.length - 1))
}

/** Display form of a value of a kind, masked. */
export function maskValue(kind: LinkKind, value: string): string {
  switch (kind) {
    case 'phone':
    case 'agent_phone':
      return maskPhone(value)
    case 'phone_block':
      return `${value.slice(0, 3)}****${value.slice(7)}xx`
    case 'email':
      return maskEmail(value)
    case 'device':
      return `${value.slice(0, 4)}…${maskTail(value, 2)}`
    case 'bank_account':
      return maskTail(value)
    case 'ip':
      return maskIp(value, false)
    case 'ip_block':
      return maskIp(value, true)
    case 'address_unit':
    case 'building':
      return maskAddress(value)
    case 'agent_name':
      return maskName(value)
    case 'agent_org':
      return value
  }
}

export const kindLabel: Record<LinkKind, string> = {
  phone: 'phone',
  email: 'email',
  device: 'device id',
  bank_account: 'bank account',
  ip: 'IP',
  ip_block: 'IP range',
  phone_block: 'phone number block',
  address_unit: 'address',
  building: 'building',
  agent_phone: 'agent phone',
  agent_name: 'agent name',
  agent_org: 'agent organisation',
}
