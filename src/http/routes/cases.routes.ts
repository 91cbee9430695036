import type { FastifyInstance } from 'fastify'
import { route } from '../route.ts'
import * as c from '../../contracts/cases.schema.ts'
import * as cases from '../../modules/cases/index.ts'

export function caseRoutes(app: FastifyInstance): void {
  route(app, c.createComplaint, async (ctx, { body }) => cases.receiveComplaint(ctx, body))
  route(app, c.listCases, async (ctx, { query }) => cases.listCases(ctx, query))
  route(app, c.getCase, async (ctx, { params }) => cases.getCase(ctx, params.id))
  route(app, c.caseAction, async (ctx, { params, body }) => cases.act(ctx, params.id, params.action, body ?? {}))
  route(app, c.completeStep, async (ctx, { params, body }) => cases.completeStep(ctx, params.id, params.stepId, body?.note))
  route(app, c.extendCase, async (ctx, { params, body }) => cases.extend(ctx, params.id, body))
  route(app, c.addNote, async (ctx, { params, body }) => cases.addNote(ctx, params.id, body.visibility, body.text))
  route(app, c.caseTimeline, async (ctx, { params, query }) => cases.timeline(ctx, params.id, query))
  route(app, c.revealParty, async (ctx, { params, body }) => cases.revealParty(ctx, params.id, params.partyId, body.reason, false))
  route(app, c.unsealReporter, async (ctx, { params, body }) => cases.revealParty(ctx, params.id, params.partyId, body.reason, true))
  route(app, c.declareInterest, async (ctx, { body }) => cases.declareInterest(ctx, body))
  route(app, c.createQueue, async (ctx, { body }) => cases.createQueue(ctx, body))
  route(app, c.listQueues, async (ctx) => cases.listQueues(ctx))
  route(app, c.ackermanPlan, async (_ctx, { query }) => ({ items: cases.ackermanPlan(query.targetFen) }))
  route(app, c.createOffer, async (ctx, { params, body }) => cases.createOffer(ctx, params.id, body))
  route(app, c.approveOffer, async (ctx, { params }) => cases.approveOffer(ctx, params.id, params.offerId))
  route(app, c.listOffers, async (ctx, { params }) => cases.listOffers(ctx, params.id))
  route(app, c.createPublicReport, async (ctx, { body }) => cases.fileReport(ctx, body))
  route(app, c.getPublicReport, async (ctx, { params }) => cases.reportStatus(ctx, params.receiptCode))
  route(app, c.addPublicReportMessage, async (ctx, { params, body }) => cases.addReporterMessage(ctx, params.receiptCode, body.text))
}
