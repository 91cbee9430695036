// Routing rules (分派规则): the first active rule, by position, whose every condition matches picks the queue.
// Conditions are exact except category and region, which match a prefix ("信用卡" matches "信用卡/年费",
// "浙江省" matches "浙江省杭州市"), so a rule can name a branch of the category tree.

export const routingFields = ['kind', 'channel', 'sector', 'category', 'subjectType', 'subjectRef', 'region'] as const
export type RoutingField = (typeof routingFields)[number]
export type RoutingMatch = Partial<Record<RoutingField, string>>

export interface RoutingRule {
  id: string
  position: number
  match: RoutingMatch
  queueId: string
}

export type CaseFacts = Partial<Record<RoutingField, string | null>>

const prefixFields: ReadonlySet<RoutingField> = new Set(['category', 'region'])

export function ruleMatches(match: RoutingMatch, facts: CaseFacts): boolean {
  return routingFields.every((f) => {
    const want = match[f]
    if (want === undefined) return true
    const have = facts[f]
    if (have === undefined || have === null) return false
    return prefixFields.has(f) ? have.startsWith(want) : have === want
  })
}

/** The first matching rule by position (ties by id), or null. */
export function route(rules: readonly RoutingRule[], facts: CaseFacts): RoutingRule | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
  return ordered.find((r) => ruleMatches(r.match, facts)) ?? null
}

/** True when every case `later` matches is matched by `earlier` too (its conditions are implied by later's). */
export function covers(earlier: RoutingMatch, later: RoutingMatch): boolean {
  return routingFields.every((f) => {
    const want = earlier[f]
    if (want === undefined) return true
    const have = later[f]
    if (have === undefined) return false
    return prefixFields.has(f) ? have.startsWith(want) : have === want
  })
}

/**
 * For each rule, the earlier rule (by position, ties by id) that matches everything it matches, so it can
 * never fire; null when it can. The console warns with it; routing itself is unchanged.
 */
export function shadowedBy(rules: readonly RoutingRule[]): Map<string, string | null> {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
  const out = new Map<string, string | null>()
  ordered.forEach((r, i) => out.set(r.id, ordered.slice(0, i).find((e) => covers(e.match, r.match))?.id ?? null))
  return out
}

/**
 * Round robin: the first eligible member after the last assignee in a stable order (by name), wrapping
 * around; members who are not eligible for this case (recused, disabled) are skipped, not reordered.
 */
export function nextRoundRobin<T extends { id: string; username: string }>(
  members: readonly T[],
  lastId: string | null,
  eligible: (m: T) => boolean = () => true,
): T | null {
  const ordered = [...members].sort((a, b) => a.username.localeCompare(b.username))
  const start = lastId ? ordered.findIndex((m) => m.id === lastId) + 1 : 0
  for (let k = 0; k < ordered.length; k++) {
    const m = ordered[(start + k) % ordered.length]!
    if (eligible(m)) return m
  }
  return null
}
