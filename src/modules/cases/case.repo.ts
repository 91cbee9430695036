// Every query of the cases module. Rows come back camelCase; JSON columns are written as strings.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { DbOrTx, Tx } from '../../db/database.ts'
import type {
  CaseEventTable, CasePartyTable, CaseTable, EvidenceTable, HandlerInterestTable, QueueTable, RoutingRuleTable, SettlementOfferTable,
} from '../../db/schema.ts'
import { NotFoundError } from '../../platform/errors.ts'
import type { CaseScope } from './scope.ts'

export type CaseRow = Selectable<CaseTable>
export type NewCase = Insertable<CaseTable>
export type CasePatch = Updateable<CaseTable>
export type PartyRow = Selectable<CasePartyTable>
export type NewParty = Insertable<CasePartyTable>
export type EventRow = Selectable<CaseEventTable>
export type NewEvent = Insertable<CaseEventTable>
export type QueueRow = Selectable<QueueTable>
export type InterestRow = Selectable<HandlerInterestTable>
export type EvidenceRow = Selectable<EvidenceTable>
export type OfferRow = Selectable<SettlementOfferTable>

export async function nextNumber(tx: DbOrTx): Promise<number> {
  const r = await sql<{ n: number }>`select nextval('case_number_seq') as n`.execute(tx)
  return Number(r.rows[0]!.n)
}

export async function insertCase(tx: DbOrTx, row: NewCase): Promise<void> {
  await tx.insertInto('case').values(row).execute()
}
export async function insertCases(tx: DbOrTx, rows: NewCase[]): Promise<void> {
  if (rows.length) await tx.insertInto('case').values(rows).execute()
}
export async function insertParties(tx: DbOrTx, rows: NewParty[]): Promise<void> {
  if (rows.length) await tx.insertInto('caseParty').values(rows).execute()
}
export async function insertEvents(tx: DbOrTx, rows: NewEvent[]): Promise<void> {
  if (rows.length) await tx.insertInto('caseEvent').values(rows).execute()
}

export async function find(db: DbOrTx, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('case').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * The cases `scope` may see, as a condition on the table "case" (usable in joins and subqueries); the one
 * place the visibility rule is written in SQL (see scope.ts). A case's creator is a user id, or an API key
 * id when a key took it in: the key's owner took it in.
 */
export function visibleTo(scope: CaseScope) {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`
    case 'own': {
      if (!scope.userId) return sql<boolean>`false`
      const u = scope.userId
      return sql<boolean>`("case".assignee_id = ${u}::uuid
        or "case".queue_id in (select m.queue_id from queue_member m where m.user_id = ${u}::uuid)
        or "case".created_by = ${u}
        or "case".created_by in (select k.id::text from api_key k where k.user_id = ${u}::uuid))`
    }
    case 'granted':
      // live grants only: not revoked and not expired at the request's clock
      if (!scope.userId) return sql<boolean>`false`
      return sql<boolean>`exists (select 1 from case_grant g where g.grantee_id = ${scope.userId}::uuid
        and g.revoked_at is null and g.expires_at > ${scope.now} and "case".id = any(g.case_ids))`
  }
}

export async function isVisible(db: DbOrTx, id: string, scope: CaseScope): Promise<boolean> {
  const r = await db.selectFrom('case').select('id').where('id', '=', id).where(visibleTo(scope)).executeTakeFirst()
  return r !== undefined
}

/** The case, locked for this transaction; NotFoundError when it does not exist. */
export async function lock(tx: Tx, id: string): Promise<CaseRow> {
  const row = await tx.selectFrom('case').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw new NotFoundError('cases.not_found', `case ${id} does not exist`, { id })
  return row
}

export async function mustFind(db: DbOrTx, id: string): Promise<CaseRow> {
  const row = await find(db, id)
  if (!row) throw new NotFoundError('cases.not_found', `case ${id} does not exist`, { id })
  return row
}

export async function update(tx: DbOrTx, id: string, patch: CasePatch): Promise<void> {
  await tx.updateTable('case').set(patch).where('id', '=', id).execute()
}

export async function appendLinked(tx: DbOrTx, id: string, linkedId: string, now: Date): Promise<void> {
  await tx
    .updateTable('case')
    .set({ linkedCaseIds: sql<string[]>`array_append(linked_case_ids, ${linkedId}::uuid)`, updatedAt: now })
    .where('id', '=', id)
    .execute()
}

export async function partiesOf(db: DbOrTx, caseId: string): Promise<PartyRow[]> {
  return db.selectFrom('caseParty').selectAll().where('caseId', '=', caseId).orderBy('createdAt').orderBy('id').execute()
}

export async function party(db: DbOrTx, caseId: string, partyId: string): Promise<PartyRow> {
  const p = await db.selectFrom('caseParty').selectAll().where('caseId', '=', caseId).where('id', '=', partyId).executeTakeFirst()
  if (!p) throw new NotFoundError('cases.party_not_found', `case ${caseId} has no party ${partyId}`, { caseId, partyId })
  return p
}

export async function byExternalId(db: DbOrTx, source: string, externalId: string): Promise<CaseRow | undefined> {
  return db.selectFrom('case').selectAll().where('source', '=', source).where('externalId', '=', externalId).executeTakeFirst()
}

export async function byReceiptHash(db: DbOrTx, hash: string): Promise<CaseRow | undefined> {
  return db.selectFrom('case').selectAll().where('receiptCodeHash', '=', hash).executeTakeFirst()
}

/** The earliest original case (not itself a duplicate) of the same complainant and subject since `since`. */
export async function findDuplicate(
  db: DbOrTx,
  f: { bidxs: string[]; subjectRef: string | null; subjectName: string; since: Date },
): Promise<CaseRow | undefined> {
  if (!f.bidxs.length) return undefined
  let q = db
    .selectFrom('case')
    .selectAll('case')
    .where('case.duplicateOf', 'is', null)
    .where('case.receivedAt', '>=', f.since)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('caseParty as p')
          .select('p.id')
          .whereRef('p.caseId', '=', 'case.id')
          .where('p.role', '=', 'complainant')
          .where((e) => e.or([e('p.phoneBidx', 'in', f.bidxs), e('p.idNumberBidx', 'in', f.bidxs)])),
      ),
    )
  q = f.subjectRef ? q.where('case.subjectRef', '=', f.subjectRef) : q.where('case.subjectName', '=', f.subjectName)
  return q.orderBy('case.receivedAt').orderBy('case.id').limit(1).executeTakeFirst()
}

/** Serialises public intake per address bucket until commit, so a burst cannot slip past the count. */
export async function lockIpBucket(tx: Tx, ipHash: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${ipHash}))`.execute(tx)
}

export async function countRecentByIp(db: DbOrTx, ipHash: string, since: Date): Promise<{ n: number; oldest: Date | null }> {
  const r = await db
    .selectFrom('case')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('createdAt').as('oldest')])
    .where('intakeIpHash', '=', ipHash)
    .where('createdAt', '>', since)
    .executeTakeFirstOrThrow()
  return { n: Number(r.n), oldest: r.oldest ? new Date(r.oldest as Date | string) : null }
}

export async function countRecentEvents(db: DbOrTx, caseId: string, type: string, since: Date): Promise<number> {
  const r = await db
    .selectFrom('caseEvent')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('caseId', '=', caseId)
    .where('type', '=', type)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function events(
  db: DbOrTx,
  caseId: string,
  f: { after?: string | undefined; limit: number; visibility?: string | undefined; types?: string[] },
): Promise<EventRow[]> {
  let q = db.selectFrom('caseEvent').selectAll().where('caseId', '=', caseId)
  if (f.visibility) q = q.where('visibility', '=', f.visibility)
  if (f.types?.length) q = q.where('type', 'in', f.types)
  if (f.after) q = q.where('id', '>', f.after)
  return q.orderBy('id').limit(f.limit).execute()
}

// ---- users, for assignment (the auth module owns the table; cases only reads who may handle)

export interface UserRef {
  id: string
  username: string
  roles: string[]
  disabled: boolean
}
export async function user(db: DbOrTx, id: string): Promise<UserRef | undefined> {
  const u = await db.selectFrom('appUser').select(['id', 'username', 'roles', 'disabledAt']).where('id', '=', id).executeTakeFirst()
  return u && { id: u.id, username: u.username, roles: u.roles, disabled: u.disabledAt !== null }
}
export async function usersWithRole(db: DbOrTx, role: string): Promise<UserRef[]> {
  const rows = await db
    .selectFrom('appUser')
    .select(['id', 'username', 'roles', 'disabledAt'])
    .where(sql<boolean>`${role} = any(roles)`)
    .where('disabledAt', 'is', null)
    .orderBy('username')
    .execute()
  return rows.map((u) => ({ id: u.id, username: u.username, roles: u.roles, disabled: false }))
}

/** Open cases per assignee. */
export async function openLoad(db: DbOrTx, userIds: string[], closedStatuses: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (!userIds.length) return out
  const rows = await db
    .selectFrom('case')
    .select((eb) => ['assigneeId', eb.fn.countAll().as('n')])
    .where('assigneeId', 'in', userIds)
    .where('status', 'not in', [...closedStatuses])
    .groupBy('assigneeId')
    .execute()
  for (const r of rows) if (r.assigneeId) out.set(r.assigneeId, Number(r.n))
  return out
}

// ---- recusal

export async function insertInterest(tx: DbOrTx, row: Insertable<HandlerInterestTable>): Promise<void> {
  await tx.insertInto('handlerInterest').values(row).execute()
}

/** Declared interests of these users touching the subject or any of the party indexes. */
export async function conflictingInterests(
  db: DbOrTx,
  userIds: string[],
  subjectRef: string | null,
  partyBidxs: string[],
): Promise<InterestRow[]> {
  if (!userIds.length) return []
  return db
    .selectFrom('handlerInterest')
    .selectAll()
    .where('userId', 'in', userIds)
    .where((eb) => {
      const ors = []
      if (subjectRef) ors.push(eb('subjectRef', '=', subjectRef))
      if (partyBidxs.length) ors.push(eb('partyBidx', 'in', partyBidxs))
      return ors.length ? eb.or(ors) : eb.val(false)
    })
    .orderBy('createdAt')
    .execute()
}

export async function interest(db: DbOrTx, id: string): Promise<InterestRow | undefined> {
  return db.selectFrom('handlerInterest').selectAll().where('id', '=', id).executeTakeFirst()
}
export async function deleteInterest(tx: DbOrTx, id: string): Promise<void> {
  await tx.deleteFrom('handlerInterest').where('id', '=', id).execute()
}
/** Declared interests newest first (ids are time-ordered), with the names of who must recuse and who declared. */
export async function interests(db: DbOrTx, f: { userId?: string | undefined; after?: string | undefined; limit: number }) {
  let q = db
    .selectFrom('handlerInterest as hi')
    .leftJoin('appUser as u', 'u.id', 'hi.userId')
    // createdBy is a user id for staff, an actor name for system declarations: compare as text
    .leftJoin('appUser as d', (j) => j.on(sql<boolean>`d.id::text = hi.created_by`))
    .selectAll('hi')
    .select(['u.displayName as userName', 'd.displayName as declaredByName'])
  if (f.userId) q = q.where('hi.userId', '=', f.userId)
  if (f.after) q = q.where('hi.id', '<', f.after)
  return q.orderBy('hi.id', 'desc').limit(f.limit).execute()
}

// ---- queues, evidence, offers, settings

export async function insertQueue(tx: DbOrTx, row: Insertable<QueueTable>): Promise<void> {
  await tx.insertInto('queue').values(row).execute()
}
export async function queueByName(db: DbOrTx, name: string): Promise<QueueRow | undefined> {
  return db.selectFrom('queue').selectAll().where('name', '=', name).executeTakeFirst()
}
export async function queue(db: DbOrTx, id: string): Promise<QueueRow | undefined> {
  return db.selectFrom('queue').selectAll().where('id', '=', id).executeTakeFirst()
}
export async function queues(db: DbOrTx): Promise<QueueRow[]> {
  return db.selectFrom('queue').selectAll().orderBy('name').execute()
}

export async function insertEvidence(tx: DbOrTx, row: Insertable<EvidenceTable>): Promise<void> {
  await tx.insertInto('evidence').values(row).execute()
}
export async function evidence(db: DbOrTx, id: string): Promise<EvidenceRow | undefined> {
  return db.selectFrom('evidence').selectAll().where('id', '=', id).executeTakeFirst()
}
export async function attachEvidence(tx: DbOrTx, id: string, caseId: string): Promise<void> {
  await tx.updateTable('evidence').set({ caseId }).where('id', '=', id).where('caseId', 'is', null).execute()
}
export async function evidenceOf(db: DbOrTx, caseId: string): Promise<EvidenceRow[]> {
  return db.selectFrom('evidence').selectAll().where('caseId', '=', caseId).orderBy('id').execute()
}

export async function insertOffer(tx: DbOrTx, row: Insertable<SettlementOfferTable>): Promise<void> {
  await tx.insertInto('settlementOffer').values(row).execute()
}
export async function offer(db: DbOrTx, caseId: string, id: string, forUpdate = false): Promise<OfferRow> {
  let q = db.selectFrom('settlementOffer').selectAll().where('caseId', '=', caseId).where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const o = await q.executeTakeFirst()
  if (!o) throw new NotFoundError('cases.offer_not_found', `case ${caseId} has no offer ${id}`, { caseId, offerId: id })
  return o
}
export async function updateOffer(tx: DbOrTx, id: string, patch: Updateable<SettlementOfferTable>): Promise<void> {
  await tx.updateTable('settlementOffer').set(patch).where('id', '=', id).execute()
}
export async function offersOf(db: DbOrTx, caseId: string): Promise<OfferRow[]> {
  return db.selectFrom('settlementOffer').selectAll().where('caseId', '=', caseId).orderBy('id').execute()
}

export async function setting(db: DbOrTx, key: string): Promise<unknown> {
  const r = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst()
  return r?.value
}

// ---- lists

export type SortKey = 'due' | 'received' | '-received' | 'priority'
export interface CaseFilter {
  status?: string | undefined
  kind?: string | undefined
  channel?: string | undefined
  queueId?: string | undefined
  assigneeId?: string | null | undefined
  priority?: string | undefined
  category?: string | undefined
  sla?: 'breached' | 'due_soon' | undefined
  q?: string | undefined
  tag?: string | undefined
  riskLevel?: string | undefined
  sort: SortKey
  now: Date
  /** Who is asking: only the cases they may see (scope.ts). */
  scope: CaseScope
  after?: { v: string | number | null; id: string } | undefined
  limit: number
}

export type ListedCase = CaseRow & { complainantNameEnc: string | null; assigneeName: string | null }

const FAR_FUTURE = '9999-12-31T00:00:00.000Z'

/** Keyset paging over (sort value, id); `after` is the last row of the previous page. */
export async function list(db: DbOrTx, f: CaseFilter): Promise<ListedCase[]> {
  let q = db
    .selectFrom('case')
    .selectAll('case')
    .select((eb) =>
      eb
        .selectFrom('caseParty as p')
        .select('p.nameEnc')
        .whereRef('p.caseId', '=', 'case.id')
        .where('p.role', '=', 'complainant')
        .orderBy('p.createdAt')
        .orderBy('p.id')
        .limit(1)
        .as('complainantNameEnc'),
    )
    .select((eb) => eb.selectFrom('appUser as u').select('u.displayName').whereRef('u.id', '=', 'case.assigneeId').as('assigneeName'))
    .where(visibleTo(f.scope))
  if (f.status) q = q.where('status', '=', f.status)
  if (f.kind) q = q.where('kind', '=', f.kind)
  if (f.channel) q = q.where('channel', '=', f.channel)
  if (f.queueId) q = q.where('queueId', '=', f.queueId)
  if (f.assigneeId === null) q = q.where('assigneeId', 'is', null)
  else if (f.assigneeId) q = q.where('assigneeId', '=', f.assigneeId)
  if (f.priority) q = q.where('priority', '=', f.priority)
  if (f.category) q = q.where('category', '=', f.category)
  if (f.tag) q = q.where(sql<boolean>`${f.tag} = any(tags)`)
  if (f.riskLevel) q = q.where('riskLevel', '=', f.riskLevel)
  if (f.sla === 'breached') q = q.where((eb) => eb.or([eb('slaState', '=', 'breached'), eb('slaDueAt', '<', f.now)]))
  if (f.sla === 'due_soon') {
    q = q.where('slaDueAt', '>=', f.now).where('slaDueAt', '<=', new Date(f.now.getTime() + 86_400_000))
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`
    q = q.where((eb) => eb.or([eb('number', 'ilike', like), eb('subjectName', 'ilike', like), eb('text', 'ilike', like)]))
  }
  const a = f.after
  switch (f.sort) {
    case 'due': {
      const due = sql<Date>`coalesce(sla_due_at, ${FAR_FUTURE}::timestamptz)`
      if (a) q = q.where(sql<boolean>`(${due}, "case".id) > (${a.v ?? FAR_FUTURE}::timestamptz, ${a.id}::uuid)`)
      q = q.orderBy(due).orderBy('id')
      break
    }
    case 'received':
      if (a) q = q.where(sql<boolean>`(received_at, "case".id) < (${a.v}::timestamptz, ${a.id}::uuid)`)
      q = q.orderBy('receivedAt', 'desc').orderBy('id', 'desc')
      break
    case '-received':
      if (a) q = q.where(sql<boolean>`(received_at, "case".id) > (${a.v}::timestamptz, ${a.id}::uuid)`)
      q = q.orderBy('receivedAt').orderBy('id')
      break
    case 'priority':
      if (a) q = q.where(sql<boolean>`(priority_rank, "case".id) > (${a.v}::int, ${a.id}::uuid)`)
      q = q.orderBy('priorityRank').orderBy('id')
      break
  }
  return (await q.limit(f.limit).execute()) as ListedCase[]
}

// ---- bulk import

export async function nextNumbers(tx: DbOrTx, n: number): Promise<number[]> {
  const r = await sql<{ n: number }>`select nextval('case_number_seq') as n from generate_series(1, ${n})`.execute(tx)
  return r.rows.map((x) => Number(x.n))
}

export async function existingExternal(db: DbOrTx, source: string, externalIds: string[]): Promise<{ id: string; number: string; externalId: string }[]> {
  if (!externalIds.length) return []
  const rows = await db.selectFrom('case').select(['id', 'number', 'externalId']).where('source', '=', source).where('externalId', 'in', externalIds).execute()
  return rows.map((r) => ({ id: r.id, number: r.number, externalId: r.externalId! }))
}

export interface DuplicateCandidate {
  id: string
  number: string
  subjectRef: string | null
  subjectName: string
  receivedAt: Date
  phoneBidx: string | null
  idNumberBidx: string | null
}
/** Original cases (not duplicates) with a complainant matching any of the indexes, received since `since`. */
export async function duplicateCandidates(db: DbOrTx, bidxs: string[], since: Date): Promise<DuplicateCandidate[]> {
  if (!bidxs.length) return []
  return db
    .selectFrom('case')
    .innerJoin('caseParty as p', 'p.caseId', 'case.id')
    .select(['case.id', 'case.number', 'case.subjectRef', 'case.subjectName', 'case.receivedAt', 'p.phoneBidx', 'p.idNumberBidx'])
    .where('p.role', '=', 'complainant')
    .where((e) => e.or([e('p.phoneBidx', 'in', bidxs), e('p.idNumberBidx', 'in', bidxs)]))
    .where('case.duplicateOf', 'is', null)
    .where('case.receivedAt', '>=', since)
    .orderBy('case.receivedAt')
    .execute()
}

// ---- complainant profile

export interface ProfileRow {
  phoneBidx: string | null
  idNumberBidx: string | null
  id: string
  number: string
  kind: string
  status: string
  channel: string
  subjectName: string
  demandType: string | null
  outcome: string | null
  receivedAt: Date
  viaAgent: boolean
  campaignId: string | null
}
/** Every case `scope` may see with a complainant matching one of the indexes (phone or ID number), newest first. */
export async function casesOfComplainants(db: DbOrTx, bidxs: string[], scope: CaseScope): Promise<ProfileRow[]> {
  if (!bidxs.length) return []
  const rows = await db
    .selectFrom('caseParty as p')
    .innerJoin('case', 'case.id', 'p.caseId')
    .select((eb) => [
      'p.phoneBidx', 'p.idNumberBidx', 'case.id', 'case.number', 'case.kind', 'case.status', 'case.channel', 'case.subjectName',
      'case.demandType', 'case.outcome', 'case.receivedAt', 'case.campaignId',
      eb.exists(eb.selectFrom('caseParty as a').select('a.id').whereRef('a.caseId', '=', 'case.id').where('a.role', '=', 'agent')).as('viaAgent'),
    ])
    .where('p.role', '=', 'complainant')
    .where((e) => e.or([e('p.phoneBidx', 'in', bidxs), e('p.idNumberBidx', 'in', bidxs)]))
    .where(visibleTo(scope))
    .orderBy('case.receivedAt', 'desc')
    .limit(2000)
    .execute()
  return rows.map((r) => ({ ...r, viaAgent: Boolean(r.viaAgent) }))
}

// ---- routing

export type RoutingRuleRow = Selectable<RoutingRuleTable>
export async function activeRules(db: DbOrTx): Promise<RoutingRuleRow[]> {
  return db.selectFrom('routingRule').selectAll().where('active', '=', true).orderBy('position').orderBy('id').execute()
}
export async function insertRule(tx: DbOrTx, row: Insertable<RoutingRuleTable>): Promise<void> {
  await tx.insertInto('routingRule').values(row).execute()
}
export async function deactivateRule(tx: DbOrTx, id: string): Promise<RoutingRuleRow | undefined> {
  return tx.updateTable('routingRule').set({ active: false }).where('id', '=', id).where('active', '=', true).returningAll().executeTakeFirst()
}
export async function queueMembers(db: DbOrTx, queueId: string): Promise<UserRef[]> {
  const rows = await db
    .selectFrom('queueMember')
    .innerJoin('appUser', 'appUser.id', 'queueMember.userId')
    .select(['appUser.id', 'appUser.username', 'appUser.roles', 'appUser.disabledAt'])
    .where('queueMember.queueId', '=', queueId)
    .orderBy('appUser.username')
    .execute()
  return rows.map((u) => ({ id: u.id, username: u.username, roles: u.roles, disabled: u.disabledAt !== null }))
}
export async function setQueueMembers(tx: DbOrTx, queueId: string, userIds: string[]): Promise<void> {
  await tx.deleteFrom('queueMember').where('queueId', '=', queueId).execute()
  if (userIds.length) await tx.insertInto('queueMember').values(userIds.map((userId) => ({ queueId, userId }))).execute()
}
export async function updateQueue(tx: DbOrTx, id: string, patch: Updateable<QueueTable>): Promise<void> {
  await tx.updateTable('queue').set(patch).where('id', '=', id).execute()
}
/** Unfinished cases per queue. */
export async function openCasesByQueue(db: DbOrTx, finished: readonly string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('case')
    .select((eb) => ['queueId', eb.fn.countAll().as('n')])
    .where('queueId', 'is not', null)
    .where('status', 'not in', [...finished])
    .groupBy('queueId')
    .execute()
  return new Map(rows.map((r) => [r.queueId!, Number(r.n)]))
}

// ---- settings owned by cases (work calendar)

export async function settingRow(db: DbOrTx, key: string): Promise<{ value: unknown; updatedAt: Date } | undefined> {
  return db.selectFrom('setting').select(['value', 'updatedAt']).where('key', '=', key).executeTakeFirst()
}
export async function putSetting(tx: DbOrTx, key: string, value: unknown, now: Date, by: string | null): Promise<void> {
  await tx
    .insertInto('setting')
    .values({ key, value: JSON.stringify(value), updatedAt: now, updatedBy: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updatedAt: now, updatedBy: by }))
    .execute()
}
/** Open cases (whose clocks may still fire), for rescheduling after a calendar change. */
export async function openCaseIds(db: DbOrTx, finished: readonly string[]): Promise<string[]> {
  return (await db.selectFrom('case').select('id').where('status', 'not in', [...finished]).execute()).map((r) => r.id)
}

export async function displayName(db: DbOrTx, userId: string | null): Promise<string | null> {
  if (!userId) return null
  const u = await db.selectFrom('appUser').select('displayName').where('id', '=', userId).executeTakeFirst()
  return u?.displayName ?? null
}
