// Campaigns (黑产投诉): organised-complaint groups, burst alerts, reviews and evidence packages.
// Identifiers in these responses are masked (138****5678); the detector never returns raw PII.
import { z } from 'zod'
import { endpoint, IdParams, PageQuery, page } from './endpoint.ts'

export const campaignStatuses = ['open', 'confirmed', 'dismissed'] as const
export const burstStatuses = ['open', 'acknowledged'] as const
export const campaignEvents = ['opened', 'member_added', 'member_removed', 'confirmed', 'dismissed', 'playbook_applied'] as const
export const CampaignLimits = { reasonMax: 1000, tagMax: 50, noteMax: 2000 } as const

export const CampaignSignals = z.object({
  text: z.number(),
  identity: z.number(),
  agent: z.number(),
  timing: z.number(),
  demand: z.number(),
  history: z.number(),
})

export const SharedAttribute = z.object({
  kind: z.string(),
  label: z.string(),
  value: z.string().describe('masked'),
  complaints: z.number(),
  complainants: z.number(),
})

export const CampaignSummary = z.object({
  id: z.uuid(),
  status: z.enum(campaignStatuses),
  score: z.number(),
  belowThreshold: z.boolean().describe('score under the threshold learned from reviews: low confidence'),
  members: z.number(),
  complainants: z.number(),
  growth7d: z.number().describe('members filed in the last 7 days'),
  daily: z.array(z.number()).describe('members filed per day, the last 14 days, oldest first'),
  topReason: z.string().nullable(),
  templateExcerpt: z.string().nullable(),
  firstFiledAt: z.date(),
  lastFiledAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
})
export type CampaignSummary = z.output<typeof CampaignSummary>

export const CampaignMember = z.object({
  caseId: z.uuid(),
  number: z.string(),
  status: z.string(),
  filedAt: z.date(),
  joinedAt: z.date(),
  similarity: z.number().nullable().describe('character-shingle Jaccard similarity to the template member'),
  reasons: z.array(z.string()),
  attributes: z.array(z.string()).describe('"kind|masked value" keys this member shares'),
  text: z.string(),
})

export const GraphNode = z.object({
  id: z.string(),
  kind: z.enum(['case', 'attribute', 'template']),
  label: z.string(),
  category: z.string(),
})
export const GraphEdge = z.object({ source: z.string(), target: z.string(), label: z.string().optional() })

export const CampaignHistoryEntry = z.object({ at: z.date(), event: z.string(), data: z.record(z.string(), z.unknown()) })

export const CampaignDetail = CampaignSummary.extend({
  reasons: z.array(z.string()),
  signals: CampaignSignals,
  sharedAttributes: z.array(SharedAttribute),
  template: z.object({ caseId: z.string().nullable(), text: z.string() }),
  members: z.array(CampaignMember),
  graph: z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge) }),
  history: z.array(CampaignHistoryEntry),
  review: z.object({ by: z.string().nullable(), at: z.date().nullable(), note: z.string().nullable() }),
  threshold: z.number(),
})
export type CampaignDetail = z.output<typeof CampaignDetail>
// members is a count in the summary and a list in the detail
export type CampaignMember = z.output<typeof CampaignMember>

export const CampaignListQuery = PageQuery.extend({
  status: z.enum(campaignStatuses).optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
})
export const listCampaigns = endpoint({
  method: 'GET', path: '/api/v1/campaigns', permission: 'campaigns:read', summary: 'Detected campaigns, newest first', tags: ['campaigns'],
  query: CampaignListQuery, response: page(CampaignSummary).extend({ threshold: z.number() }),
})
export const getCampaign = endpoint({
  method: 'GET', path: '/api/v1/campaigns/:id', permission: 'campaigns:read', summary: 'A campaign: members, reasons, shared-attribute graph, template', tags: ['campaigns'],
  params: IdParams, response: CampaignDetail,
})

export const ReviewBody = z.strictObject({ reason: z.string().trim().min(1).max(CampaignLimits.reasonMax) })
export const confirmCampaign = endpoint({
  method: 'POST', path: '/api/v1/campaigns/:id/confirm', permission: 'campaigns:manage', summary: 'Confirm as organised (feedback)', tags: ['campaigns'],
  params: IdParams, body: ReviewBody, response: CampaignDetail,
})
export const dismissCampaign = endpoint({
  method: 'POST', path: '/api/v1/campaigns/:id/dismiss', permission: 'campaigns:manage', summary: 'Dismiss as a false alarm (feedback)', tags: ['campaigns'],
  params: IdParams, body: ReviewBody, response: CampaignDetail,
})

export const PlaybookBody = z
  .strictObject({
    tag: z.string().trim().min(1).max(CampaignLimits.tagMax).optional().describe('added to every member case'),
    note: z.string().trim().min(1).max(CampaignLimits.noteMax).optional().describe('internal timeline note on every member case'),
  })
  .refine((b) => b.tag !== undefined || b.note !== undefined, { message: 'give a tag or a note' })
export const PlaybookResult = z.object({
  tag: z.string().nullable(), note: z.boolean(), members: z.number(), tagged: z.number(), tagFailures: z.number(), noted: z.number(),
})
export const applyCampaignPlaybook = endpoint({
  method: 'POST', path: '/api/v1/campaigns/:id/playbook', permission: 'campaigns:manage', summary: 'Apply a handling playbook to every member case', tags: ['campaigns'],
  params: IdParams, body: PlaybookBody, response: PlaybookResult,
})

export const evidenceFormats = ['json', 'pdf'] as const
export const exportCampaignEvidence = endpoint({
  method: 'GET', path: '/api/v1/campaigns/:id/evidence', permission: 'campaigns:read',
  summary: 'Evidence package (JSON, or a readable PDF; HTML when no CJK font is installed), with the audit head hash (audited)', tags: ['campaigns'],
  params: IdParams, query: z.object({ format: z.enum(evidenceFormats).default('json') }),
  // z.custom, not z.instanceof(Buffer): the console loads this contract in a browser.
  response: z.union([z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'file bytes'), z.record(z.string(), z.unknown())]),
})

export const BurstAlert = z.object({
  id: z.uuid(),
  key: z.string(),
  kind: z.string().describe('subject | category'),
  name: z.string(),
  window: z.string().describe('day, YYYY-MM-DD (Asia/Shanghai)'),
  expected: z.number(),
  observed: z.number(),
  pValue: z.number(),
  status: z.enum(burstStatuses),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
  createdAt: z.date(),
})
export type BurstAlert = z.output<typeof BurstAlert>
export const listBursts = endpoint({
  method: 'GET', path: '/api/v1/burst-alerts', permission: 'campaigns:read', summary: 'Burst alerts: days far above a subject or category baseline', tags: ['campaigns'],
  query: PageQuery.extend({ status: z.enum(burstStatuses).optional() }), response: page(BurstAlert),
})
export const ackBurst = endpoint({
  method: 'POST', path: '/api/v1/burst-alerts/:id/ack', permission: 'campaigns:manage', summary: 'Acknowledge a burst alert', tags: ['campaigns'],
  params: IdParams, response: BurstAlert,
})

export const Feedback = z.object({
  id: z.uuid(), campaignId: z.uuid(), verdict: z.enum(['confirmed', 'dismissed']), reason: z.string(), score: z.number(), memberCount: z.number(),
  createdBy: z.string(), createdAt: z.date(),
})
export const listCampaignFeedback = endpoint({
  method: 'GET', path: '/api/v1/campaign-feedback', permission: 'campaigns:read', summary: 'Review verdicts and the threshold they tune', tags: ['campaigns'],
  response: z.object({ items: z.array(Feedback), threshold: z.number() }),
})

export const reclusterCampaigns = endpoint({
  method: 'POST', path: '/api/v1/campaigns/recluster', permission: 'settings:manage', summary: 'Run the full re-cluster now (admin)', tags: ['campaigns'],
  status: 202, response: z.object({ jobId: z.string() }),
})
