// SSRF guard for webhook URLs: a subscriber must not make tianping POST into its own network (loopback,
// private ranges, link-local, cloud metadata). Checked at subscription (literal addresses and well-known
// metadata names) and again at delivery on every address the hostname resolves to, inside the connection's
// own lookup (webhook.http.ts).
import { BlockList, isIP } from 'node:net'

const forbidden = new BlockList()
forbidden.addSubnet('0.0.0.0', 8, 'ipv4') // "this network", 0.0.0.0 reaches localhost on Linux
forbidden.addSubnet('10.0.0.0', 8, 'ipv4')
forbidden.addSubnet('100.64.0.0', 10, 'ipv4') // carrier-grade NAT; Alibaba Cloud metadata is 100.100.100.200
forbidden.addSubnet('127.0.0.0', 8, 'ipv4')
forbidden.addSubnet('169.254.0.0', 16, 'ipv4') // link-local, metadata 169.254.169.254
forbidden.addSubnet('172.16.0.0', 12, 'ipv4')
forbidden.addSubnet('192.168.0.0', 16, 'ipv4')
forbidden.addSubnet('224.0.0.0', 4, 'ipv4') // multicast
forbidden.addSubnet('240.0.0.0', 4, 'ipv4') // reserved, broadcast
forbidden.addAddress('::', 'ipv6')
forbidden.addAddress('::1', 'ipv6')
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged by its IPv4 address (mappedIpv4): a ::ffff:0:0/96 rule here
// would also match every plain IPv4 address, since BlockList compares IPv4 as mapped IPv6.
forbidden.addSubnet('fc00::', 7, 'ipv6') // unique-local
forbidden.addSubnet('fe80::', 10, 'ipv6') // link-local
forbidden.addSubnet('ff00::', 8, 'ipv6') // multicast
forbidden.addAddress('fd00:ec2::254', 'ipv6') // AWS metadata over IPv6 (inside fc00::/7, named for clarity)

const metadataHosts = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal'])

/** The embedded IPv4 address of an IPv4-mapped IPv6 address (::ffff:a.b.c.d or ::ffff:xxxx:xxxx), else null. */
function mappedIpv4(address: string): string | null {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address)
  if (!m) return null
  if (m[1]) return m[1]
  const hi = parseInt(m[2]!, 16)
  const lo = parseInt(m[3]!, 16)
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
}

/** True when `address` (a literal IPv4 or IPv6 address) is one a webhook must never reach. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return forbidden.check(address, 'ipv4')
  if (family === 6) {
    const v4 = mappedIpv4(address)
    return v4 !== null ? forbidden.check(v4, 'ipv4') : forbidden.check(address, 'ipv6')
  }
  return false
}

/** The URL's host without IPv6 brackets or a trailing dot, lower case. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase()
}

/** Why a subscription URL is refused before any lookup (literal forbidden address or metadata name), or null. */
export function literalRefusal(url: URL): string | null {
  const host = hostOf(url)
  if (isIP(host) && isForbiddenAddress(host)) return `${host} is a loopback, private, link-local or metadata address`
  if (metadataHosts.has(host)) return `${host} is a cloud metadata host`
  return null
}
