// Endpoint descriptors: one definition serves server validation, OpenAPI and the console's typed `call`.
import { z } from 'zod'
import type { Permission } from './permissions.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface EndpointDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod
  path: string // Fastify style: /api/v1/users/:id
  summary: string
  tags: string[]
  permission?: Permission
  /** No login needed. */
  public?: true
  /** Any logged-in user, no particular permission (own profile, own 2FA). */
  authenticated?: true
  /** Allowed while the user still owes a password change or a required 2FA enrolment. */
  allowPending?: true
  idempotent?: true
  /** Top-level response fields shown once (never stored for an idempotent replay, which returns them as null). */
  secretFields?: readonly string[]
  params?: P
  query?: Q
  body?: B
  status?: number
  response: R
}

export function endpoint<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  def: EndpointDef<P, Q, B, R>,
): EndpointDef<P, Q, B, R> {
  return def
}

export type Input<E> = E extends EndpointDef<infer P, infer Q, infer B, z.ZodType>
  ? (P extends z.ZodObject ? { params: z.input<P> } : { params?: undefined }) &
      (Q extends z.ZodObject ? { query?: z.input<Q> } : { query?: undefined }) &
      (B extends z.ZodObject | z.ZodArray | z.ZodUnion ? { body: z.input<B> } : { body?: undefined })
  : never
export type Output<E> = E extends EndpointDef<z.ZodType, z.ZodType, z.ZodType, infer R> ? z.output<R> : never

export const Limits = {
  pageMax: 200,
  pageDefault: 50,
  nameMax: 200,
  textMax: 20_000,
} as const

export const IdParams = z.object({ id: z.uuid() })
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(Limits.pageMax).default(Limits.pageDefault),
})
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
export const Ok = z.object({ ok: z.literal(true) })

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  requestId: z.string(),
})
