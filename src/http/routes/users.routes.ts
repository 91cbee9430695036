import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/auth.schema.ts'
import * as auth from '../../modules/auth/index.ts'
import { roles, rolePermissions } from '../../contracts/permissions.ts'
import { ForbiddenError } from '../../platform/errors.ts'

export function userRoutes(app: FastifyInstance): void {
  route(app, c.listUsers, async (ctx, { query }) => auth.listUsers(ctx, query))
  route(app, c.getUser, async (ctx, { params }) => auth.getUser(ctx, params.id))
  route(app, c.createUser, async (ctx, { body }) => {
    auth.ensureCanGrantRoles(ctx, body.roles)
    return auth.createUser(ctx, body)
  })
  route(app, c.updateUser, async (ctx, { params, body }) => {
    if (body.roles) auth.ensureCanGrantRoles(ctx, body.roles)
    return auth.updateUser(ctx, params.id, body)
  })
  // Handing out a password or removing a second factor is for a person at the console, not an integration.
  const sessionOnly = (a: { via: string }) => {
    if (a.via !== 'session') throw new ForbiddenError('auth.session_required', 'resetting credentials needs a logged-in administrator, not an API key')
  }
  route(app, c.resetUserPassword, async (ctx, { params, auth: a }) => {
    sessionOnly(a)
    return auth.resetPassword(ctx, params.id)
  })
  route(app, c.resetUserTotp, async (ctx, { params, auth: a }) => {
    sessionOnly(a)
    await auth.adminResetTotp(ctx, params.id)
    return { ok: true as const }
  })
  route(app, c.listRoles, async (ctx) => ({
    items: roles.map((role) => ({ role, permissions: [...rolePermissions[role]], requires2fa: auth.requires2fa(ctx, [role]) })),
  }))
}
