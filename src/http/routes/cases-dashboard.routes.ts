import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/cases-dashboard.schema.ts'
import * as cases from '../../modules/cases/index.ts'

export function caseDashboardRoutes(app: FastifyInstance): void {
  route(app, c.slaDashboard, async (ctx, { query }) => cases.slaDashboard(ctx, query))
}
