// The one place that maps errors to HTTP: DomainError subclasses by type, zod issues, Fastify's own errors.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ZodError } from 'zod'
import {
  DomainError, NotFoundError, ConflictError, ForbiddenError, UnauthenticatedError, ValidationError, RateLimitedError, TooLargeError,
} from '../../platform/errors.ts'

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown }
  requestId: string
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
  const body: ErrorEnvelope = { error: { code, message, ...(details !== undefined ? { details } : {}) }, requestId: String(reply.request.id) }
  return reply.status(status).type('application/json; charset=utf-8').send(body)
}

function statusOf(e: DomainError): number {
  if (e instanceof NotFoundError) return 404
  if (e instanceof ConflictError) return 409
  if (e instanceof ForbiddenError) return 403
  if (e instanceof UnauthenticatedError) return 401
  if (e instanceof ValidationError) return 400
  if (e instanceof RateLimitedError) return 429
  if (e instanceof TooLargeError) return 413
  return 500
}

/** zod issues named by where they are: `body.roles[2]: Invalid option`. */
export function zodDetails(where: string, err: ZodError): { issues: { path: string; message: string; code: string }[] } {
  return {
    issues: err.issues.map((i) => ({
      path: [where, ...i.path].map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join(''),
      message: i.message,
      code: i.code,
    })),
  }
}

export class RequestValidationError extends Error {
  readonly where: string
  readonly zod: ZodError
  constructor(where: string, zod: ZodError) {
    super(`invalid ${where}`)
    this.where = where
    this.zod = zod
  }
}

const fastifyCodes: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'request.too_large', 'request body is larger than the limit'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'request.unsupported_media_type', 'unsupported Content-Type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'request.invalid_json', 'body is empty but Content-Type is application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'request.invalid_length', 'Content-Length does not match the body'],
  FST_ERR_BAD_URL: [400, 'request.bad_url', 'malformed URL'],
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof RequestValidationError) {
      const first = err.zod.issues[0]
      const d = zodDetails(err.where, err.zod)
      return sendError(reply, 400, 'request.invalid', `invalid ${d.issues[0]?.path ?? err.where}: ${first?.message ?? 'invalid'}`, d)
    }
    if (err instanceof DomainError) {
      const status = statusOf(err)
      if (err instanceof RateLimitedError) void reply.header('retry-after', String(err.retryAfterSeconds))
      if (status === 500) req.log.error({ err }, 'unmapped domain error')
      return sendError(reply, status, err.code, err.message, err.details)
    }
    if (err instanceof ZodError) {
      // A response that does not fit its schema is our bug, not the client's.
      req.log.error({ issues: err.issues }, 'response failed its schema')
      return sendError(reply, 500, 'internal', 'internal error')
    }
    const fe = err as FastifyError
    if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError)) {
      return sendError(reply, 400, 'request.invalid_json', `malformed JSON body: ${err.message}`)
    }
    const mapped = fe.code ? fastifyCodes[fe.code] : undefined
    if (mapped) return sendError(reply, mapped[0], mapped[1], mapped[2])
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return sendError(reply, fe.statusCode, `request.${fe.code ? fe.code.toLowerCase().replace(/^fst_err_/, '') : 'invalid'}`, err.message)
    }
    req.log.error({ err }, 'unhandled error')
    return sendError(reply, 500, 'internal', 'internal error')
  })
}
