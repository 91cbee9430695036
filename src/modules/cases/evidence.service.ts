// Evidence files: type checked by content (not by the declared name), size limited, stored once per
// content under <data dir>/evidence/<sha256[0:2]>/<sha256>, with uploads and downloads in the audit
// (chain of custody). Files are small enough (20 MiB) to hash in memory.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { DomainError, NotFoundError, TooLargeError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as audit from '../audit/index.ts'
import * as repo from './case.repo.ts'
import { event } from './case.service.ts'

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

export async function storeEvidence(
  ctx: Ctx,
  input: { content: Buffer; filename: string; declaredType: string; caseId?: string | undefined; truncated?: boolean },
): Promise<EvidenceView> {
  if (input.truncated || input.content.length > EvidenceLimits.maxBytes) {
    throw new TooLargeError('cases.evidence_too_large', `evidence files are limited to ${EvidenceLimits.maxBytes / 1024 / 1024} MiB`, { maxBytes: EvidenceLimits.maxBytes })
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
  return withTx(ctx, async (tx) => {
    if (input.caseId) await repo.lock(tx, input.caseId)
    const row: repo.EvidenceRow = {
      id: newId(), caseId: input.caseId ?? null, sha256, sizeBytes: input.content.length, mediaType: sniffed, filename: cleanFilename(input.filename),
      storagePath, uploadedBy: ctx.actor.id ?? ctx.actor.name, createdAt: ctx.clock.now(),
    }
    await repo.insertEvidence(tx, row)
    if (input.caseId) await repo.insertEvents(tx, [event(ctx, input.caseId, 'evidence_added', { evidenceId: row.id, filename: row.filename, sha256 })])
    await audit.record(tx, ctx, 'evidence.uploaded', input.caseId ? { type: 'case', id: input.caseId } : { type: 'evidence', id: row.id }, {
      evidenceId: row.id, sha256, sizeBytes: row.sizeBytes, mediaType: sniffed,
    })
    return view(row)
  })
}

/** The file's bytes, re-hashed against the record (tampering on disk is an error), download audited. */
export async function readEvidence(ctx: Ctx, id: string): Promise<{ meta: EvidenceView; content: Buffer }> {
  return withTx(ctx, async (tx) => {
    const e = await repo.evidence(tx, id)
    if (!e) throw new NotFoundError('cases.evidence_not_found', `evidence ${id} does not exist`, { id })
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
  await repo.mustFind(dbOf(ctx), caseId)
  return { items: (await repo.evidenceOf(dbOf(ctx), caseId)).map(view) }
}
