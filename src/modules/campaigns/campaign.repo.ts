// Campaign storage, plus the read-only view of cases the detector needs (text, parties) and the one column of
// a case this module writes: its campaign link. cases imports campaigns, so these reads cannot go through
// the cases index without a cycle.
import { sql } from 'kysely'
import type { DbOrTx, Tx } from '../../db/database.ts'
import type { CampaignTable, CampaignMemberTable, CampaignHistoryTable, BurstAlertTable, CampaignFeedbackTable } from '../../db/schema.ts'
import type { Insertable, Selectable } from 'kysely'
import { NotFoundError } from '../../platform/errors.ts'

export type CampaignRow = Selectable<CampaignTable>
export type MemberRow = Selectable<CampaignMemberTable>
export type HistoryRow = Selectable<CampaignHistoryTable>
export type BurstRow = Selectable<BurstAlertTable>
export type FeedbackRow = Selectable<CampaignFeedbackTable>

// ---- cases, read-only

export interface CaseForDetection {
  id: string
  number: string
  text: string
  receivedAt: Date
  createdAt: Date
  channel: string
  subjectName: string
  category: string | null
  demandType: string | null
  demandAmountFen: number | null
}

export interface PartyForDetection {
  caseId: string
  role: string
  nameEnc: string | null
  phoneEnc: string | null
  idNumberBidx: string | null
  emailEnc: string | null
  addressEnc: string | null
  bankAccountEnc: string | null
  agentOrganization: string | null
}

const caseColumns = ['id', 'number', 'text', 'receivedAt', 'createdAt', 'channel', 'subjectName', 'category', 'demandType', 'demandAmountFen'] as const

export async function casesForDetection(db: DbOrTx, filter: { ids?: string[]; createdAfter?: Date } = {}): Promise<CaseForDetection[]> {
  let q = db.selectFrom('case').select(caseColumns).where('kind', 'in', ['complaint', 'appeal', 'regulator_transfer'])
  if (filter.ids) {
    if (!filter.ids.length) return []
    q = q.where('id', 'in', filter.ids)
  }
  if (filter.createdAfter) q = q.where('createdAt', '>', filter.createdAfter)
  const rows = await q.orderBy('receivedAt').orderBy('id').execute()
  return rows.map((r) => ({ ...r, demandAmountFen: r.demandAmountFen === null ? null : Number(r.demandAmountFen) }))
}

export async function partiesForDetection(db: DbOrTx, caseIds: string[]): Promise<PartyForDetection[]> {
  const out: PartyForDetection[] = []
  for (let i = 0; i < caseIds.length; i += 1000) {
    const chunk = caseIds.slice(i, i + 1000)
    out.push(
      ...(await db
        .selectFrom('caseParty')
        .select(['caseId', 'role', 'nameEnc', 'phoneEnc', 'idNumberBidx', 'emailEnc', 'addressEnc', 'bankAccountEnc', 'agentOrganization'])
        .where('caseId', 'in', chunk)
        .where('role', 'in', ['complainant', 'agent'])
        .orderBy('caseId')
        .orderBy('id')
        .execute()),
    )
  }
  return out
}

export async function allPartiesForDetection(db: DbOrTx): Promise<PartyForDetection[]> {
  return db
    .selectFrom('caseParty')
    .select(['caseId', 'role', 'nameEnc', 'phoneEnc', 'idNumberBidx', 'emailEnc', 'addressEnc', 'bankAccountEnc', 'agentOrganization'])
    .where('role', 'in', ['complainant', 'agent'])
    .orderBy('caseId')
    .orderBy('id')
    .execute()
}

export async function caseRefs(db: DbOrTx, ids: string[]): Promise<Map<string, { number: string; receivedAt: Date; text: string; status: string; subjectName: string }>> {
  if (!ids.length) return new Map()
  const rows = await db.selectFrom('case').select(['id', 'number', 'receivedAt', 'text', 'status', 'subjectName']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, r]))
}

export async function setCaseCampaign(tx: Tx, caseIds: string[], campaignId: string | null): Promise<void> {
  if (!caseIds.length) return
  await tx.updateTable('case').set({ campaignId }).where('id', 'in', caseIds).execute()
}

/** Complaints per day (Asia/Shanghai) for one burst key over [from, to]. */
export async function dailyCounts(db: DbOrTx, key: { subjectName?: string; category?: string }, from: Date, to: Date): Promise<{ day: string; n: number }[]> {
  const day = sql<string>`to_char(received_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
  let q = db
    .selectFrom('case')
    .select([day.as('day'), (eb) => eb.fn.countAll().as('n')])
    .where('receivedAt', '>=', from)
    .where('receivedAt', '<=', to)
  if (key.subjectName !== undefined) q = q.where('subjectName', '=', key.subjectName)
  if (key.category !== undefined) q = q.where('category', '=', key.category)
  const rows = await q.groupBy(day).orderBy(day).execute()
  return rows.map((r) => ({ day: r.day, n: Number(r.n) }))
}

// ---- campaigns

export async function find(db: DbOrTx, id: string): Promise<CampaignRow | undefined> {
  return db.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function mustFind(db: DbOrTx, id: string): Promise<CampaignRow> {
  const row = await find(db, id)
  if (!row) throw new NotFoundError('campaigns.not_found', `campaign ${id} does not exist`, { id })
  return row
}

export async function lock(tx: Tx, id: string): Promise<CampaignRow> {
  const row = await tx.selectFrom('campaign').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw new NotFoundError('campaigns.not_found', `campaign ${id} does not exist`, { id })
  return row
}

export async function insert(tx: Tx, row: Insertable<CampaignTable>): Promise<void> {
  await tx.insertInto('campaign').values(row).execute()
}

export async function update(tx: Tx, id: string, patch: Partial<Insertable<CampaignTable>>): Promise<void> {
  await tx.updateTable('campaign').set(patch).where('id', '=', id).execute()
}

export async function list(db: DbOrTx, q: { status?: string; minScore?: number; cursor?: string; limit: number }): Promise<CampaignRow[]> {
  let query = db.selectFrom('campaign').selectAll().where('memberCount', '>', 0)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.minScore !== undefined) query = query.where('score', '>=', q.minScore)
  if (q.cursor) query = query.where('id', '<', q.cursor)
  return query.orderBy('id', 'desc').limit(q.limit + 1).execute()
}

export async function membersOf(db: DbOrTx, campaignId: string): Promise<MemberRow[]> {
  return db.selectFrom('campaignMember').selectAll().where('campaignId', '=', campaignId).orderBy('joinedAt').orderBy('caseId').execute()
}

export async function membershipsOf(db: DbOrTx, caseIds: string[]): Promise<{ caseId: string; campaignId: string }[]> {
  if (!caseIds.length) return []
  return db.selectFrom('campaignMember').select(['caseId', 'campaignId']).where('caseId', 'in', caseIds).execute()
}

export async function allMemberships(db: DbOrTx): Promise<{ caseId: string; campaignId: string }[]> {
  return db.selectFrom('campaignMember').select(['caseId', 'campaignId']).execute()
}

export async function insertMembers(tx: Tx, rows: Insertable<CampaignMemberTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insertInto('campaignMember').values(rows.slice(i, i + 500)).execute()
}

export async function updateMember(tx: Tx, campaignId: string, caseId: string, patch: Partial<Insertable<CampaignMemberTable>>): Promise<void> {
  await tx.updateTable('campaignMember').set(patch).where('campaignId', '=', campaignId).where('caseId', '=', caseId).execute()
}

export async function deleteMembers(tx: Tx, campaignId: string, caseIds: string[]): Promise<void> {
  if (!caseIds.length) return
  await tx.deleteFrom('campaignMember').where('campaignId', '=', campaignId).where('caseId', 'in', caseIds).execute()
}

/** Members joined within the window, per campaign (growth). */
export async function joinedSince(db: DbOrTx, campaignIds: string[], since: Date): Promise<Map<string, number>> {
  if (!campaignIds.length) return new Map()
  const rows = await db
    .selectFrom('campaignMember')
    .innerJoin('case', 'case.id', 'campaignMember.caseId')
    .select(['campaignMember.campaignId', (eb) => eb.fn.countAll().as('n')])
    .where('campaignMember.campaignId', 'in', campaignIds)
    .where('case.receivedAt', '>=', since)
    .groupBy('campaignMember.campaignId')
    .execute()
  return new Map(rows.map((r) => [r.campaignId, Number(r.n)]))
}

/** Members per filing day, per campaign (sparkline). */
export async function dailyMembers(db: DbOrTx, campaignIds: string[], since: Date): Promise<{ campaignId: string; day: string; n: number }[]> {
  if (!campaignIds.length) return []
  const day = sql<string>`to_char("case".received_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
  const rows = await db
    .selectFrom('campaignMember')
    .innerJoin('case', 'case.id', 'campaignMember.caseId')
    .select(['campaignMember.campaignId', day.as('day'), (eb) => eb.fn.countAll().as('n')])
    .where('campaignMember.campaignId', 'in', campaignIds)
    .where('case.receivedAt', '>=', since)
    .groupBy(['campaignMember.campaignId', day])
    .execute()
  return rows.map((r) => ({ campaignId: r.campaignId, day: r.day, n: Number(r.n) }))
}

export async function insertHistory(tx: Tx, rows: Insertable<CampaignHistoryTable>[]): Promise<void> {
  if (rows.length) await tx.insertInto('campaignHistory').values(rows).execute()
}

export async function historyOf(db: DbOrTx, campaignId: string): Promise<HistoryRow[]> {
  return db.selectFrom('campaignHistory').selectAll().where('campaignId', '=', campaignId).orderBy('id').execute()
}

// ---- feedback and threshold

export async function insertFeedback(tx: Tx, row: Insertable<CampaignFeedbackTable>): Promise<void> {
  await tx.insertInto('campaignFeedback').values(row).execute()
}

export async function feedback(db: DbOrTx, limit = 500): Promise<FeedbackRow[]> {
  return db.selectFrom('campaignFeedback').selectAll().orderBy('id', 'desc').limit(limit).execute()
}

export async function setting(db: DbOrTx, key: string): Promise<unknown> {
  const r = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst()
  return r?.value
}

export async function putSetting(tx: Tx, key: string, value: unknown, now: Date, by: string | null): Promise<void> {
  await tx
    .insertInto('setting')
    .values({ key, value: JSON.stringify(value), updatedAt: now, updatedBy: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedAt: now, updatedBy: by }))
    .execute()
}

// ---- bursts

export async function burst(db: DbOrTx, key: string, windowDay: string): Promise<BurstRow | undefined> {
  return db.selectFrom('burstAlert').selectAll().where('key', '=', key).where('windowDay', '=', windowDay).executeTakeFirst()
}

export async function insertBurst(tx: Tx, row: Insertable<BurstAlertTable>): Promise<void> {
  await tx.insertInto('burstAlert').values(row).execute()
}

export async function updateBurst(tx: Tx, id: string, patch: Partial<Insertable<BurstAlertTable>>): Promise<void> {
  await tx.updateTable('burstAlert').set(patch).where('id', '=', id).execute()
}

export async function findBurst(db: DbOrTx, id: string): Promise<BurstRow> {
  const row = await db.selectFrom('burstAlert').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('campaigns.burst_not_found', `burst alert ${id} does not exist`, { id })
  return row
}

export async function bursts(db: DbOrTx, q: { status?: string; cursor?: string; limit: number }): Promise<BurstRow[]> {
  let query = db.selectFrom('burstAlert').selectAll()
  if (q.status) query = query.where('status', '=', q.status)
  if (q.cursor) query = query.where('id', '<', q.cursor)
  return query.orderBy('id', 'desc').limit(q.limit + 1).execute()
}
