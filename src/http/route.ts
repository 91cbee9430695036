// route(app, endpoint, handler): access check, zod validation of params/query/body, idempotency, and the
// response parsed through its schema (unknown fields stripped, so a new column never leaks).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { EndpointDef } from '../contracts/endpoint.ts'
import type { Ctx, Services } from '../platform/ctx.ts'
import { authorize, baseCtx, type RequestAuth } from './plugins/auth.ts'
import { RequestValidationError } from './plugins/errors.ts'
import * as idem from './plugins/idempotency.ts'

/* eslint-disable @typescript-eslint/no-explicit-any -- inference helpers over the endpoint generics */
type ParamsOf<E> = E extends EndpointDef<infer P, any, any, any> ? z.output<P> : never
type QueryOf<E> = E extends EndpointDef<any, infer Q, any, any> ? z.output<Q> : never
type BodyOf<E> = E extends EndpointDef<any, any, infer B, any> ? z.output<B> : never
type ResponseOf<E> = E extends EndpointDef<any, any, any, infer R> ? z.input<R> : never
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface HandlerInput<E extends EndpointDef> {
  params: ParamsOf<E>
  query: QueryOf<E>
  body: BodyOf<E>
  auth: RequestAuth
  req: FastifyRequest
  reply: FastifyReply
}

export type Handler<E extends EndpointDef> = (ctx: Ctx, input: HandlerInput<E>) => Promise<ResponseOf<E>>

declare module 'fastify' {
  interface FastifyInstance {
    tpEndpoints: EndpointDef[]
    tpServices: Services
  }
}

export class EndpointDeclarationError extends Error {
  override name = 'EndpointDeclarationError'
}

function parse<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string) {
  if (!schema) return undefined
  const r = schema.safeParse(value)
  if (!r.success) throw new RequestValidationError(where, r.error)
  return r.data
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function route<E extends EndpointDef<any, any, any, any>>(app: FastifyInstance, ep: E, handler: Handler<E>): void {
  const declared = [ep.permission ? 1 : 0, ep.public ? 1 : 0, ep.authenticated ? 1 : 0].reduce((a, b) => a + b, 0)
  if (declared !== 1) {
    throw new EndpointDeclarationError(`${ep.method} ${ep.path} must declare exactly one of permission, public or authenticated`)
  }
  app.tpEndpoints.push(ep)
  app.route({
    method: ep.method,
    url: ep.path,
    handler: async (req, reply) => {
      const services = app.tpServices
      const auth = await authorize(services, req, reply, ep)
      const params = parse(ep.params, req.params, 'params')
      const query = parse(ep.query, req.query, 'query')
      const hasBody = req.body !== undefined && req.body !== null
      if (!ep.body && hasBody && ep.method !== 'GET' && ep.method !== 'DELETE') {
        // Tolerate an empty JSON object on body-less actions; anything else is a client mistake.
        if (!(typeof req.body === 'object' && Object.keys(req.body as object).length === 0)) {
          throw new RequestValidationError('body', new (await import('zod')).ZodError([{ code: 'custom', path: [], message: 'this endpoint takes no body', input: req.body }]))
        }
      }
      const body = ep.body ? parse(ep.body, req.body ?? undefined, 'body') : undefined
      const key = ep.idempotent ? idem.idempotencyKeyOf(req.headers['idempotency-key']) : null
      const path = req.url.split('?')[0]!
      let slot: idem.Slot | null = null
      if (key) {
        const r = await idem.reserve(services, auth, key, ep.method, path, req.body)
        if ('replay' in r) {
          void reply.header('idempotent-replayed', 'true')
          return reply.status(r.replay.statusCode).send(r.replay.body)
        }
        slot = r.slot
      }
      const ctx = baseCtx(services, req, auth.actor)
      let out: unknown
      const status = ep.status ?? 200
      try {
        const result = await handler(ctx, { params, query, body, auth, req, reply } as HandlerInput<E>)
        if (reply.sent) return reply
        out = ep.response.parse(result)
      } catch (e) {
        if (slot) await idem.release(services, slot)
        throw e
      }
      if (slot) await idem.complete(services, slot, { statusCode: status, body: JSON.parse(JSON.stringify(out)) }, ep.secretFields ?? [])
      return reply.status(status).send(out)
    },
  })
}
