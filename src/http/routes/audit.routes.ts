import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/audit.schema.ts'
import * as audit from '../../modules/audit/index.ts'
import { dbOf } from '../../platform/ctx.ts'

export function auditRoutes(app: FastifyInstance): void {
  route(app, c.listAudit, async (ctx, { query }) => {
    const rows = await audit.list(dbOf(ctx), { ...query, beforeSeq: query.cursor ? Number(query.cursor) : undefined, limit: query.limit + 1 })
    const items = rows.slice(0, query.limit)
    return { items, nextCursor: rows.length > query.limit ? String(items[items.length - 1]!.seq) : null }
  })
  route(app, c.verifyAudit, async (ctx) => {
    const r = await audit.verify(dbOf(ctx))
    return { ...r, problem: r.problem ? audit.describeProblem(r.problem) : null }
  })
  route(app, c.auditHead, async (ctx) => audit.head(dbOf(ctx)))
}
