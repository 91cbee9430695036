// Cases (投诉/举报): intake, workflow, clocks, timeline, public reports. One definition per request and
// response; the server validates with it and the console calls with it.
import { z } from 'zod'
import { endpoint, IdParams, Ok, PageQuery, page } from './endpoint.ts'

export const caseKinds = ['complaint', 'report', 'appeal', 'regulator_transfer', 'public_opinion'] as const
export const caseChannels = ['web', 'api', 'email', 'hotline', 'app', 'regulator', 'agent'] as const
export const caseStatuses = [
  'new', 'triaged', 'assigned', 'investigating', 'waiting', 'proposed', 'resolved', 'closed', 'reopened', 'escalated', 'withdrawn', 'on_hold',
] as const
export const caseActions = [
  'triage', 'assign', 'reassign', 'start', 'wait', 'resume', 'propose', 'return', 'resolve', 'close', 'reopen', 'escalate', 'deescalate', 'withdraw', 'hold', 'unhold', 'appeal', 'close_duplicate',
] as const
export const casePriorities = ['urgent', 'high', 'normal', 'low'] as const
export const sectors = ['bank', 'insurance', 'ecommerce'] as const
/** Product lines, each in one sector: the sector picks the clock preset and the playbook. */
export const productLines = {
  bank_card: 'bank', credit_card: 'bank', loan: 'bank', wealth_management: 'bank', deposit: 'bank', payment: 'bank',
  credit_reporting: 'bank', debt_collection: 'bank',
  life_insurance: 'insurance', health_insurance: 'insurance', auto_insurance: 'insurance', property_insurance: 'insurance',
  goods: 'ecommerce', service: 'ecommerce', logistics: 'ecommerce', marketplace: 'ecommerce',
} as const satisfies Record<string, (typeof sectors)[number]>
export const productLineIds = Object.keys(productLines) as [keyof typeof productLines, ...(keyof typeof productLines)[]]
export const subjectTypes = ['merchant', 'listing', 'order', 'product', 'employee', 'branch', 'institution'] as const
export const demandTypes = ['refund', 'compensation', 'full_surrender', 'apology', 'fee_reversal', 'explanation', 'other'] as const
export const partyRoles = ['complainant', 'agent', 'subject', 'reporter'] as const
export const outcomes = ['upheld', 'partially_upheld', 'not_upheld', 'settled', 'withdrawn', 'referred'] as const
export const escalationBodies = ['supervisor', 'mediation', 'arbitration', 'regulator', 'police'] as const
export const waitingOn = ['complainant', 'third_party'] as const
export const eventVisibilities = ['internal', 'external'] as const
export const slaStates = ['ok', 'warning', 'breached', 'paused', 'met'] as const

export const CaseLimits = {
  textMax: 50_000, // CFPB narratives reach 22,000 characters
  complainantsMax: 5, // 银保监 rules: several complainants elect at most 5 representatives
  noteMax: 5000,
  reasonMax: 1000,
  publicReportsPerHour: 5,
  publicMessagesPerHour: 20,
  publicFilesPerHour: 5,
  publicFilesPerReport: 20,
  publicFileMaxBytes: 10 * 1024 * 1024,
} as const

const trimmed = (max: number) => z.string().trim().min(1).max(max)
const TagField = z.string().trim().min(1).max(50)

export const PartyInput = z.strictObject({
  name: trimmed(100).describe('姓名'),
  phone: z.string().trim().regex(/^\+?[\d\s-]{5,20}$/, 'digits, spaces, + and - only').optional(),
  idNumber: z.string().trim().regex(/^[0-9A-Za-z]{6,20}$/, '6-20 letters or digits').optional(),
  email: z.email().max(200).optional(),
  address: trimmed(300).optional(),
  bankAccount: z.string().trim().regex(/^[\d\s]{8,30}$/, '8-30 digits').optional(),
})
export const AgentInput = PartyInput.extend({
  organization: trimmed(200).optional().describe('代理机构'),
  powerOfAttorneyEvidenceId: z.uuid().optional().describe('授权委托书: the uploaded evidence id'),
})

export const SubjectInput = z.strictObject({
  type: z.enum(subjectTypes),
  ref: trimmed(200).optional().describe('the subject id in its own system (merchant id, order number)'),
  name: trimmed(200),
})

export const ComplaintCreate = z.strictObject({
  kind: z.enum(caseKinds).default('complaint'),
  channel: z.enum(caseChannels),
  source: trimmed(100).optional().describe('who sent it; external ids are unique per source (default: the channel)'),
  externalId: trimmed(200).optional(),
  text: trimmed(CaseLimits.textMax).describe('投诉内容, verbatim'),
  category: trimmed(200).optional().describe('free text; the taxonomy category tree only suggests paths'),
  productLine: trimmed(100).optional().describe(`产品线: an active product line (${productLineIds.join(', ')} or one an admin added); its sector picks the clock`),
  issueType: trimmed(100).optional().describe('an issue type code or free text'),
  demandType: trimmed(100).optional().describe(`诉求类型: ${demandTypes.join(', ')} or an active demand type an admin added`),
  demandAmountFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('诉求金额, 分'),
  priority: z.enum(casePriorities).default('normal'),
  region: trimmed(100).optional(),
  queueId: z.uuid().optional(),
  tags: z.array(TagField).max(20).optional().describe('labels from the source system (the CFPB import tags the company response and its own tags)'),
  receivedAt: z.iso.datetime({ offset: true }).optional().describe('when the institution received it (default: now)'),
  subject: SubjectInput,
  complainants: z.array(PartyInput).max(CaseLimits.complainantsMax).default([]),
  agent: AgentInput.optional().describe('投诉代理人: required for channel agent, with the power of attorney'),
  regulator: z
    .strictObject({ reference: trimmed(100), dueAt: z.iso.datetime({ offset: true }) })
    .optional()
    .describe('监管转办: the regulator reference and its deadline'),
})
export type ComplaintCreate = z.output<typeof ComplaintCreate>

export const Party = z.object({
  id: z.uuid(),
  role: z.enum(partyRoles),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  bankAccount: z.string().nullable(),
  agentOrganization: z.string().nullable(),
  powerOfAttorneyEvidenceId: z.string().nullable(),
  sealed: z.boolean(),
  /** true: values are masked (138****5678); false: revealed (audited). */
  masked: z.boolean(),
})
export type Party = z.output<typeof Party>

export const SlaTargetView = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  amount: z.number().nullable(),
  dueAt: z.date(),
  dueIsProvisional: z.boolean(),
  warningAt: z.date().nullable(),
  elapsedFraction: z.number(),
  state: z.enum(slaStates),
  paused: z.boolean(),
  msUntilDue: z.number(),
  completedAt: z.date().nullable(),
})
export const SlaView = z.object({
  policyId: z.string(),
  policyName: z.string(),
  state: z.enum(slaStates),
  nextCheckAt: z.date().nullable(),
  targets: z.array(SlaTargetView),
  pauses: z.array(z.object({ from: z.date(), to: z.date().nullable(), reason: z.string().nullable() })),
  extensions: z.array(
    z.object({ targetKey: z.string(), ruleId: z.string(), grantedAt: z.date(), reason: z.string().nullable(), applied: z.boolean() }),
  ),
})

export const PlaybookView = z.object({
  id: z.string(),
  steps: z.array(
    z.object({
      id: z.string(),
      label: z.object({ zh: z.string(), en: z.string() }),
      requiredBefore: z.enum(['resolve', 'close']),
      optional: z.boolean(),
      done: z.boolean(),
      doneAt: z.date().nullable(),
    }),
  ),
})

export const CaseSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(caseKinds),
  channel: z.enum(caseChannels),
  status: z.enum(caseStatuses),
  priority: z.enum(casePriorities),
  category: z.string().nullable(),
  productLine: z.string().nullable(),
  sector: z.enum(sectors),
  queueId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable().describe('display name of the assignee'),
  subject: z.object({ type: z.string(), ref: z.string().nullable(), name: z.string() }),
  complainantName: z.string().nullable().describe('masked'),
  slaState: z.enum(slaStates),
  slaDueAt: z.date().nullable(),
  duplicateOf: z.string().nullable(),
  anonymous: z.boolean(),
  riskLevel: z.enum(['low', 'medium', 'high', 'critical']).nullable().describe('from the five-dimension analysis'),
  tags: z.array(z.string()),
  receivedAt: z.date(),
  updatedAt: z.date(),
})
export type CaseSummary = z.output<typeof CaseSummary>

export const fiveDimensionKeys = ['demand', 'factsEvidence', 'liability', 'legalRisk', 'publicOpinionRisk'] as const
const DimensionInput = z.strictObject({ score: z.number().int().min(0).max(5), note: z.string().trim().max(2000).default('') })
/** 五维度: every score 0-5, 5 the most serious concern (see core/playbook.ts). */
export const AnalysisBody = z.strictObject({
  demand: DimensionInput.describe('诉求'),
  factsEvidence: DimensionInput.describe('事实证据'),
  liability: DimensionInput.describe('责任'),
  legalRisk: DimensionInput.describe('法律合规风险'),
  publicOpinionRisk: DimensionInput.describe('舆情风险'),
})
export const AnalysisView = z.object({
  dimensions: z.record(z.enum(fiveDimensionKeys), z.object({ score: z.number(), note: z.string() })),
  risk: z.object({ score: z.number(), level: z.enum(['low', 'medium', 'high', 'critical']), drivers: z.array(z.enum(fiveDimensionKeys)) }),
  at: z.date(),
  by: z.string().nullable(),
})

export const CaseDetail = CaseSummary.extend({
  source: z.string(),
  externalId: z.string().nullable(),
  issueType: z.string().nullable(),
  demandType: z.string().nullable(),
  demandAmountFen: z.number().nullable(),
  region: z.string().nullable(),
  text: z.string(),
  regulator: z.object({ reference: z.string().nullable(), dueAt: z.date().nullable() }).nullable(),
  linkedCaseIds: z.array(z.string()),
  campaignId: z.string().nullable(),
  outcome: z.string().nullable(),
  escalation: z.object({ body: z.string(), reference: z.string().nullable(), evidenceIds: z.array(z.string()), at: z.date() }).nullable(),
  hold: z
    .object({ reason: z.string(), since: z.date(), until: z.date().nullable(), heldFrom: z.string(), byName: z.string() })
    .nullable()
    .describe('挂起: set while the case is on hold'),
  analysis: AnalysisView.nullable(),
  rootCauses: z.array(z.string()),
  allowedActions: z.array(z.enum(caseActions)),
  parties: z.array(Party),
  playbook: PlaybookView,
  sla: SlaView,
  createdAt: z.date(),
})
export type CaseDetail = z.output<typeof CaseDetail>

export const createComplaint = endpoint({
  method: 'POST', path: '/api/v1/complaints', permission: 'cases:create', idempotent: true, status: 201,
  summary: 'Receive a complaint, report, appeal or regulator transfer (staff or API key)', tags: ['cases'],
  body: ComplaintCreate, response: CaseDetail,
})

export const CaseListQuery = PageQuery.extend({
  status: z.enum(caseStatuses).optional(),
  kind: z.enum(caseKinds).optional(),
  channel: z.enum(caseChannels).optional(),
  queueId: z.uuid().optional(),
  assigneeId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  priority: z.enum(casePriorities).optional(),
  category: z.string().trim().max(100).optional(),
  sla: z.enum(['breached', 'due_soon']).optional().describe('breached: past due; due_soon: due within 24 h'),
  q: z.string().trim().min(1).max(100).optional().describe('case number, subject name or text'),
  tag: z.string().trim().min(1).max(50).optional(),
  riskLevel: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  sort: z.enum(['due', 'received', '-received', 'priority']).default('received'),
})
export const listCases = endpoint({
  method: 'GET', path: '/api/v1/cases', permission: 'cases:read', summary: 'List cases with filters, sorted, cursor paged', tags: ['cases'],
  query: CaseListQuery, response: page(CaseSummary),
})
export const getCase = endpoint({
  method: 'GET', path: '/api/v1/cases/:id', permission: 'cases:read', summary: 'One case with parties (masked), playbook and clock', tags: ['cases'],
  params: IdParams, response: CaseDetail,
})

export const ActionParams = z.object({ id: z.uuid(), action: z.enum(caseActions) })
export const ActionBody = z.strictObject({
  note: trimmed(CaseLimits.noteMax).optional(),
  // triage
  category: trimmed(200).optional(),
  priority: z.enum(casePriorities).optional(),
  productLine: trimmed(100).optional().describe('an active product line; a new sector recomputes the clock'),
  issueType: trimmed(100).optional(),
  queueId: z.uuid().optional(),
  // assign / reassign: without assigneeId, the least-loaded eligible handler
  assigneeId: z.uuid().optional(),
  // wait
  waitingOn: z.enum(waitingOn).optional(),
  // resolve
  outcome: z.enum(outcomes).optional(),
  // escalate
  body: z.enum(escalationBodies).optional(),
  reference: trimmed(200).optional(),
  evidenceIds: z.array(z.uuid()).max(20).optional().describe('escalate: documents sent with it (uploaded evidence of this case)'),
  // close_duplicate: the case this one repeats (it must be visible to the actor and not itself a closed duplicate)
  duplicateOf: z.uuid().optional(),
  // reopen, withdraw, return, hold; appeal: the complainant's grounds (复议理由)
  reason: trimmed(CaseLimits.reasonMax).optional(),
  // hold: when the hold is expected to end (e.g. the court's hearing date); a reminder (hold_due) fires then
  until: z.iso.datetime({ offset: true }).optional(),
})
export type ActionBody = z.output<typeof ActionBody>
export const caseAction = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/actions/:action', permission: 'cases:handle',
  summary: 'Move a case through its workflow; an illegal action is a 409 listing the allowed ones', tags: ['cases'],
  params: ActionParams, body: ActionBody.optional(), response: CaseDetail,
})

export const StepParams = z.object({ id: z.uuid(), stepId: z.string().regex(/^[a-z_]{1,50}$/) })
export const completeStep = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/steps/:stepId', permission: 'cases:handle', summary: 'Mark a playbook step done', tags: ['cases'],
  params: StepParams, body: z.strictObject({ note: trimmed(CaseLimits.noteMax).optional() }).optional(), response: CaseDetail,
})

export const ExtensionBody = z.strictObject({
  ruleId: z.string().regex(/^[a-z_]{1,50}$/).describe('complex (延长至30日) or special (再延长30日, needs cases:approve)'),
  targetKey: z.string().max(50).optional(),
  reason: trimmed(CaseLimits.reasonMax),
  noticeSentAt: z.iso.datetime({ offset: true }).optional().describe('when the complainant was told of the extension'),
})
export const extendCase = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/extensions', permission: 'cases:handle', summary: 'Extend a clock (reason and notice required)', tags: ['cases'],
  params: IdParams, body: ExtensionBody, response: CaseDetail,
})

export const NoteBody = z
  .strictObject({
    visibility: z.enum(eventVisibilities),
    text: trimmed(CaseLimits.noteMax).optional(),
    templateId: z.string().regex(/^[a-z0-9_]{1,50}$/).optional().describe('a message template, rendered with the case’s fields'),
  })
  .refine((b) => Boolean(b.text) !== Boolean(b.templateId), { message: 'give exactly one of text or templateId' })
export const CaseEvent = z.object({
  id: z.uuid(),
  at: z.date(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  type: z.string(),
  visibility: z.enum(eventVisibilities),
  body: z.record(z.string(), z.unknown()),
})
export const addNote = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/notes', permission: 'cases:handle', status: 201,
  summary: 'An internal note, or a message to the complainant (external)', tags: ['cases'], params: IdParams, body: NoteBody, response: CaseEvent,
})
export const caseTimeline = endpoint({
  method: 'GET', path: '/api/v1/cases/:id/timeline', permission: 'cases:read', summary: 'Everything that happened on the case, oldest first', tags: ['cases'],
  params: IdParams, query: PageQuery.extend({ visibility: z.enum(eventVisibilities).optional() }), response: page(CaseEvent),
})

export const PartyParams = z.object({ id: z.uuid(), partyId: z.uuid() })
export const revealParty = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/parties/:partyId/reveal', permission: 'pii:read',
  summary: 'Reveal one party’s PII (audited); sealed reporters need reporter:unseal', tags: ['cases'], params: PartyParams,
  body: z.strictObject({ reason: trimmed(CaseLimits.reasonMax) }), response: Party,
})
export const unsealReporter = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/parties/:partyId/unseal', permission: 'reporter:unseal',
  summary: 'Reveal a sealed reporter’s identity (audited, reason required)', tags: ['cases'], params: PartyParams,
  body: z.strictObject({ reason: trimmed(CaseLimits.reasonMax) }), response: Party,
})

// ---- recusal (回避)
export const InterestBody = z.strictObject({
  userId: z.uuid(),
  subjectRef: trimmed(200).optional(),
  phone: z.string().trim().regex(/^\+?[\d\s-]{5,20}$/).optional(),
  idNumber: z.string().trim().regex(/^[0-9A-Za-z]{6,20}$/).optional(),
  reason: trimmed(CaseLimits.reasonMax),
}).refine((b) => [b.subjectRef, b.phone, b.idNumber].filter(Boolean).length === 1, { message: 'give exactly one of subjectRef, phone or idNumber' })
export const HandlerInterest = z.object({ id: z.uuid(), userId: z.uuid(), subjectRef: z.string().nullable(), party: z.boolean(), reason: z.string(), createdAt: z.date() })
export const declareInterest = endpoint({
  method: 'POST', path: '/api/v1/handler-interests', permission: 'cases:handle', status: 201,
  summary: 'Declare a handler’s interest in a subject or a person (回避); without cases:assign, only for oneself', tags: ['cases'],
  body: InterestBody, response: HandlerInterest,
})
/** A declared interest as listed: a party interest shows only that it exists, never the phone or ID number. */
export const HandlerInterestListItem = HandlerInterest.extend({
  userName: z.string().nullable().describe('display name of the user who must recuse'),
  declaredBy: z.string().describe('user id, or the actor name for system and API declarations'),
  declaredByName: z.string().nullable(),
})
export const listHandlerInterests = endpoint({
  method: 'GET', path: '/api/v1/handler-interests', permission: 'cases:handle',
  summary: 'Declared interests, newest first; without cases:assign or cases:configure, only one’s own', tags: ['cases'],
  query: PageQuery.extend({ userId: z.uuid().optional() }), response: page(HandlerInterestListItem),
})
export const withdrawInterest = endpoint({
  method: 'DELETE', path: '/api/v1/handler-interests/:id', permission: 'cases:handle',
  summary: 'Withdraw a declared interest (audited); without cases:assign, only one’s own self-declaration', tags: ['cases'],
  params: IdParams, response: Ok,
})

// ---- queues
export const assignmentStrategies = ['least_loaded', 'round_robin'] as const
export const QueueBody = z.strictObject({
  name: trimmed(100), description: trimmed(500).optional(),
  assignment: z.enum(assignmentStrategies).default('least_loaded').describe('how auto-assignment picks among the queue members'),
  minPriority: z.enum(casePriorities).optional().describe('cases entering the queue (routing, intake, triage) are raised to at least this priority'),
})
export const Queue = z.object({
  id: z.uuid(), name: z.string(), description: z.string().nullable(), assignment: z.enum(assignmentStrategies), minPriority: z.enum(casePriorities).nullable(),
  memberIds: z.array(z.uuid()), createdAt: z.date(),
  openCases: z.number().int().describe('cases in the queue not yet resolved, closed or withdrawn'),
})
export const createQueue = endpoint({
  method: 'POST', path: '/api/v1/queues', permission: 'cases:configure', status: 201, summary: 'Create a queue', tags: ['cases'],
  body: QueueBody, response: Queue,
})
export const listQueues = endpoint({
  method: 'GET', path: '/api/v1/queues', permission: 'cases:read', summary: 'All queues', tags: ['cases'], response: z.object({ items: z.array(Queue) }),
})
export const QueuePatchBody = z
  .strictObject({
    name: trimmed(100).optional(),
    description: trimmed(500).nullable().optional().describe('null clears it'),
    assignment: z.enum(assignmentStrategies).optional(),
    minPriority: z.enum(casePriorities).nullable().optional().describe('null removes the floor; cases already in the queue keep theirs'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
export const updateQueue = endpoint({
  method: 'PATCH', path: '/api/v1/queues/:id', permission: 'cases:configure', summary: 'Rename a queue or change its description, assignment strategy or priority floor', tags: ['cases'],
  params: IdParams, body: QueuePatchBody, response: Queue,
})

// ---- settlement
export const AckermanQuery = z.object({ targetFen: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })
export const ackermanPlan = endpoint({
  method: 'GET', path: '/api/v1/settlement/ackerman', permission: 'cases:handle', summary: 'Ackerman offer plan for a target amount (分)', tags: ['cases'],
  query: AckermanQuery,
  response: z.object({ items: z.array(z.object({ step: z.number(), percent: z.number(), amountFen: z.number(), final: z.boolean() })) }),
})
export const OfferBody = z.strictObject({
  direction: z.enum(['offer', 'counter']),
  amountFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  note: trimmed(CaseLimits.noteMax).optional(),
})
export const Offer = z.object({
  id: z.uuid(), caseId: z.uuid(), direction: z.enum(['offer', 'counter']), amountFen: z.number(),
  status: z.enum(['proposed', 'pending_approval', 'approved', 'accepted', 'rejected']), needsApproval: z.boolean(),
  approvedBy: z.string().nullable(), note: z.string().nullable(), createdAt: z.date(),
})
export const createOffer = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/offers', permission: 'cases:handle', status: 201,
  summary: 'Record an offer or a counter-offer; offers above the actor’s authority wait for approval', tags: ['cases'],
  params: IdParams, body: OfferBody, response: Offer,
})
export const approveOffer = endpoint({
  method: 'POST', path: '/api/v1/cases/:id/offers/:offerId/approve', permission: 'cases:approve',
  summary: 'Approve an offer above the proposer’s authority', tags: ['cases'],
  params: z.object({ id: z.uuid(), offerId: z.uuid() }), response: Offer,
})
export const listOffers = endpoint({
  method: 'GET', path: '/api/v1/cases/:id/offers', permission: 'cases:read', summary: 'Offers on a case', tags: ['cases'],
  params: IdParams, response: z.object({ items: z.array(Offer) }),
})

// ---- public reports (匿名举报)
export const PublicReportCreate = z.strictObject({
  subject: SubjectInput,
  text: trimmed(CaseLimits.textMax),
  category: trimmed(200).optional(),
  reporter: PartyInput.partial({ name: true }).optional().describe('omit to report anonymously; if given it is sealed'),
})
export const PublicReportReceipt = z.object({
  caseNumber: z.string(),
  receiptCode: z.string().describe('shown once: keep it to follow the report'),
  status: z.enum(caseStatuses),
  receivedAt: z.date(),
})
export const createPublicReport = endpoint({
  method: 'POST', path: '/api/v1/public/reports', public: true, status: 201,
  summary: 'File a report without logging in (rate limited); returns a receipt code once', tags: ['public'],
  body: PublicReportCreate, response: PublicReportReceipt,
})
export const ReceiptParams = z.object({ receiptCode: z.string().trim().regex(/^[A-Z0-9-]{8,40}$/i, 'a receipt code like ABCD-EFGH-JKLM-NPQR') })
export const PublicReportStatus = z.object({
  caseNumber: z.string(),
  status: z.enum(caseStatuses),
  receivedAt: z.date(),
  updatedAt: z.date(),
  messages: z.array(z.object({ at: z.date(), from: z.enum(['reporter', 'staff']), text: z.string() })),
  files: z.array(z.object({ at: z.date(), filename: z.string(), sha256: z.string() })).describe('files the reporter attached'),
})
export const getPublicReport = endpoint({
  method: 'GET', path: '/api/v1/public/reports/:receiptCode', public: true, summary: 'Status of a report by its receipt code', tags: ['public'],
  params: ReceiptParams, response: PublicReportStatus,
})
export const addPublicReportMessage = endpoint({
  method: 'POST', path: '/api/v1/public/reports/:receiptCode/messages', public: true, status: 201,
  summary: 'The reporter adds information', tags: ['public'], params: ReceiptParams,
  body: z.strictObject({ text: trimmed(CaseLimits.noteMax) }), response: Ok,
})
export const addPublicReportFile = endpoint({
  method: 'POST', path: '/api/v1/public/reports/:receiptCode/files', public: true, status: 201,
  summary: `The reporter attaches a file (multipart/form-data, field file): PDF, images, MP3/MP4, text; ${CaseLimits.publicFileMaxBytes / 1024 / 1024} MiB, ${CaseLimits.publicFilesPerHour} an hour, ${CaseLimits.publicFilesPerReport} per report`,
  tags: ['public'], params: ReceiptParams,
  response: z.object({ filename: z.string(), sizeBytes: z.number(), sha256: z.string() }),
})

// ---- evidence
export const Evidence = z.object({
  id: z.uuid(), caseId: z.uuid().nullable(), sha256: z.string(), sizeBytes: z.number(), mediaType: z.string(), filename: z.string(), createdAt: z.date(),
})
export const uploadEvidence = endpoint({
  method: 'POST', path: '/api/v1/evidence', permission: 'cases:handle', status: 201,
  summary: 'Upload a file (multipart/form-data: field file, optional field caseId); PDF, images, MP3/MP4, text; 20 MiB', tags: ['cases'],
  response: Evidence,
})
export const downloadEvidence = endpoint({
  method: 'GET', path: '/api/v1/evidence/:id/content', permission: 'cases:read', summary: 'Download an evidence file (audited)', tags: ['cases'],
  // z.custom, not z.instanceof(Buffer): the console loads this contract in a browser, which has no Buffer.
  params: IdParams, response: z.custom<Buffer>((v) => v instanceof Uint8Array, 'file bytes'),
})
export const listCaseEvidence = endpoint({
  method: 'GET', path: '/api/v1/cases/:id/evidence', permission: 'cases:read', summary: 'Evidence attached to a case', tags: ['cases'],
  params: IdParams, response: z.object({ items: z.array(Evidence) }),
})

// ---- import
export const ImportLimits = { apiRowsMax: 1000 } as const
export const ImportBody = z.strictObject({
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(ImportLimits.apiRowsMax).describe('ComplaintCreate objects; each needs externalId'),
  skipInvalid: z.boolean().default(false).describe('import the valid rows and report the rest (default: reject the whole batch)'),
})
export const ImportResult = z.object({
  created: z.number(),
  existing: z.number(),
  invalid: z.array(z.object({ row: z.number(), errors: z.array(z.string()) })),
  rows: z.array(z.object({ row: z.number(), status: z.enum(['created', 'existing']), caseId: z.uuid(), number: z.string() })),
})
export const importComplaints = endpoint({
  method: 'POST', path: '/api/v1/complaints/import', permission: 'cases:create', idempotent: true,
  summary: 'Import complaints idempotently by (source, externalId); a batch with bad rows is rejected whole unless skipInvalid', tags: ['cases'],
  body: ImportBody, response: ImportResult,
})

export const analyseCase = endpoint({
  method: 'PUT', path: '/api/v1/cases/:id/analysis', permission: 'cases:handle',
  summary: 'Record the five-dimension analysis (五维度); returns the case with its overall risk', tags: ['cases'],
  params: IdParams, body: AnalysisBody, response: CaseDetail,
})

export const CasePatchBody = z.strictObject({
  priority: z.enum(casePriorities).optional(),
  category: trimmed(200).optional(),
  issueType: trimmed(100).optional(),
  demandType: trimmed(100).optional().describe('a built-in or an active admin-added demand type'),
  tags: z.array(TagField).max(20).optional(),
  rootCauses: z.array(TagField).max(20).optional().describe('溯源整改: root-cause tags for rectification'),
}).refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change' })
export const updateCase = endpoint({
  method: 'PATCH', path: '/api/v1/cases/:id', permission: 'cases:handle', summary: 'Change priority, category, tags or root causes', tags: ['cases'],
  params: IdParams, body: CasePatchBody, response: CaseDetail,
})

export const ComplainantProfile = z.object({
  complainants: z.array(
    z.object({
      partyId: z.uuid(),
      name: z.string().nullable().describe('masked'),
      cases: z.number(),
      firstAt: z.date(),
      lastAt: z.date(),
      viaAgent: z.number().describe('cases filed through an agent (投诉代理人)'),
      channels: z.record(z.string(), z.number()),
      demandTypes: z.record(z.string(), z.number()),
      outcomes: z.record(z.string(), z.number()),
      campaigns: z.record(z.string(), z.number()).describe('campaign id → how many of this person\'s cases were flagged into it'),
      recent: z.array(z.object({ id: z.uuid(), number: z.string(), kind: z.string(), status: z.string(), subjectName: z.string(), outcome: z.string().nullable(), receivedAt: z.date(), campaignId: z.string().nullable() })),
    }),
  ),
})
export const caseProfile = endpoint({
  method: 'GET', path: '/api/v1/cases/:id/profile', permission: 'cases:read',
  summary: 'Complainant profile (投诉人画像): history across cases by phone or ID number', tags: ['cases'],
  params: IdParams, response: ComplainantProfile,
})

export const BulkLimits = { idsMax: 200 } as const
export const BulkBody = z.strictObject({
  ids: z.array(z.uuid()).min(1).max(BulkLimits.idsMax),
  op: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('assign'), assigneeId: z.uuid().optional().describe('omit: least-loaded eligible handler per case') }),
    z.strictObject({ type: z.literal('priority'), priority: z.enum(casePriorities) }),
    z.strictObject({ type: z.literal('tag'), add: z.array(TagField).max(20).default([]), remove: z.array(TagField).max(20).default([]) }),
    z.strictObject({ type: z.literal('link'), to: z.uuid().describe('link every case to this one (both ways)') }),
    z.strictObject({ type: z.literal('action'), action: z.enum(caseActions), body: ActionBody.optional() }),
  ]),
})
export const BulkResult = z.object({
  ok: z.number(),
  failed: z.number(),
  results: z.array(z.object({ id: z.uuid(), ok: z.boolean(), error: z.object({ code: z.string(), message: z.string() }).optional() })),
})
export const bulkCases = endpoint({
  method: 'POST', path: '/api/v1/cases/bulk', permission: 'cases:handle',
  summary: 'Apply one operation to many cases; each case succeeds or fails on its own (results per id)', tags: ['cases'],
  body: BulkBody, response: BulkResult,
})

// ---- webhooks
export const webhookEventTypes = ['case.created', 'case.assigned', 'case.status_changed', 'case.sla_warning', 'case.sla_breached'] as const
export const WebhookBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(500),
  events: z.array(z.enum(webhookEventTypes)).min(1),
})
export const WebhookSubscription = z.object({ id: z.uuid(), url: z.string(), events: z.array(z.enum(webhookEventTypes)), active: z.boolean(), createdAt: z.date() })
export const subscribeWebhook = endpoint({
  method: 'POST', path: '/api/v1/webhooks', permission: 'cases:configure', status: 201,
  summary: 'Subscribe a URL to case events; the signing secret is returned once', tags: ['webhooks'],
  body: WebhookBody, response: z.object({ subscription: WebhookSubscription, secret: z.string() }),
})
export const listWebhooks = endpoint({
  method: 'GET', path: '/api/v1/webhooks', permission: 'cases:configure', summary: 'Webhook subscriptions', tags: ['webhooks'],
  response: z.object({ items: z.array(WebhookSubscription) }),
})
export const unsubscribeWebhook = endpoint({
  method: 'DELETE', path: '/api/v1/webhooks/:id', permission: 'cases:configure', summary: 'Stop a subscription (its log stays)', tags: ['webhooks'],
  params: IdParams, response: WebhookSubscription,
})
export const WebhookDelivery = z.object({
  id: z.uuid(), eventType: z.string(), status: z.enum(['pending', 'retrying', 'delivered', 'failed']), attempts: z.number(),
  lastStatusCode: z.number().nullable(), lastError: z.string().nullable(), createdAt: z.date(), deliveredAt: z.date().nullable(),
})
export const listWebhookDeliveries = endpoint({
  method: 'GET', path: '/api/v1/webhooks/:id/deliveries', permission: 'cases:configure', summary: 'Delivery log, newest first', tags: ['webhooks'],
  params: IdParams, query: PageQuery, response: page(WebhookDelivery),
})
export const webhookDeliverySchedule = endpoint({
  method: 'GET', path: '/api/v1/webhooks/:id/schedule', permission: 'cases:configure',
  summary: 'When each pending or retrying delivery is next attempted', tags: ['webhooks'],
  params: IdParams, response: z.object({ items: z.array(z.object({ deliveryId: z.uuid(), nextAttemptAt: z.date() })) }),
})

export const setQueueMembers = endpoint({
  method: 'PUT', path: '/api/v1/queues/:id/members', permission: 'cases:configure', summary: 'Replace the handlers of a queue', tags: ['cases'],
  params: IdParams, body: z.strictObject({ userIds: z.array(z.uuid()).max(500) }), response: Queue,
})

// ---- routing rules
export const routingFields = ['kind', 'channel', 'sector', 'category', 'subjectType', 'subjectRef', 'region'] as const
export const RoutingMatch = z
  .strictObject({
    kind: z.enum(caseKinds).optional(), channel: z.enum(caseChannels).optional(), sector: z.enum(sectors).optional(),
    category: trimmed(200).optional().describe('prefix: 信用卡 matches 信用卡/年费'), subjectType: z.enum(subjectTypes).optional(),
    subjectRef: trimmed(200).optional(), region: trimmed(100).optional().describe('prefix: 浙江省 matches 浙江省杭州市'),
  })
  .refine((m) => Object.keys(m).length > 0, { message: 'a rule needs at least one condition' })
export const RoutingRuleBody = z.strictObject({ name: trimmed(100), position: z.number().int().min(0).max(1_000_000), match: RoutingMatch, queueId: z.uuid() })
export const RoutingRuleView = z.object({
  id: z.uuid(), name: z.string(), position: z.number(), match: z.record(z.string(), z.string()), queueId: z.uuid(), createdAt: z.date(),
  shadowedBy: z.uuid().nullable().describe('an earlier rule that matches every case this one matches: this one never fires'),
})
export const createRoutingRule = endpoint({
  method: 'POST', path: '/api/v1/routing-rules', permission: 'cases:configure', status: 201,
  summary: 'Add a routing rule: the first matching rule by position picks a new case’s queue', tags: ['cases'], body: RoutingRuleBody, response: RoutingRuleView,
})
export const listRoutingRules = endpoint({
  method: 'GET', path: '/api/v1/routing-rules', permission: 'cases:read', summary: 'Active routing rules in order', tags: ['cases'],
  response: z.object({ items: z.array(RoutingRuleView) }),
})
export const deleteRoutingRule = endpoint({
  method: 'DELETE', path: '/api/v1/routing-rules/:id', permission: 'cases:configure', summary: 'Retire a routing rule', tags: ['cases'],
  params: IdParams, response: Ok,
})

// ---- work calendar
export const CalendarEntry = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  kind: z.enum(['holiday', 'workday']).describe('holiday: a day off (法定节假日); workday: a weekend day worked (调休)'),
  name: z.string().trim().max(50).optional(),
})
export const WorkCalendarView = z.object({
  entries: z.array(z.object({ date: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string().optional() })),
  library: z.object({ firstYear: z.number(), lastYear: z.number() }).describe('years the built-in holiday data covers'),
  updatedAt: z.date().nullable(),
})
export const getWorkCalendar = endpoint({
  method: 'GET', path: '/api/v1/work-calendar', permission: 'cases:read', summary: 'Admin calendar entries over the built-in holiday data', tags: ['cases'],
  response: WorkCalendarView,
})
export const setWorkCalendar = endpoint({
  method: 'PUT', path: '/api/v1/work-calendar', permission: 'cases:configure',
  summary: 'Replace the admin calendar entries; open cases’ clocks are recomputed', tags: ['cases'],
  body: z.strictObject({ entries: z.array(CalendarEntry).max(2000) }), response: WorkCalendarView,
})
export const workCalendarDays = endpoint({
  method: 'GET', path: '/api/v1/work-calendar/days', permission: 'cases:read',
  summary: 'The calendar in force day by day (built-in holidays and 调休 plus admin entries), at most 366 days', tags: ['cases'],
  query: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'), to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD') }),
  response: z.object({
    items: z.array(z.object({
      date: z.string(), workday: z.boolean(), kind: z.enum(['workday', 'weekend', 'holiday', 'adjusted_workday']), name: z.string().nullable(),
      source: z.enum(['override', 'library', 'weekday_rule']),
    })),
  }),
})

// ---- message templates (placeholders: {{number}} {{subject}} {{receivedDate}} {{dueDate}} {{complainantName}})
export const MessageTemplate = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{1,50}$/),
  name: trimmed(100),
  text: trimmed(CaseLimits.noteMax),
})
export const listMessageTemplates = endpoint({
  method: 'GET', path: '/api/v1/message-templates', permission: 'cases:read', summary: 'Message templates for replies to complainants', tags: ['cases'],
  response: z.object({ items: z.array(MessageTemplate) }),
})
export const setMessageTemplates = endpoint({
  method: 'PUT', path: '/api/v1/message-templates', permission: 'cases:configure', summary: 'Replace the message templates', tags: ['cases'],
  body: z.strictObject({ items: z.array(MessageTemplate).max(200) }), response: z.object({ items: z.array(MessageTemplate) }),
})
export const listMessageTemplatePlaceholders = endpoint({
  method: 'GET', path: '/api/v1/message-templates/placeholders', permission: 'cases:read',
  summary: 'The {{placeholders}} a message template may use', tags: ['cases'], response: z.object({ items: z.array(z.string()) }),
})

// ---- export
export const ExportLimits = { rowsMax: 50_000 } as const
export const exportCases = endpoint({
  method: 'GET', path: '/api/v1/cases/export', permission: 'cases:export',
  summary: 'The filtered list as CSV (UTF-8 with BOM for Excel), names masked; audited', tags: ['cases'],
  query: CaseListQuery.omit({ cursor: true, limit: true }),
  response: z.custom<Buffer>((v) => v instanceof Uint8Array, 'CSV bytes'),
})

// ---- clock policy rules
export const policyPresets = ['banking_insurance_2020', 'banking_insurance_2020_working_days', 'ecommerce'] as const
export const PolicyRule = z.strictObject({ match: RoutingMatch, preset: z.enum(policyPresets) })
export const getSlaPolicyRules = endpoint({
  method: 'GET', path: '/api/v1/sla-policy-rules', permission: 'cases:read',
  summary: 'Rules choosing the clock preset of new cases (first match; regulator transfers keep their deadline)', tags: ['cases'],
  response: z.object({ items: z.array(z.object({ match: z.record(z.string(), z.string()), preset: z.enum(policyPresets) })) }),
})
export const setSlaPolicyRules = endpoint({
  method: 'PUT', path: '/api/v1/sla-policy-rules', permission: 'cases:configure', summary: 'Replace the clock policy rules', tags: ['cases'],
  body: z.strictObject({ items: z.array(PolicyRule).max(100) }),
  response: z.object({ items: z.array(z.object({ match: z.record(z.string(), z.string()), preset: z.enum(policyPresets) })) }),
})
export const SlaPresetView = z.object({
  preset: z.enum(policyPresets),
  name: z.string(),
  targets: z.array(z.object({
    key: z.string(), label: z.string(), basis: z.enum(['relative', 'absolute']), amount: z.number().nullable(),
    unit: z.enum(['hours', 'calendar_days', 'working_days']).nullable(), pausable: z.boolean(), rollForwardFromRestDay: z.boolean(),
    extensions: z.array(z.object({ id: z.string(), label: z.string(), mode: z.enum(['extend_to', 'extend_by']), amount: z.number(), approvalRoles: z.array(z.string()) })),
  })),
})
export const listSlaPolicyPresets = endpoint({
  method: 'GET', path: '/api/v1/sla-policy-presets', permission: 'cases:read',
  summary: 'The clock presets a policy rule can name: targets, units and extensions', tags: ['cases'], response: z.object({ items: z.array(SlaPresetView) }),
})
