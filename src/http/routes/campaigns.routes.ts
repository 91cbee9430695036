import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/campaigns.schema.ts'
import * as campaigns from '../../modules/campaigns/index.ts'
import * as cases from '../../modules/cases/index.ts'
import type { Ctx } from '../../platform/ctx.ts'

/** The playbook's steps go through the cases module (campaigns cannot import cases: cases imports campaigns). */
function playbookSteps(ctx: Ctx): campaigns.PlaybookSteps {
  return {
    async tag(ids, tag) {
      const r = await cases.bulk(ctx, ids, { type: 'tag', add: [tag], remove: [] })
      return { ok: r.ok, failed: r.failed }
    },
    async note(id, text) {
      await cases.addNote(ctx, id, 'internal', text)
    },
  }
}

export function campaignRoutes(app: FastifyInstance): void {
  route(app, c.listCampaigns, (ctx, { query }) => campaigns.listCampaigns(ctx, query))
  route(app, c.reclusterCampaigns, (ctx) => campaigns.requestRecluster(ctx))
  route(app, c.getCampaign, (ctx, { params }) => campaigns.getCampaign(ctx, params.id))
  route(app, c.confirmCampaign, async (ctx, { params, body }) => {
    await campaigns.review(ctx, params.id, 'confirmed', body.reason)
    return campaigns.getCampaign(ctx, params.id)
  })
  route(app, c.dismissCampaign, async (ctx, { params, body }) => {
    await campaigns.review(ctx, params.id, 'dismissed', body.reason)
    return campaigns.getCampaign(ctx, params.id)
  })
  route(app, c.applyCampaignPlaybook, (ctx, { params, body }) => campaigns.applyPlaybook(ctx, params.id, body, playbookSteps(ctx)))
  route(app, c.exportCampaignEvidence, async (ctx, { params, query, reply }) => {
    const name = `campaign-${params.id}`
    if (query.format === 'json') {
      const p = await campaigns.evidencePackage(ctx, params.id, 'json')
      void reply.header('content-disposition', `attachment; filename="${name}.json"`)
      return p as unknown as Record<string, unknown>
    }
    const font = campaigns.cjkFont()
    const p = await campaigns.evidencePackage(ctx, params.id, font ? 'pdf' : 'html')
    if (!font) {
      void reply.type('text/html; charset=utf-8').header('content-disposition', `attachment; filename="${name}.html"`)
      return Buffer.from(campaigns.renderHtml(p), 'utf8')
    }
    void reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`)
    return campaigns.renderPdf(p, font)
  })
  route(app, c.listBursts, (ctx, { query }) => campaigns.listBursts(ctx, query))
  route(app, c.ackBurst, (ctx, { params }) => campaigns.acknowledgeBurst(ctx, params.id))
  route(app, c.listCampaignFeedback, (ctx) => campaigns.listFeedback(ctx))
}
