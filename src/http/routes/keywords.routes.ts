import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/keywords.schema.ts'
import * as keywords from '../../modules/keywords/index.ts'

export async function keywordRoutes(app: FastifyInstance): Promise<void> {
  route(app, c.scan, async (ctx, { body }) => keywords.scan(ctx, body))

  route(app, c.listLexicons, async (ctx) => keywords.listLexicons(ctx))
  route(app, c.getLexicon, async (ctx, { params }) => keywords.getLexicon(ctx, params.id))
  route(app, c.createLexicon, async (ctx, { body }) => keywords.createLexicon(ctx, body))
  route(app, c.updateLexicon, async (ctx, { params, body }) => keywords.updateLexicon(ctx, params.id, body))
  route(app, c.deleteLexicon, async (ctx, { params }) => {
    await keywords.deleteLexicon(ctx, params.id)
    return { ok: true as const }
  })

  route(app, c.listTerms, async (ctx, { params, query }) => keywords.listTerms(ctx, params.id, query))
  route(app, c.addTerm, async (ctx, { params, body }) => keywords.addTerm(ctx, params.id, body))
  route(app, c.updateTerm, async (ctx, { params, body }) =>
    keywords.updateTerm(ctx, params.id, params.termId, body),
  )
  route(app, c.deleteTerm, async (ctx, { params }) => ({
    ok: true as const,
    ...(await keywords.deleteTerm(ctx, params.id, params.termId)),
  }))

  // The import also takes the file itself as the body (text/plain for TERMS.txt, text/csv): the parser for
  // those types lives in this scope only, the rest of the API stays JSON-only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(['text/plain', 'text/csv'], { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    )
    route(scope, c.importTerms, async (ctx, { params, query, body, req }) => {
      if (typeof body === 'string') {
        const csv = String(req.headers['content-type'] ?? '').startsWith('text/csv')
        return keywords.importTerms(ctx, params.id, {
          format: query.format ?? (csv ? 'csv' : 'txt'),
          content: body,
          mode: query.mode ?? 'merge',
        })
      }
      return keywords.importTerms(ctx, params.id, body)
    })
  })
  route(app, c.exportTerms, async (ctx, { params, query, reply }) => {
    const out = await keywords.exportTerms(ctx, params.id, query.format)
    void reply
      .type(out.mediaType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(out.filename)}`)
    return out.content
  })

  route(app, c.keywordStats, async (ctx, { query }) => keywords.termStats(ctx, query))

  route(app, c.submitFeedback, async (ctx, { body }) => keywords.submitFeedback(ctx, body))
  route(app, c.listFeedback, async (ctx, { query }) => keywords.listFeedback(ctx, query))
  route(app, c.acceptFeedback, async (ctx, { params, body }) => keywords.acceptFeedback(ctx, params.id, body))
  route(app, c.rejectFeedback, async (ctx, { params, body }) => keywords.rejectFeedback(ctx, params.id, body))
}
