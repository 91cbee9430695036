// The Fastify application: JSON parsing with UTF-8 checks, auth, routes from src/contracts, health, OpenAPI,
// docs and the built console.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import cookie from '@fastify/cookie'
import multipart from '@fastify/multipart'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { Services } from '../platform/ctx.ts'
import { rootLogger, requestScope } from '../platform/logger.ts'
import { registerErrorHandling, sendError } from './plugins/errors.ts'
import { buildOpenApi } from './openapi.ts'
import { registerRoutes } from './routes/index.ts'
import { EvidenceLimits } from '../modules/cases/index.ts'
import { pendingMigrations } from '../db/migrate.ts'
import { sql } from 'kysely'
import type { Kysely } from 'kysely'

export const rootDir = join(import.meta.dirname, '..', '..')
export const version = (JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { version: string }).version

export interface AppOptions {
  services: Services
  /** Serve web/dist when it exists (off in API tests). */
  serveConsole?: boolean
  logger?: boolean
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
// Valid UTF-8 can still spell a lone surrogate or NUL through \u escapes; PostgreSQL text refuses both.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Request log lines: method and URL, with public receipt codes masked, and no client address on the
 * public (anonymous reporting) endpoints, where the database itself keeps only a keyed hash of it.
 */
export function serializeRequest(req: { method: string; url: string; ip?: string; socket?: { remoteAddress?: string } }): Record<string, unknown> {
  const url = req.url.replace(/(\/public\/reports\/)[^/?]+/, '$1[redacted]')
  const isPublic = req.url.startsWith('/api/v1/public/')
  return { method: req.method, url, ...(isPublic ? {} : { remoteAddress: req.ip ?? req.socket?.remoteAddress }) }
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { services } = opts
  const tp = services.config.trustProxy
  // A hop count trusts that many proxies in front of us (proxy-addr's rule for a number).
  const trustProxy = typeof tp === 'number' ? (_addr: string, hop: number) => hop < tp : tp
  const logger = opts.logger === false
    ? rootLogger.child({}, { level: 'silent' })
    : rootLogger.child({ module: 'http' }, { serializers: { req: serializeRequest } })
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: services.config.bodyLimitBytes,
    trustProxy,
    genReqId: (req) => {
      const h = req.headers['x-request-id']
      return typeof h === 'string' && /^[\w.-]{8,100}$/.test(h) ? h : randomUUID()
    },
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  })
  app.decorate('tpEndpoints', [])
  app.decorate('tpServices', services)

  app.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id)
    requestScope.run({ requestId: String(req.id) }, done)
  })
  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff')
    void reply.header('referrer-policy', 'same-origin')
    if (req.url.startsWith('/api/')) void reply.header('cache-control', 'no-store')
    return payload
  })

  // JSON only, valid UTF-8, no prototype keys.
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    let text: string
    try {
      text = utf8.decode(body)
    } catch {
      return done(Object.assign(new Error('body is not valid UTF-8'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_UTF8' }))
    }
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text, (k, v: unknown) => {
        if (typeof v === 'string' && unstorable.test(v)) throw new Error(`the string at "${k}" holds a NUL or an unpaired surrogate`)
        return k === '__proto__' || k === 'constructor' ? undefined : v
      }))
    } catch (e) {
      done(Object.assign(new Error((e as Error).message), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }))
    }
  })

  registerErrorHandling(app)
  await app.register(cookie)
  // Multipart bodies exist only for file uploads (evidence): one file part and a few small fields. A route
  // may ask for less when it reads the part (req.file({ limits })); none may ask for more.
  await app.register(multipart, { limits: { files: 1, fields: 5, fieldSize: 1000, fileSize: EvidenceLimits.maxBytes } })

  app.get('/healthz', async () => ({ status: 'ok', version }))
  app.get('/readyz', async (_req, reply) => {
    try {
      await sql`select 1`.execute(services.db)
      const pending = await pendingMigrations(services.db as unknown as Kysely<unknown>)
      if (pending.length) return sendError(reply, 503, 'system.migrations_pending', `migrations not applied: ${pending.join(', ')}`, { pending })
      return { status: 'ready', database: 'ok', migrations: 'current' }
    } catch (e) {
      reply.log.error({ err: e }, 'readiness check failed')
      return sendError(reply, 503, 'system.database_unreachable', 'database unreachable (details in the server log)')
    }
  })

  await registerRoutes(app)

  const openapi = buildOpenApi(app.tpEndpoints, version)
  app.get('/openapi.json', async () => openapi)
  const swagger = await import('@fastify/swagger')
  await app.register(swagger.default, { mode: 'static', specification: { document: openapi as never } })
  const swaggerUi = await import('@fastify/swagger-ui')
  await app.register(swaggerUi.default, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } })

  const dist = join(rootDir, 'web', 'dist')
  const routeNotFound = (req: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, 404, 'request.route_not_found', `no route ${req.method} ${req.url.split('?')[0]}`)
  if (opts.serveConsole !== false && existsSync(join(dist, 'index.html'))) {
    const fstatic = await import('@fastify/static')
    await app.register(fstatic.default, { root: dist, prefix: '/', wildcard: false, index: ['index.html'], maxAge: '1h' })
    const indexHtml = readFileSync(join(dist, 'index.html'))
    // Client-side routes: any GET that is not an API or asset path gets the console's index.html.
    app.setNotFoundHandler((req, reply) => {
      const path = req.url.split('?')[0]!
      if (req.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/assets/') && !/\.\w{1,5}$/.test(path)) {
        return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml)
      }
      return routeNotFound(req, reply)
    })
  } else {
    app.setNotFoundHandler(routeNotFound)
  }
  return app
}
