// Read side: the campaign list with growth, the campaign page (members, graph of shared attributes, template),
// burst alerts and review feedback.
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError } from '../../platform/errors.ts'
import * as audit from '../audit/index.ts'
import type { BurstAlert, CampaignDetail, CampaignSummary } from '../../contracts/campaigns.schema.ts'
import { DAY_MS, dayOf, formatDay } from './core/days.ts'
import * as repo from './campaign.repo.ts'
import { threshold } from './campaign.service.ts'

const SHANGHAI = 480
const SPARK_DAYS = 14

type Status = CampaignSummary['status']

function summaryOf(row: repo.CampaignRow, min: number, growth: number, daily: number[]): CampaignSummary {
  const reasons = row.reasons as unknown as string[]
  return {
    id: row.id,
    status: row.status as Status,
    score: row.score,
    belowThreshold: row.score < min,
    members: row.memberCount,
    complainants: row.complainantCount,
    growth7d: growth,
    daily,
    topReason: reasons.find((r) => !/^\d+ complaints? from/.test(r)) ?? reasons[0] ?? null,
    templateExcerpt: row.templateExcerpt,
    firstFiledAt: row.firstFiledAt,
    lastFiledAt: row.lastFiledAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

async function growthOf(ctx: Ctx, ids: string[]) {
  const db = dbOf(ctx)
  const now = ctx.clock.now()
  const growth = await repo.joinedSince(db, ids, new Date(now.getTime() - 7 * DAY_MS))
  const today = dayOf(now.getTime(), SHANGHAI)
  const days = Array.from({ length: SPARK_DAYS }, (_, i) => formatDay(today - SPARK_DAYS + 1 + i))
  const daily = new Map<string, number[]>(ids.map((id) => [id, days.map(() => 0)]))
  for (const r of await repo.dailyMembers(db, ids, new Date(now.getTime() - (SPARK_DAYS + 1) * DAY_MS))) {
    const i = days.indexOf(r.day)
    if (i >= 0) daily.get(r.campaignId)![i] = r.n
  }
  return { growth, daily }
}

export async function listCampaigns(ctx: Ctx, q: { status?: Status | undefined; minScore?: number | undefined; cursor?: string | undefined; limit: number }) {
  const rows = await repo.list(dbOf(ctx), { status: q.status, minScore: q.minScore, cursor: q.cursor, limit: q.limit } as Parameters<typeof repo.list>[1])
  const pageRows = rows.slice(0, q.limit)
  const min = await threshold(ctx)
  const { growth, daily } = await growthOf(ctx, pageRows.map((r) => r.id))
  return {
    items: pageRows.map((r) => summaryOf(r, min, growth.get(r.id) ?? 0, daily.get(r.id) ?? [])),
    nextCursor: rows.length > q.limit ? pageRows[pageRows.length - 1]!.id : null,
    threshold: min,
  }
}

const kindLabels: Record<string, string> = {
  phone: 'phone', email: 'email', device: 'device id', bank_account: 'bank account', ip: 'IP', ip_block: 'IP range',
  phone_block: 'phone number block', address_unit: 'address', building: 'building', agent_phone: 'agent phone', agent_name: 'agent name', agent_org: 'agent organisation',
}

export async function getCampaign(ctx: Ctx, id: string): Promise<CampaignDetail> {
  const db = dbOf(ctx)
  const row = await repo.mustFind(db, id)
  const members = await repo.membersOf(db, id)
  const refs = await repo.caseRefs(db, [...new Set([...members.map((m) => m.caseId), ...(row.templateCaseId ? [row.templateCaseId] : [])])])
  const min = await threshold(ctx)
  const { growth, daily } = await growthOf(ctx, [id])
  const memberViews = members
    .map((m) => {
      const ref = refs.get(m.caseId)
      return {
        caseId: m.caseId,
        number: ref?.number ?? '',
        status: ref?.status ?? 'unknown',
        filedAt: ref?.receivedAt ?? m.joinedAt,
        joinedAt: m.joinedAt,
        similarity: m.similarity,
        reasons: m.reasons as unknown as string[],
        attributes: m.attributes as unknown as string[],
        text: ref?.text ?? '',
      }
    })
    .sort((a, b) => new Date(a.filedAt).getTime() - new Date(b.filedAt).getTime())

  // Graph: member cases, the identifiers they share (masked), and the template they copy.
  const nodes: CampaignDetail['graph']['nodes'] = []
  const edges: CampaignDetail['graph']['edges'] = []
  const attrNodes = new Set<string>()
  const hasTemplate = memberViews.some((m) => (m.similarity ?? 0) >= 0.5)
  if (hasTemplate) nodes.push({ id: 'template', kind: 'template', label: 'template', category: 'template' })
  for (const m of memberViews) {
    nodes.push({ id: m.caseId, kind: 'case', label: m.number, category: 'case' })
    if (hasTemplate && (m.similarity ?? 0) >= 0.5) edges.push({ source: m.caseId, target: 'template', label: `${Math.round((m.similarity ?? 0) * 100)} %` })
    for (const key of m.attributes) {
      const nodeId = `attr:${key}`
      if (!attrNodes.has(nodeId)) {
        attrNodes.add(nodeId)
        const [kind = '', value = ''] = key.split('|')
        nodes.push({ id: nodeId, kind: 'attribute', label: `${kindLabels[kind] ?? kind} ${value}`, category: kind })
      }
      edges.push({ source: m.caseId, target: nodeId })
    }
  }
  const history = await repo.historyOf(db, id)
  return {
    ...summaryOf(row, min, growth.get(id) ?? 0, daily.get(id) ?? []),
    reasons: row.reasons as unknown as string[],
    signals: row.signals as unknown as CampaignDetail['signals'],
    sharedAttributes: row.sharedAttributes as unknown as CampaignDetail['sharedAttributes'],
    template: { caseId: row.templateCaseId, text: (row.templateCaseId ? refs.get(row.templateCaseId)?.text : null) ?? row.templateExcerpt ?? '' },
    members: memberViews,
    graph: { nodes, edges },
    history: history.map((h) => ({ at: h.at, event: h.event, data: h.data as unknown as Record<string, unknown> })),
    review: { by: row.reviewedBy, at: row.reviewedAt, note: row.reviewNote },
    threshold: min,
  } as unknown as CampaignDetail
}

// ---- bursts

function burstView(r: repo.BurstRow): BurstAlert {
  const i = r.key.indexOf(':')
  return {
    id: r.id, key: r.key, kind: r.key.slice(0, i), name: r.key.slice(i + 1), window: r.windowDay, expected: r.expected, observed: r.observed, pValue: r.pValue,
    status: r.status as BurstAlert['status'], acknowledgedBy: r.acknowledgedBy, acknowledgedAt: r.acknowledgedAt, createdAt: r.createdAt,
  }
}

export async function listBursts(ctx: Ctx, q: { status?: 'open' | 'acknowledged' | undefined; cursor?: string | undefined; limit: number }) {
  const rows = await repo.bursts(dbOf(ctx), { status: q.status, cursor: q.cursor, limit: q.limit } as Parameters<typeof repo.bursts>[1])
  const pageRows = rows.slice(0, q.limit)
  return { items: pageRows.map(burstView), nextCursor: rows.length > q.limit ? pageRows[pageRows.length - 1]!.id : null }
}

export async function acknowledgeBurst(ctx: Ctx, id: string): Promise<BurstAlert> {
  return withTx(ctx, async (tx) => {
    const row = await repo.findBurst(tx, id)
    if (row.status === 'acknowledged') throw new ConflictError('campaigns.burst_acknowledged', `burst alert ${id} is already acknowledged`)
    const now = ctx.clock.now()
    const by = ctx.actor.userId ?? ctx.actor.name
    await repo.updateBurst(tx, id, { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: now, updatedAt: now })
    await audit.record(tx, ctx, 'burst.acknowledged', { type: 'burst_alert', id }, { key: row.key, window: row.windowDay })
    return burstView(await repo.findBurst(tx, id))
  })
}

export async function listFeedback(ctx: Ctx) {
  const rows = await repo.feedback(dbOf(ctx), 200)
  return {
    items: rows.map((r) => ({ id: r.id, campaignId: r.campaignId, verdict: r.verdict as 'confirmed' | 'dismissed', reason: r.reason, score: r.score, memberCount: r.memberCount, createdBy: r.createdBy, createdAt: r.createdAt })),
    threshold: await threshold(ctx),
  }
}
