// Cases API descriptors as the console calls them, and the small lookups several pages share.
import { useQuery } from '@tanstack/react-query'
import { ApiError, call, type Result } from '../../api/client.ts'
import type { getCase} from '../../../../src/contracts/cases.schema.ts';
import { ActionBody, caseAction, completeStep, listCases, listQueues } from '../../../../src/contracts/cases.schema.ts'
import { listUsers } from '../../../../src/contracts/auth.schema.ts'
import { listTaxonomy, type TaxonomyKind } from '../../../../src/contracts/taxonomy.schema.ts'
import { can, useSession } from '../../auth/session.tsx'

// The contract declares these bodies `.optional()`, which the typed client reads as "no body": the same
// descriptors with the plain object schema let the console send one.
export const caseActionEp = { ...caseAction, body: ActionBody }
export const completeStepEp = { ...completeStep, body: ActionBody.pick({ note: true }) }

export type CaseDetail = Result<typeof getCase>
export type CaseAction = CaseDetail['allowedActions'][number]

export const caseKey = (id: string) => ['cases', 'detail', id] as const

export type TaxonomyTermView = Result<typeof listTaxonomy>['items'][number]
export const taxonomyKey = (kind: TaxonomyKind) => ['cases', 'taxonomy', kind] as const
/** The terms of a kind (active and inactive), for the taxonomy page and the intake form's pickers. */
export function useTaxonomy(kind: TaxonomyKind) {
  return useQuery({ queryKey: taxonomyKey(kind), queryFn: () => call(listTaxonomy, { query: { kind } }), staleTime: 60_000 })
}

/** A regulator or police user reading granted cases: the redacted view, without the desk's internals. */
export const isGrantee = (me: Parameters<typeof can>[0]) => can(me, 'cases:read_granted') && !can(me, 'cases:read_all')

export function useQueues() {
  const { me } = useSession()
  return useQuery({ queryKey: ['cases', 'queues'], queryFn: () => call(listQueues), staleTime: 60_000, enabled: !isGrantee(me) })
}

/** Staff names for assignee pickers and columns; only users:read holders may list users. */
export function useStaff() {
  const { me } = useSession()
  const allowed = can(me, 'users:read')
  const q = useQuery({
    queryKey: ['cases', 'staff'],
    queryFn: () => call(listUsers, { query: { limit: 200, status: 'active' } }),
    enabled: allowed,
    staleTime: 60_000,
  })
  const byId = new Map((q.data?.items ?? []).map((u) => [u.id, u]))
  const handlers = (q.data?.items ?? []).filter((u) => u.roles.some((r) => r === 'handler' || r === 'supervisor'))
  return { byId, handlers, allowed, me }
}

/** The case with this number (TP-2026-000123), through the list endpoint's search; 404 ApiError if none. */
export async function findCaseByNumber(number: string): Promise<{ id: string; number: string }> {
  const n = number.trim()
  const found = await call(listCases, { query: { q: n, limit: 5 } })
  const hit = found.items.find((c) => c.number === n)
  if (!hit) throw new ApiError(404, 'cases.not_found', `case ${n} does not exist`)
  return hit
}
