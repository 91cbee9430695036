import type { FastifyInstance, FastifyReply } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/auth.schema.ts'
import * as auth from '../../modules/auth/index.ts'
import { SESSION_COOKIE, resolveAuth } from '../plugins/auth.ts'
import { UnauthenticatedError } from '../../platform/errors.ts'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf } from '../../platform/ctx.ts'
import { permissionsOf } from '../../contracts/permissions.ts'
import type { z } from 'zod'

function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires })
}

async function meOf(ctx: Ctx, userId: string, csrfToken: string): Promise<z.input<typeof c.Me>> {
  const u = await auth.findUserById(dbOf(ctx), userId)
  if (!u) throw new UnauthenticatedError('auth.unauthenticated', 'log in first')
  return {
    id: u.id, username: u.username, displayName: u.displayName, email: u.email,
    roles: u.roles as z.input<typeof c.Me>['roles'],
    permissions: [...permissionsOf(u.roles)],
    locale: (u.locale === 'en-US' ? 'en-US' : 'zh-CN'),
    totpEnabled: u.totpEnabledAt !== null,
    totpRequired: auth.requires2fa(ctx, u.roles),
    mustEnrolTotp: !u.totpEnabledAt && auth.requires2fa(ctx, u.roles),
    mustChangePassword: u.mustChangePassword,
    csrfToken,
  }
}

export function authRoutes(app: FastifyInstance): void {
  const secure = (req: { protocol: string }) => req.protocol === 'https'

  route(app, c.login, async (ctx, { body, reply, req }) => {
    const out = await auth.login(ctx, body.username, body.password, req.headers['user-agent'] ?? null)
    setSessionCookie(reply, out.token, out.session.expiresAt, secure(req))
    return {
      mfaRequired: out.mfaRequired,
      csrfToken: out.session.csrfToken,
      me: out.mfaRequired ? null : await meOf({ ...ctx, actor: auth.userActor(out.user) }, out.user.id, out.session.csrfToken),
    }
  })

  route(app, c.login2fa, async (ctx, { body, req, reply }) => {
    const token = req.cookies[SESSION_COOKIE]
    if (!token) throw new UnauthenticatedError('auth.no_pending_login', 'log in with your password first')
    const out = await auth.completeMfa(ctx, token, body)
    setSessionCookie(reply, out.token, out.session.expiresAt, secure(req))
    return { mfaRequired: false, csrfToken: out.session.csrfToken, me: await meOf({ ...ctx, actor: auth.userActor(out.user) }, out.user.id, out.session.csrfToken) }
  })

  route(app, c.logout, async (ctx, { req, reply }) => {
    const token = req.cookies[SESSION_COOKIE]
    const a = await resolveAuth(app.tpServices, req)
    if (token) await auth.logout({ ...ctx, actor: a.actor }, token)
    void reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { ok: true as const }
  })

  route(app, c.getMe, async (ctx, { auth: a }) => meOf(ctx, a.actor.userId!, a.csrfToken ?? ''))

  route(app, c.updateMe, async (ctx, { auth: a, body }) => {
    const { withTx } = await import('../../platform/ctx.ts')
    const audit = await import('../../modules/audit/index.ts')
    await withTx(ctx, async (tx) => {
      const before = await auth.findUserById(tx, a.actor.userId!)
      await tx.updateTable('appUser').set({ ...body, updatedAt: ctx.clock.now() }).where('id', '=', a.actor.userId!).execute()
      await audit.record(tx, ctx, 'user.profile_updated', { type: 'user', id: a.actor.userId! },
        audit.redactedDiff({ displayName: before?.displayName, locale: before?.locale }, { displayName: body.displayName ?? before?.displayName, locale: body.locale ?? before?.locale }))
    })
    return meOf(ctx, a.actor.userId!, a.csrfToken ?? '')
  })

  route(app, c.changePassword, async (ctx, { auth: a, body }) => {
    await auth.changeOwnPassword(ctx, a.sessionId, body.currentPassword, body.newPassword)
    return { ok: true as const }
  })

  route(app, c.enrolTotp, async (ctx, { auth: a }) => auth.startTotpEnrolment(ctx, a.actor.userId!))
  route(app, c.confirmTotp, async (ctx, { auth: a, body }) => auth.confirmTotpEnrolment(ctx, a.actor.userId!, body.code))
  route(app, c.disableTotp, async (ctx, { auth: a, body }) => {
    await auth.disableTotp(ctx, a.actor.userId!, body.password, body.code)
    return { ok: true as const }
  })

  route(app, c.listMySessions, async (ctx, { auth: a }) => {
    const items = await auth.listSessions(ctx, a.actor.userId!)
    return { items: items.map((s) => ({ ...s, current: s.id === a.sessionId })) }
  })
  route(app, c.revokeMySession, async (ctx, { auth: a, params }) => {
    await auth.revokeSession(ctx, a.actor.userId!, params.id)
    return { ok: true as const }
  })
}
