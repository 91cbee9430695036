import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/cases-dashboard.schema.ts'
// The cases module's index.ts (owned by the cases API) does not re-export the dashboard yet.
// eslint-disable-next-line no-restricted-imports
import { slaDashboard } from '../../modules/cases/dashboard.service.ts'

export function caseDashboardRoutes(app: FastifyInstance): void {
  route(app, c.slaDashboard, async (ctx, { query }) => slaDashboard(ctx, query))
}
