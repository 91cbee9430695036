// Table types, camelCase (CamelCasePlugin maps them to snake_case SQL).
import type { ColumnType, Generated, Selectable, Insertable } from 'kysely'

type Ts = ColumnType<Date, Date | string, Date | string>
type Json<T> = ColumnType<T, string, string>

export interface RecoveryCode {
  hash: string
  usedAt: string | null
}

export interface AppUserTable {
  id: string
  username: string
  displayName: string
  email: string | null
  passwordHash: string
  roles: string[]
  locale: Generated<string>
  disabledAt: Ts | null
  failedLogins: Generated<number>
  lockedUntil: Ts | null
  mustChangePassword: Generated<boolean>
  passwordChangedAt: Ts
  totpSecretEnc: string | null
  totpPendingSecretEnc: string | null
  totpEnabledAt: Ts | null
  totpLastStep: number | null
  recoveryCodes: ColumnType<RecoveryCode[], string | undefined, string>
  lastLoginAt: Ts | null
  createdAt: Ts
  updatedAt: Ts
}

export interface SessionTable {
  id: string
  tokenHash: string
  userId: string
  csrfToken: string
  mfaPending: boolean
  createdAt: Ts
  expiresAt: Ts
  lastSeenAt: Ts
  revokedAt: Ts | null
  ip: string | null
  userAgent: string | null
}

export interface ApiKeyTable {
  id: string
  keyId: string
  name: string
  userId: string
  secretHash: string
  scopes: string[]
  createdBy: string
  createdAt: Ts
  expiresAt: Ts | null
  revokedAt: Ts | null
  lastUsedAt: Ts | null
}

export interface LoginAttemptTable {
  id: string
  at: Ts
  username: string
  ip: string | null
  success: boolean
}

export interface AuditLogTable {
  seq: number
  id: string
  at: Ts
  actorKind: string
  actorId: string | null
  actorName: string | null
  action: string
  targetType: string | null
  targetId: string | null
  requestId: string | null
  data: Json<Record<string, unknown>>
  prevHash: string
  hash: string
}

export interface IdempotencyKeyTable {
  actor: string
  key: string
  method: string
  path: string
  requestHash: string
  statusCode: number
  response: Json<unknown>
  createdAt: Ts
}

export interface JobTable {
  id: string
  kind: string
  payload: Json<Record<string, unknown>>
  uniqueKey: string | null
  status: string
  runAt: Ts
  attempts: Generated<number>
  maxAttempts: Generated<number>
  lockedAt: Ts | null
  lastError: string | null
  createdAt: Ts
  updatedAt: Ts
}

export interface SettingTable {
  key: string
  value: Json<unknown>
  updatedAt: Ts
  updatedBy: string | null
}

export interface DemoSeedTable {
  module: string
  seededAt: Ts
  rows: number
}

// ---- cases (migration 0002)
export interface QueueTable {
  id: string
  name: string
  description: string | null
  slaPreset: string | null
  assignment: Generated<string>
  lastAssigneeId: string | null
  /** Cases entering the queue are raised to at least this priority; null: unchanged. */
  minPriority: string | null
  createdAt: Ts
}

export interface QueueMemberTable {
  queueId: string
  userId: string
}

/** 外部调阅授权: a regulator's or police user's read access to listed cases until expiry or revocation. */
export interface CaseGrantTable {
  id: string
  granteeId: string
  caseIds: string[]
  purpose: string
  expiresAt: Ts
  createdBy: string
  createdAt: Ts
  revokedAt: Ts | null
  revokedBy: string | null
}

export interface RoutingRuleTable {
  id: string
  position: number
  name: string
  match: Json<Record<string, string>>
  queueId: string
  active: Generated<boolean>
  createdAt: Ts
}

// ---- taxonomy 分类体系 (migration 0008)
export interface TaxonomyTermTable {
  id: Generated<string>
  kind: string
  code: string
  parentCode: string | null
  labelZh: string
  labelEn: string
  sector: string | null // product lines only: bank | insurance | ecommerce
  active: Generated<boolean>
  position: Generated<number>
  createdAt: Ts
  updatedAt: Ts
}

export interface CaseTable {
  id: string
  number: string
  kind: string
  channel: string
  source: string
  externalId: string | null
  status: string
  category: string | null
  productLine: string | null
  sector: string
  issueType: string | null
  demandType: string | null
  demandAmountFen: number | null
  priority: string
  priorityRank: number
  queueId: string | null
  assigneeId: string | null
  subjectType: string
  subjectRef: string | null
  subjectName: string
  region: string | null
  text: string
  regulatorRef: string | null
  regulatorDueAt: Ts | null
  anonymous: Generated<boolean>
  receiptCodeHash: string | null
  intakeIpHash: string | null
  slaPolicy: Json<unknown>
  slaPauses: ColumnType<unknown[], string | undefined, string>
  slaExtensions: ColumnType<unknown[], string | undefined, string>
  slaNotified: ColumnType<string[], string | undefined, string>
  slaState: string
  slaDueAt: Ts | null
  firstResponseAt: Ts | null
  resolvedAt: Ts | null
  outcome: string | null
  escalation: ColumnType<unknown, string | null, string | null>
  hold: ColumnType<unknown, string | null | undefined, string | null>
  completedSteps: ColumnType<unknown[], string | undefined, string>
  duplicateOf: string | null
  linkedCaseIds: ColumnType<string[], string[] | undefined, string[]>
  campaignId: string | null
  analysis: ColumnType<unknown, string | null | undefined, string | null>
  riskLevel: string | null
  tags: ColumnType<string[], string[] | undefined, string[]>
  rootCauses: ColumnType<string[], string[] | undefined, string[]>
  receivedAt: Ts
  createdBy: string
  createdAt: Ts
  updatedAt: Ts
}

export interface CasePartyTable {
  id: string
  caseId: string
  role: string
  nameEnc: string | null
  nameBidx: string | null
  phoneEnc: string | null
  phoneBidx: string | null
  idNumberEnc: string | null
  idNumberBidx: string | null
  emailEnc: string | null
  emailBidx: string | null
  addressEnc: string | null
  addressBidx: string | null
  bankAccountEnc: string | null
  bankAccountBidx: string | null
  agentOrganization: string | null
  powerOfAttorneyEvidenceId: string | null
  sealed: Generated<boolean>
  createdAt: Ts
}

export interface CaseEventTable {
  id: string
  caseId: string
  at: Ts
  actorKind: string
  actorId: string | null
  actorName: string | null
  type: string
  visibility: string
  body: Json<Record<string, unknown>>
}

export interface HandlerInterestTable {
  id: string
  userId: string
  subjectRef: string | null
  partyBidx: string | null
  reason: string
  createdBy: string
  createdAt: Ts
}

export interface EvidenceTable {
  id: string
  caseId: string | null
  sha256: string
  sizeBytes: number
  mediaType: string
  filename: string
  storagePath: string
  uploadedBy: string
  createdAt: Ts
}

export interface SettlementOfferTable {
  id: string
  caseId: string
  direction: string
  amountFen: number
  status: string
  needsApproval: boolean
  approvedBy: string | null
  note: string | null
  createdBy: string
  createdAt: Ts
}

// ---- keywords (migration 0003)
export interface LexiconTable {
  id: string
  name: string
  description: string | null
  scope: string
  isDefault: Generated<boolean>
  version: number
  createdBy: string | null
  createdAt: Ts
  updatedAt: Ts
}

export interface LexiconTermTable {
  id: string
  lexiconId: string
  term: string
  category: string
  severity: string
  action: string
  options: Json<Record<string, unknown>>
  allow: Generated<boolean>
  note: string | null
  createdBy: string | null
  createdAt: Ts
  updatedAt: Ts
}

export interface KeywordHitStatTable {
  termId: string
  lexiconId: string
  day: ColumnType<string, string, string>
  hits: number
}

export interface KeywordFeedbackTable {
  id: string
  lexiconId: string
  termId: string | null
  term: string
  matched: string
  context: string
  proposedTerm: string
  status: string
  note: string | null
  allowTermId: string | null
  createdBy: string | null
  createdAt: Ts
  decidedBy: string | null
  decidedAt: Ts | null
  decisionNote: string | null
}

export interface WebhookSubscriptionTable {
  id: string
  url: string
  events: string[]
  secretEnc: string
  active: boolean
  createdBy: string
  createdAt: Ts
}

export interface WebhookDeliveryTable {
  id: string
  subscriptionId: string
  eventType: string
  payload: Json<Record<string, unknown>>
  status: string
  attempts: Generated<number>
  lastStatusCode: number | null
  lastError: string | null
  createdAt: Ts
  deliveredAt: Ts | null
}

// ---- campaigns (migration 0006)
export interface CampaignTable {
  id: string
  status: string
  score: number
  signals: Json<Record<string, number>>
  reasons: Json<string[]>
  templateCaseId: string | null
  templateExcerpt: string | null
  sharedAttributes: Json<unknown[]>
  firstFiledAt: Ts
  lastFiledAt: Ts
  memberCount: number
  complainantCount: number
  reviewedBy: string | null
  reviewedAt: Ts | null
  reviewNote: string | null
  createdAt: Ts
  updatedAt: Ts
}

export interface CampaignMemberTable {
  campaignId: string
  caseId: string
  similarity: number | null
  reasons: Json<string[]>
  attributes: Json<string[]>
  joinedAt: Ts
}

export interface CampaignHistoryTable {
  id: string
  campaignId: string
  at: Ts
  event: string
  data: Json<Record<string, unknown>>
}

export interface BurstAlertTable {
  id: string
  key: string
  windowDay: string
  expected: number
  observed: number
  pValue: number
  status: string
  acknowledgedBy: string | null
  acknowledgedAt: Ts | null
  createdAt: Ts
  updatedAt: Ts
}

export interface CampaignFeedbackTable {
  id: string
  campaignId: string
  verdict: string
  reason: string
  score: number
  signals: Json<Record<string, number>>
  memberCount: number
  createdBy: string
  createdAt: Ts
}

export interface DB {
  appUser: AppUserTable
  session: SessionTable
  apiKey: ApiKeyTable
  loginAttempt: LoginAttemptTable
  auditLog: AuditLogTable
  idempotencyKey: IdempotencyKeyTable
  job: JobTable
  setting: SettingTable
  demoSeed: DemoSeedTable
  queue: QueueTable
  case: CaseTable
  caseParty: CasePartyTable
  caseEvent: CaseEventTable
  handlerInterest: HandlerInterestTable
  evidence: EvidenceTable
  settlementOffer: SettlementOfferTable
  webhookSubscription: WebhookSubscriptionTable
  webhookDelivery: WebhookDeliveryTable
  queueMember: QueueMemberTable
  caseGrant: CaseGrantTable
  routingRule: RoutingRuleTable
  taxonomyTerm: TaxonomyTermTable
  lexicon: LexiconTable
  lexiconTerm: LexiconTermTable
  keywordHitStat: KeywordHitStatTable
  keywordFeedback: KeywordFeedbackTable
  campaign: CampaignTable
  campaignMember: CampaignMemberTable
  campaignHistory: CampaignHistoryTable
  burstAlert: BurstAlertTable
  campaignFeedback: CampaignFeedbackTable
}

export type AppUser = Selectable<AppUserTable>
export type NewAppUser = Insertable<AppUserTable>
export type Session = Selectable<SessionTable>
export type ApiKey = Selectable<ApiKeyTable>
export type AuditRow = Selectable<AuditLogTable>
