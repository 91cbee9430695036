// Every route file, registered in one place.
import type { FastifyInstance } from 'fastify'
import { authRoutes } from './auth.routes.ts'
import { userRoutes } from './users.routes.ts'
import { apiKeyRoutes } from './apikeys.routes.ts'
import { auditRoutes } from './audit.routes.ts'
import { keywordRoutes } from './keywords.routes.ts'
import { caseRoutes } from './cases.routes.ts'
import { caseDashboardRoutes } from './cases-dashboard.routes.ts'
import { campaignRoutes } from './campaigns.routes.ts'
import { grantRoutes } from './grants.routes.ts'

export async function registerRoutes(app: FastifyInstance): Promise<void> {
  authRoutes(app)
  userRoutes(app)
  apiKeyRoutes(app)
  auditRoutes(app)
  await keywordRoutes(app)
  caseRoutes(app)
  caseDashboardRoutes(app)
  campaignRoutes(app)
  grantRoutes(app)
}
