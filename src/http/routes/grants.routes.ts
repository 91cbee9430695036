import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as g from '../../contracts/grants.schema.ts'
import * as cases from '../../modules/cases/index.ts'

export function grantRoutes(app: FastifyInstance): void {
  route(app, g.createCaseGrant, async (ctx, { body }) => cases.createGrant(ctx, body))
  route(app, g.listCaseGrants, async (ctx, { query }) => cases.listGrants(ctx, query))
  route(app, g.revokeCaseGrant, async (ctx, { params }) => cases.revokeGrant(ctx, params.id))
}
