// Resolves the case references people hand over (case numbers like TP-2026-000123, or ids) to cases the
// actor may see. A case outside the actor's scope resolves exactly like an unknown one: not at all.
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf } from '../../platform/ctx.ts'
import * as repo from './lookup.repo.ts'
import { caseScope } from './scope.ts'

export interface ResolvedCase {
  id: string
  number: string
  status: string
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const chunk = 1000

/** Each reference (trimmed; numbers match case-insensitively) mapped to its case; unresolved ones are missing. */
export async function resolveCaseRefs(ctx: Ctx, refs: string[]): Promise<Map<string, ResolvedCase>> {
  const wanted = [...new Set(refs.map((r) => r.trim()).filter(Boolean))]
  const ids = wanted.filter((r) => uuidPattern.test(r)).map((r) => r.toLowerCase())
  const numbers = wanted.filter((r) => !uuidPattern.test(r)).map((r) => r.toUpperCase())
  const byId = new Map<string, ResolvedCase>()
  const byNumber = new Map<string, ResolvedCase>()
  const scope = caseScope(ctx)
  for (let i = 0; i < Math.max(ids.length, numbers.length); i += chunk) {
    for (const r of await repo.visibleByRefs(dbOf(ctx), { ids: ids.slice(i, i + chunk), numbers: numbers.slice(i, i + chunk) }, scope)) {
      byId.set(r.id, r)
      byNumber.set(r.number, r)
    }
  }
  const out = new Map<string, ResolvedCase>()
  for (const ref of wanted) {
    const hit = uuidPattern.test(ref) ? byId.get(ref.toLowerCase()) : byNumber.get(ref.toUpperCase())
    if (hit) out.set(ref, hit)
  }
  return out
}
