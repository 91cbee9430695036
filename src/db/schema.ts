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
}

export type AppUser = Selectable<AppUserTable>
export type NewAppUser = Insertable<AppUserTable>
export type Session = Selectable<SessionTable>
export type ApiKey = Selectable<ApiKeyTable>
export type AuditRow = Selectable<AuditLogTable>
