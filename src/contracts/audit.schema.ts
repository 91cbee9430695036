import { z } from 'zod'
import { endpoint, Limits } from './endpoint.ts'

export const AuditEntry = z.object({
  seq: z.number().int(), id: z.uuid(), at: z.date(), actorKind: z.string(), actorId: z.string().nullable(),
  actorName: z.string().nullable(), action: z.string(), targetType: z.string().nullable(), targetId: z.string().nullable(),
  requestId: z.string().nullable(), data: z.record(z.string(), z.unknown()), prevHash: z.string(), hash: z.string(),
})
export const AuditQuery = z.object({
  action: z.string().trim().max(100).optional(), actorId: z.string().max(100).optional(), targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(), from: z.coerce.date().optional(), to: z.coerce.date().optional(),
  q: z.string().trim().max(100).optional(), cursor: z.string().regex(/^\d+$/, 'a cursor from nextCursor').optional(),
  limit: z.coerce.number().int().min(1).max(Limits.pageMax).default(Limits.pageDefault),
})
export const listAudit = endpoint({
  method: 'GET', path: '/api/v1/audit', permission: 'audit:read', summary: 'Audit log, newest first, filtered', tags: ['audit'],
  query: AuditQuery, response: z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }),
})
export const AuditVerifyResult = z.object({
  ok: z.boolean(), rows: z.number().int(), headSeq: z.number().int(), headHash: z.string(), problem: z.string().nullable(),
})
export const verifyAudit = endpoint({
  method: 'POST', path: '/api/v1/audit/verify', permission: 'audit:read', summary: 'Walk the hash chain and report the first broken row',
  tags: ['audit'], response: AuditVerifyResult,
})
export const auditHead = endpoint({
  method: 'GET', path: '/api/v1/audit/head', permission: 'audit:read', summary: 'The newest row\'s sequence and hash (publishable)',
  tags: ['audit'], response: z.object({ seq: z.number().int(), hash: z.string() }),
})
