import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/auth.schema.ts'
import * as auth from '../../modules/auth/index.ts'

export function apiKeyRoutes(app: FastifyInstance): void {
  route(app, c.listApiKeys, async (ctx, { query }) => auth.listApiKeys(ctx, query))
  route(app, c.createApiKey, async (ctx, { body }) => auth.createApiKey(ctx, body))
  route(app, c.revokeApiKey, async (ctx, { params }) => auth.revokeApiKey(ctx, params.id))
}
