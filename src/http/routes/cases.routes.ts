import type { FastifyInstance, FastifyRequest } from 'fastify'
import { route } from '../route.ts'
import { TooLargeError, ValidationError } from '../../platform/errors.ts'
import * as c from '../../contracts/cases.schema.ts'
import * as tx from '../../contracts/taxonomy.schema.ts'
import * as cases from '../../modules/cases/index.ts'

/** The desk's internal settings are not part of what a case grant exposes to a regulator or the police. */
const internalOnly = (ctx: Parameters<typeof cases.refuseGrantee>[0], what: string) => cases.refuseGrantee(ctx, what)

export function caseRoutes(app: FastifyInstance): void {
  route(app, c.createComplaint, async (ctx, { body }) => cases.receiveComplaint(ctx, body))
  route(app, c.importComplaints, async (ctx, { body }) =>
    cases.importComplaints(ctx, body.rows.map((record, i) => ({ row: i + 1, record })), { skipInvalid: body.skipInvalid }),
  )
  route(app, c.analyseCase, async (ctx, { params, body }) => cases.analyse(ctx, params.id, body))
  route(app, c.updateCase, async (ctx, { params, body }) => cases.updateCase(ctx, params.id, body))
  route(app, c.caseProfile, async (ctx, { params }) => cases.complainantProfile(ctx, params.id))
  route(app, c.bulkCases, async (ctx, { body }) => cases.bulk(ctx, body.ids, body.op))
  route(app, c.exportCases, async (ctx, { query, reply }) => {
    const { csv } = await cases.exportCases(ctx, query)
    void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="cases-${ctx.clock.now().toISOString().slice(0, 10)}.csv"`)
    return csv
  })
  route(app, c.listCases, async (ctx, { query }) => cases.listCases(ctx, query))
  route(app, c.getCase, async (ctx, { params }) => cases.getCase(ctx, params.id))
  route(app, c.caseAction, async (ctx, { params, body }) => cases.act(ctx, params.id, params.action, body ?? {}))
  route(app, c.completeStep, async (ctx, { params, body }) => cases.completeStep(ctx, params.id, params.stepId, body?.note))
  route(app, c.extendCase, async (ctx, { params, body }) => cases.extend(ctx, params.id, body))
  route(app, c.addNote, async (ctx, { params, body }) =>
    cases.addNote(ctx, params.id, body.visibility, body.text ?? (await cases.renderTemplate(ctx, params.id, body.templateId!))),
  )
  route(app, c.listMessageTemplates, async (ctx) => (internalOnly(ctx, 'message templates'), cases.listTemplates(ctx)))
  route(app, c.setMessageTemplates, async (ctx, { body }) => cases.setTemplates(ctx, body.items))
  route(app, c.listMessageTemplatePlaceholders, async (ctx) => (internalOnly(ctx, 'message templates'), { items: [...cases.templatePlaceholders] }))
  route(app, c.caseTimeline, async (ctx, { params, query }) => cases.timeline(ctx, params.id, query))
  route(app, c.revealParty, async (ctx, { params, body }) => cases.revealParty(ctx, params.id, params.partyId, body.reason, false))
  route(app, c.unsealReporter, async (ctx, { params, body }) => cases.revealParty(ctx, params.id, params.partyId, body.reason, true))
  route(app, c.declareInterest, async (ctx, { body }) => cases.declareInterest(ctx, body))
  route(app, c.listHandlerInterests, async (ctx, { query }) => cases.listInterests(ctx, query))
  route(app, c.withdrawInterest, async (ctx, { params }) => cases.withdrawInterest(ctx, params.id))
  route(app, c.createQueue, async (ctx, { body }) => cases.createQueue(ctx, body))
  route(app, c.listQueues, async (ctx) => (internalOnly(ctx, 'queues'), cases.listQueues(ctx)))
  route(app, c.updateQueue, async (ctx, { params, body }) => cases.updateQueue(ctx, params.id, body))
  route(app, c.setQueueMembers, async (ctx, { params, body }) => cases.setQueueMembers(ctx, params.id, body.userIds))
  route(app, c.createRoutingRule, async (ctx, { body }) => cases.createRule(ctx, body))
  route(app, c.listRoutingRules, async (ctx) => (internalOnly(ctx, 'routing rules'), cases.listRules(ctx)))
  route(app, c.getSlaPolicyRules, async (ctx) => (internalOnly(ctx, 'SLA policy rules'), cases.getPolicyRules(ctx)))
  route(app, c.setSlaPolicyRules, async (ctx, { body }) => cases.setPolicyRules(ctx, body.items))
  route(app, c.listSlaPolicyPresets, async (ctx) => (internalOnly(ctx, 'SLA presets'), cases.slaPresetCatalog()))
  route(app, c.getWorkCalendar, async (ctx) => (internalOnly(ctx, 'the work calendar'), cases.getWorkCalendar(ctx)))
  route(app, c.setWorkCalendar, async (ctx, { body }) => cases.setWorkCalendar(ctx, body.entries))
  route(app, c.workCalendarDays, async (ctx, { query }) => cases.calendarDays(ctx, query.from, query.to))
  route(app, c.deleteRoutingRule, async (ctx, { params }) => cases.deleteRule(ctx, params.id))
  route(app, tx.listTaxonomy, async (ctx, { query }) => cases.listTaxonomy(ctx, query.kind))
  route(app, tx.createTaxonomyTerm, async (ctx, { body }) => cases.createTaxonomyTerm(ctx, body))
  route(app, tx.updateTaxonomyTerm, async (ctx, { params, body }) => cases.updateTaxonomyTerm(ctx, params.id, body))
  route(app, c.ackermanPlan, async (_ctx, { query }) => ({ items: cases.ackermanPlan(query.targetFen) }))
  route(app, c.createOffer, async (ctx, { params, body }) => cases.createOffer(ctx, params.id, body))
  route(app, c.approveOffer, async (ctx, { params }) => cases.approveOffer(ctx, params.id, params.offerId))
  route(app, c.listOffers, async (ctx, { params }) => cases.listOffers(ctx, params.id))
  route(app, c.createPublicReport, async (ctx, { body }) => cases.fileReport(ctx, body))
  route(app, c.getPublicReport, async (ctx, { params }) => cases.reportStatus(ctx, params.receiptCode))
  route(app, c.addPublicReportMessage, async (ctx, { params, body }) => cases.addReporterMessage(ctx, params.receiptCode, body.text))
  evidenceRoutes(app)
  route(app, c.subscribeWebhook, async (ctx, { body }) => cases.subscribe(ctx, body))
  route(app, c.listWebhooks, async (ctx) => cases.listSubscriptions(ctx))
  route(app, c.unsubscribeWebhook, async (ctx, { params }) => cases.unsubscribe(ctx, params.id))
  route(app, c.listWebhookDeliveries, async (ctx, { params, query }) => cases.webhookDeliveries(ctx, params.id, query))
  route(app, c.webhookDeliverySchedule, async (ctx, { params }) => cases.webhookDeliverySchedule(ctx, params.id))
}

/** The one file part of a multipart upload, read whole (at most maxBytes), with its other form fields. */
async function readUpload(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart()) throw new ValidationError('cases.multipart_required', 'upload the file as multipart/form-data with a file field named file')
  const part = await req.file({ limits: { fileSize: maxBytes } })
  if (!part || part.fieldname !== 'file') throw new ValidationError('cases.file_required', 'the form needs one file field named file', { field: 'file' })
  let content: Buffer
  try {
    content = await part.toBuffer()
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new TooLargeError('cases.evidence_too_large', `files are limited to ${maxBytes / 1024 / 1024} MiB here`, { maxBytes })
    }
    throw e
  }
  const field = (name: string) => {
    const f = part.fields[name]
    return f && 'value' in f ? String(f.value) : undefined
  }
  return { upload: { content, filename: part.filename, declaredType: part.mimetype, truncated: part.file.truncated }, field }
}

export function evidenceRoutes(app: FastifyInstance): void {
  route(app, c.uploadEvidence, async (ctx, { req }) => {
    const { upload, field } = await readUpload(req, cases.EvidenceLimits.maxBytes)
    const caseId = field('caseId')
    if (caseId !== undefined && !/^[0-9a-f-]{36}$/i.test(caseId)) throw new ValidationError('cases.invalid_case_id', 'caseId must be a UUID', { field: 'caseId' })
    return cases.storeEvidence(ctx, { ...upload, caseId })
  })
  route(app, c.addPublicReportFile, async (ctx, { req, params }) => {
    const { upload } = await readUpload(req, c.CaseLimits.publicFileMaxBytes)
    return cases.addReporterFile(ctx, params.receiptCode, upload)
  })
  route(app, c.downloadEvidence, async (ctx, { params, reply }) => {
    const { meta, content } = await cases.readEvidence(ctx, params.id)
    void reply.type(meta.mediaType).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.filename)}`)
    return content
  })
  route(app, c.listCaseEvidence, async (ctx, { params }) => cases.listEvidence(ctx, params.id))
}
