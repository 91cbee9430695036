export { record, recordMany, verify, describeProblem, list, forTarget, head, type AuditTarget, type AuditEntry, type VerifyResult } from './audit.service.ts'
export { redactedDiff, canonicalJson, GENESIS_HASH } from './core/chain.ts'
export type { AuditFilter } from './audit.repo.ts'
