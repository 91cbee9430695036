// OpenAPI 3.1 from the same zod schemas that validate requests.
import { z } from 'zod'
import type { EndpointDef } from '../contracts/endpoint.ts'
import { ErrorBody } from '../contracts/endpoint.ts'

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(s, {
    io,
    unrepresentable: 'any',
    override: (c) => {
      const def = (c.zodSchema as { _zod?: { def?: { type?: string } } })._zod?.def
      if (def?.type === 'date') {
        c.jsonSchema.type = 'string'
        c.jsonSchema.format = 'date-time'
      }
    },
  }) as Record<string, unknown>
}

function toOpenApiPath(p: string): string {
  return p.replace(/:(\w+)/g, '{$1}')
}

export function buildOpenApi(endpoints: EndpointDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const ep of endpoints) {
    const parameters: unknown[] = []
    for (const [where, schema] of [['path', ep.params], ['query', ep.query]] as const) {
      if (!schema) continue
      const js = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] }
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s })
      }
    }
    if (ep.idempotent) parameters.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } })
    const access = ep.public ? 'public' : ep.authenticated ? 'any logged-in user' : `permission ${ep.permission}`
    const op: Record<string, unknown> = {
      summary: ep.summary,
      description: `Access: ${access}.`,
      tags: ep.tags,
      operationId: `${ep.method.toLowerCase()}${ep.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters,
      responses: {
        [String(ep.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: schemaOf(ep.response, 'output') } } },
        default: { description: 'Error envelope', content: { 'application/json': { schema: schemaOf(ErrorBody, 'output') } } },
      },
      ...(ep.public ? { security: [] } : {}),
    }
    if (ep.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(ep.body, 'input') } } }
    const path = toOpenApiPath(ep.path)
    paths[path] ??= {}
    paths[path][ep.method.toLowerCase()] = op
  }
  return {
    openapi: '3.1.0',
    info: { title: 'tianping 天平 API', version, description: 'Trust-and-safety and governance platform. Errors: {"error":{"code","message","details"},"requestId"}.' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'tp_session' },
        apiKey: { type: 'http', scheme: 'bearer', description: 'tp_<id>_<secret>' },
      },
    },
    security: [{ session: [] }, { apiKey: [] }],
    paths,
  }
}
