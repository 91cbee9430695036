// Case grants (外部调阅授权): regulators and police read listed cases, redacted, until the grant expires or is revoked.
import { z } from 'zod'
import { endpoint, IdParams, page, PageQuery } from './endpoint.ts'

export const GrantLimits = { casesMax: 500, daysMax: 90, purposeMax: 500 } as const
/** The roles a grant may be given to: external bodies, who see cases only through grants. */
export const grantRoles = ['regulator', 'police'] as const

export const CaseGrant = z.object({
  id: z.uuid(),
  granteeId: z.uuid(),
  granteeName: z.string().nullable(),
  caseIds: z.array(z.uuid()),
  purpose: z.string(),
  expiresAt: z.date(),
  createdBy: z.string(),
  createdAt: z.date(),
  revokedAt: z.date().nullable(),
  revokedBy: z.string().nullable(),
  active: z.boolean().describe('neither expired nor revoked'),
})
export type CaseGrant = z.output<typeof CaseGrant>

export const CaseGrantCreate = z.strictObject({
  granteeId: z.uuid().describe('a user with the role regulator or police'),
  caseIds: z.array(z.uuid()).min(1).max(GrantLimits.casesMax),
  purpose: z.string().trim().min(1).max(GrantLimits.purposeMax).describe('why: the request (协查函, 调阅函) and its reference'),
  expiresAt: z.iso.datetime({ offset: true }).describe(`required; at most ${GrantLimits.daysMax} days ahead`),
})
export type CaseGrantCreate = z.output<typeof CaseGrantCreate>

export const createCaseGrant = endpoint({
  method: 'POST', path: '/api/v1/case-grants', permission: 'grants:manage', idempotent: true, status: 201,
  summary: 'Let a regulator or police user read listed cases (redacted) until a date', tags: ['grants'],
  body: CaseGrantCreate, response: CaseGrant,
})
export const listCaseGrants = endpoint({
  method: 'GET', path: '/api/v1/case-grants', permission: 'grants:manage', summary: 'Case grants, newest first', tags: ['grants'],
  query: PageQuery.extend({ granteeId: z.uuid().optional(), includeInactive: z.stringbool().optional() }), response: page(CaseGrant),
})
export const revokeCaseGrant = endpoint({
  method: 'DELETE', path: '/api/v1/case-grants/:id', permission: 'grants:manage', summary: 'Revoke a case grant (it stays listed)', tags: ['grants'],
  params: IdParams, response: CaseGrant,
})
