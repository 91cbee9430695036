// Who is calling: a session cookie (with CSRF on mutations) or a Bearer API key.
import type { FastifyReply, FastifyRequest } from 'fastify'
import * as auth from '../../modules/auth/index.ts'
import type { Actor, Ctx, Services } from '../../platform/ctx.ts'
import { publicActor } from '../../platform/ctx.ts'
import { ForbiddenError, UnauthenticatedError } from '../../platform/errors.ts'
import type { EndpointDef } from '../../contracts/endpoint.ts'
import { requestScope } from '../../platform/logger.ts'

export const SESSION_COOKIE = 'tp_session'

export interface RequestAuth {
  actor: Actor
  via: 'session' | 'apikey' | 'none'
  sessionId: string | null
  csrfToken: string | null
  mustChangePassword: boolean
  mustEnrolTotp: boolean
  expired: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    tpAuth?: RequestAuth
  }
}

export function baseCtx(services: Services, req: FastifyRequest, actor: Actor): Ctx {
  return { ...services, actor, requestId: String(req.id), ip: req.ip }
}

export async function resolveAuth(services: Services, req: FastifyRequest): Promise<RequestAuth> {
  if (req.tpAuth) return req.tpAuth
  const none: RequestAuth = { actor: publicActor, via: 'none', sessionId: null, csrfToken: null, mustChangePassword: false, mustEnrolTotp: false, expired: false }
  const ctx = baseCtx(services, req, publicActor)
  const header = req.headers.authorization
  let result = none
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header)
    const actor = m ? await auth.authenticateApiKey(ctx, m[1]!) : undefined
    if (!actor) throw new UnauthenticatedError('auth.invalid_api_key', 'the API key is unknown, revoked or expired')
    result = { ...none, actor, via: 'apikey' }
  } else {
    const token = req.cookies[SESSION_COOKIE]
    if (token) {
      const s = await auth.authenticateSession(ctx, token)
      if (s && 'expired' in s) result = { ...none, expired: true }
      else if (s && !s.session.mfaPending) {
        result = {
          actor: s.actor, via: 'session', sessionId: s.session.id, csrfToken: s.session.csrfToken,
          mustChangePassword: s.user.mustChangePassword,
          mustEnrolTotp: !s.user.totpEnabledAt && auth.requires2fa(ctx, s.user.roles), expired: false,
        }
      }
    }
  }
  req.tpAuth = result
  const scope = requestScope.getStore()
  if (scope && result.actor.id) scope.actorId = result.actor.id
  return result
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Enforces the endpoint's declared access: public, any logged-in user, or one permission. */
export async function authorize(services: Services, req: FastifyRequest, _reply: FastifyReply, ep: EndpointDef): Promise<RequestAuth> {
  const a = await resolveAuth(services, req)
  if (a.via === 'session' && !SAFE.has(req.method)) {
    const sent = req.headers['x-csrf-token']
    if (typeof sent !== 'string' || sent !== a.csrfToken) {
      throw new ForbiddenError('auth.csrf_failed', 'missing or wrong X-CSRF-Token header for a cookie-authenticated request')
    }
  }
  if (ep.public) return a
  if (a.via === 'none') {
    throw a.expired
      ? new UnauthenticatedError('auth.session_expired', 'your session has expired or was ended; log in again')
      : new UnauthenticatedError('auth.unauthenticated', 'log in or send an API key (Authorization: Bearer tp_…)')
  }
  if (!ep.allowPending && a.via === 'session') {
    if (a.mustChangePassword) throw new ForbiddenError('auth.password_change_required', 'change your one-time password first')
    if (a.mustEnrolTotp) throw new ForbiddenError('auth.totp_enrolment_required', 'your role requires 2FA: enrol an authenticator first')
  }
  if (ep.authenticated) {
    if (a.via === 'apikey') throw new ForbiddenError('auth.session_required', 'this endpoint is for logged-in users, not API keys')
    return a
  }
  if (ep.permission && !(a.actor.permissions.has('*') || a.actor.permissions.has(ep.permission))) {
    throw new ForbiddenError('auth.forbidden', `${a.via === 'apikey' ? 'this API key lacks the scope' : 'you lack the permission'} ${ep.permission}`, { permission: ep.permission })
  }
  return a
}
