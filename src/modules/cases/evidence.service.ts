// Evidence files: type checked by content (not by the declared name), size limited, stored once per
// content under <data dir>/evidence/<sha256[0:2]>/<sha256>, with uploads and downloads in the audit
// (chain of custody). Files are small enough (20 MiB) to hash in memory.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Tx } from '../../db/database.ts'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { DomainError, NotFoundError, TooLargeError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as audit from '../audit/index.ts'
import * as repo from './case.repo.ts'
import { event } from './case.service.ts'
import { caseScope, lockVisibleCase, refuseGrantee, visibleCase } from './scope.ts'

export const EvidenceLimits = { maxBytes: 20 * 1024 * 1024, filenameMax: 200 } as const
export const evidenceTypes = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'audio/mpeg', 'video/mp4', 'text/plain'] as const

/** The media type the bytes are, or null when none we accept. */
export function sniffType(b: Buffer): (typeof evidenceTypes)[number] | null {
  const starts = (...bytes: number[]) => bytes.every((x, i) => b[i] === x)
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  if (b.toString('latin1', 0, 3) === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg'
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp') return 'video/mp4'
  if (!b.includes(0)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b)
      return 'text/plain'
    } catch {
      return null
    }
  }
  return null
}

export interface EvidenceView {
  id: string
  caseId: string | null
  sha256: string
  sizeBytes: number
  mediaType: string
  filename: string
  createdAt: Date
}
const view = (e: repo.EvidenceRow): EvidenceView => ({
  id: e.id, caseId: e.caseId, sha256: e.sha256, sizeBytes: e.sizeBytes, mediaType: e.mediaType, filename: e.filename, createdAt: e.createdAt,
})

function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file'
  // eslint-disable-next-line no-control-regex -- strip control characters from a client-given name
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, EvidenceLimits.filenameMax)
  return cleaned || 'file'
}

export interface EvidenceUpload {
  content: Buffer
  filename: string
  declaredType: string
  truncated?: boolean
}

/**
 * Checks an upload (size, type by content, declared type) and writes its content under the data directory,
 * once per SHA-256. Content is written before any row, atomically: a failed transaction leaves at most an
 * unreferenced file, never a row without its file. `maxBytes` lets a caller be stricter than the default.
 */
export function writeEvidenceContent(ctx: Ctx, input: EvidenceUpload, maxBytes: number = EvidenceLimits.maxBytes) {
  if (input.truncated || input.content.length > maxBytes) {
    throw new TooLargeError('cases.evidence_too_large', `evidence files are limited to ${maxBytes / 1024 / 1024} MiB`, { maxBytes })
  }
  if (input.content.length === 0) throw new ValidationError('cases.evidence_empty', 'the file is empty', { field: 'file' })
  const sniffed = sniffType(input.content)
  if (!sniffed) {
    throw new ValidationError('cases.evidence_type_not_allowed', `this file type is not accepted; allowed: ${evidenceTypes.join(', ')}`, { allowed: evidenceTypes })
  }
  const declared = input.declaredType.split(';')[0]!.trim().toLowerCase()
  if (declared !== 'application/octet-stream' && declared !== sniffed) {
    throw new ValidationError('cases.evidence_type_mismatch', `the file is declared ${declared} but its content is ${sniffed}`, { declared, detected: sniffed })
  }
  const sha256 = createHash('sha256').update(input.content).digest('hex')
  const storagePath = join('evidence', sha256.slice(0, 2), sha256)
  const abs = join(ctx.config.dataDir, storagePath)
  if (!existsSync(abs)) {
    mkdirSync(dirname(abs), { recursive: true })
    const tmp = `${abs}.${newId()}.tmp`
    writeFileSync(tmp, input.content, { mode: 0o600 })
    renameSync(tmp, abs) // atomic: a reader never sees half a file
  }
  return { sha256, storagePath, mediaType: sniffed, sizeBytes: input.content.length, filename: cleanFilename(input.filename) }
}

/** The evidence row for written content, its timeline event when on a case, and the audit row. */
export async function recordEvidence(
  ctx: Ctx, tx: Tx, content: ReturnType<typeof writeEvidenceContent>, caseId: string | null,
  opts: { uploadedBy: string; eventType?: string; visibility?: 'internal' | 'external' } = { uploadedBy: ctx.actor.id ?? ctx.actor.name },
): Promise<EvidenceView> {
  const row: repo.EvidenceRow = { id: newId(), caseId, ...content, uploadedBy: opts.uploadedBy, createdAt: ctx.clock.now() }
  await repo.insertEvidence(tx, row)
  if (caseId) {
    const body = { evidenceId: row.id, filename: row.filename, sha256: row.sha256 }
    await repo.insertEvents(tx, [event(ctx, caseId, opts.eventType ?? 'evidence_added', body, opts.visibility ?? 'internal')])
  }
  await audit.record(tx, ctx, 'evidence.uploaded', caseId ? { type: 'case', id: caseId } : { type: 'evidence', id: row.id }, {
    evidenceId: row.id, sha256: row.sha256, sizeBytes: row.sizeBytes, mediaType: row.mediaType, ...(opts.uploadedBy === 'reporter' ? { by: 'reporter' } : {}),
  })
  return view(row)
}

export async function storeEvidence(ctx: Ctx, input: EvidenceUpload & { caseId?: string | undefined }): Promise<EvidenceView> {
  const content = writeEvidenceContent(ctx, input)
  return withTx(ctx, async (tx) => {
    if (input.caseId) await lockVisibleCase(ctx, tx, input.caseId)
    return recordEvidence(ctx, tx, content, input.caseId ?? null)
  })
}

/**
 * Evidence on a case follows the case's scope; evidence not yet on a case (a power of attorney uploaded
 * before intake) is seen by its uploader and by holders of cases:read_all. Grantees download nothing.
 */
async function evidenceVisible(ctx: Ctx, tx: Tx, e: repo.EvidenceRow): Promise<boolean> {
  const scope = caseScope(ctx)
  if (scope.kind === 'all') return true
  if (scope.kind === 'granted') return false
  if (e.caseId) return repo.isVisible(tx, e.caseId, scope)
  return e.uploadedBy === ctx.actor.id || e.uploadedBy === ctx.actor.userId
}

/** The file's bytes, re-hashed against the record (tampering on disk is an error), download audited. */
export async function readEvidence(ctx: Ctx, id: string): Promise<{ meta: EvidenceView; content: Buffer }> {
  return withTx(ctx, async (tx) => {
    const e = await repo.evidence(tx, id)
    if (!e || !(await evidenceVisible(ctx, tx, e))) throw new NotFoundError('cases.evidence_not_found', `evidence ${id} does not exist`, { id })
    const abs = join(ctx.config.dataDir, e.storagePath)
    if (!existsSync(abs)) throw new DomainError('cases.evidence_missing', `the file of evidence ${id} is missing from storage`, { id })
    const content = readFileSync(abs)
    if (createHash('sha256').update(content).digest('hex') !== e.sha256) {
      throw new DomainError('cases.evidence_corrupted', `the stored file of evidence ${id} does not match its SHA-256`, { id })
    }
    await audit.record(tx, ctx, 'evidence.downloaded', e.caseId ? { type: 'case', id: e.caseId } : { type: 'evidence', id }, { evidenceId: id, sha256: e.sha256 })
    return { meta: view(e), content }
  })
}

export async function listEvidence(ctx: Ctx, caseId: string) {
  await visibleCase(ctx, dbOf(ctx), caseId)
  refuseGrantee(ctx, 'the evidence of a case')
  return { items: (await repo.evidenceOf(dbOf(ctx), caseId)).map(view) }
}
