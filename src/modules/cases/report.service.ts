// Public reports (匿名举报): filed without login, rate limited per IP, followed with a receipt code that is
// shown once and stored hashed. A reporter who gives an identity is sealed on the case.
import { randomBytes } from 'node:crypto'
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, NotFoundError, RateLimitedError } from '../../platform/errors.ts'
import { sha256Hex } from '../../platform/crypto.ts'
import * as audit from '../audit/index.ts'
import { CaseLimits } from '../../contracts/cases.schema.ts'
import type { z } from 'zod'
import type { PublicReportCreate } from '../../contracts/cases.schema.ts'
import * as repo from './case.repo.ts'
import { event, receiveComplaint } from './case.service.ts'
import { recordEvidence, writeEvidenceContent, type EvidenceUpload } from './evidence.service.ts'

const HOUR = 3_600_000
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' // no 0/O, 1/I: read aloud over the phone

/** 16 symbols of 5 bits (80 bits), as XXXX-XXXX-XXXX-XXXX. */
export function newReceiptCode(): string {
  const bytes = randomBytes(16)
  const chars = [...bytes].map((b) => alphabet[b % 32]!)
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-')
}
export const receiptHash = (code: string) =>
  sha256Hex(`tianping receipt\u0000${code.toUpperCase().replace(/[^A-Z0-9]/g, '')}`)

/** The rate-limit bucket: an IPv4 address, or an IPv6 /64 (one subscriber's prefix, not one address). */
export function ipBucket(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip)
  if (v4) return v4[1]!
  if (!ip.includes(':')) return ip
  const [head = '', tail = ''] = ip.split('::')
  const h = head ? head.split(':') : []
  const t = ip.includes('::') ? (tail ? tail.split(':') : []) : []
  const groups = ip.includes('::')
    ? [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t]
    : ip.split(':')
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`
}

function ipHash(ctx: Ctx): string | null {
  return ctx.ip ? ctx.crypto.blindIndex('ip', ipBucket(ctx.ip)) : null
}

export async function fileReport(ctx: Ctx, input: z.output<typeof PublicReportCreate>) {
  const now = ctx.clock.now()
  const ip = ipHash(ctx)
  return withTx(ctx, async (tx, tctx) => {
    if (ip) {
      await repo.lockIpBucket(tx, ip)
      const recent = await repo.countRecentByIp(tx, ip, new Date(now.getTime() - HOUR))
      if (recent.n >= CaseLimits.publicReportsPerHour) {
        const wait = Math.max(
          1,
          Math.ceil(((recent.oldest?.getTime() ?? now.getTime()) + HOUR - now.getTime()) / 1000),
        )
        throw new RateLimitedError(
          'cases.rate_limited',
          `too many reports from this address: at most ${CaseLimits.publicReportsPerHour} an hour; try again in ${Math.ceil(wait / 60)} minutes`,
          wait,
          { limit: CaseLimits.publicReportsPerHour, retryAfterSeconds: wait },
        )
      }
    }
    const code = newReceiptCode()
    const detail = await receiveComplaint(
      tctx,
      {
        kind: 'report',
        channel: 'web',
        source: 'public_form',
        text: input.text,
        category: input.category,
        priority: 'normal',
        subject: input.subject,
        complainants: [],
      },
      { intakeIpHash: ip, receiptCodeHash: receiptHash(code), sealedReporter: input.reporter ?? null },
    )
    return {
      caseNumber: detail.number,
      receiptCode: code,
      status: detail.status,
      receivedAt: detail.receivedAt,
    }
  })
}

async function byCode(ctx: Ctx, code: string) {
  const row = await repo.byReceiptHash(dbOf(ctx), receiptHash(code))
  if (!row)
    throw new NotFoundError(
      'cases.receipt_not_found',
      'no report has this receipt code; check it and try again',
    )
  return row
}

export async function reportStatus(ctx: Ctx, code: string) {
  const row = await byCode(ctx, code)
  const events = await repo.events(dbOf(ctx), row.id, {
    limit: 500,
    visibility: 'external',
    types: ['message', 'reporter_message'],
  })
  return {
    caseNumber: row.number,
    status: row.status as 'new',
    receivedAt: row.receivedAt,
    updatedAt: row.updatedAt,
    messages: events.map((e) => ({
      at: e.at,
      from: e.type === 'reporter_message' ? ('reporter' as const) : ('staff' as const),
      text: String(e.body.text ?? ''),
    })),
    files: (await repo.events(dbOf(ctx), row.id, { limit: CaseLimits.publicFilesPerReport, visibility: 'external', types: ['reporter_file'] })).map((e) => ({
      at: e.at, filename: String(e.body.filename ?? ''), sha256: String(e.body.sha256 ?? ''),
    })),
  }
}

export async function addReporterMessage(ctx: Ctx, code: string, text: string) {
  const found = await byCode(ctx, code)
  return withTx(ctx, async (tx) => {
    const now = ctx.clock.now()
    const recent = await repo.countRecentEvents(
      tx,
      found.id,
      'reporter_message',
      new Date(now.getTime() - HOUR),
    )
    if (recent >= CaseLimits.publicMessagesPerHour) {
      throw new RateLimitedError(
        'cases.rate_limited',
        `at most ${CaseLimits.publicMessagesPerHour} messages an hour on one report; try again later`,
        3600,
        {
          limit: CaseLimits.publicMessagesPerHour,
        },
      )
    }
    await repo.lock(tx, found.id)
    const ev = event(ctx, found.id, 'reporter_message', { text }, 'external')
    await repo.insertEvents(tx, [ev])
    await repo.update(tx, found.id, { updatedAt: now })
    await audit.record(
      tx,
      ctx,
      'case.reporter_message_added',
      { type: 'case', id: found.id },
      { eventId: ev.id },
    )
    return { ok: true as const }
  })
}

/**
 * The reporter attaches a file to their report: checked like staff evidence (type by content) but smaller,
 * a few an hour and a bounded number per report, all counted under the case's row lock. The file lands on
 * the case's evidence list (uploaded by "reporter") and the timeline; the audit records the upload.
 */
export async function addReporterFile(ctx: Ctx, code: string, upload: EvidenceUpload) {
  const found = await byCode(ctx, code)
  const content = writeEvidenceContent(ctx, upload, CaseLimits.publicFileMaxBytes)
  return withTx(ctx, async (tx) => {
    await repo.lock(tx, found.id)
    const now = ctx.clock.now()
    const recent = await repo.countRecentEvents(tx, found.id, 'reporter_file', new Date(now.getTime() - HOUR))
    if (recent >= CaseLimits.publicFilesPerHour) {
      throw new RateLimitedError('cases.rate_limited', `at most ${CaseLimits.publicFilesPerHour} files an hour on one report; try again later`, 3600, {
        limit: CaseLimits.publicFilesPerHour,
      })
    }
    const total = await repo.countRecentEvents(tx, found.id, 'reporter_file', new Date(0))
    if (total >= CaseLimits.publicFilesPerReport) {
      throw new ConflictError('cases.report_files_full', `a report takes at most ${CaseLimits.publicFilesPerReport} files; send more through the case handler`, {
        limit: CaseLimits.publicFilesPerReport,
      })
    }
    const e = await recordEvidence(ctx, tx, content, found.id, { uploadedBy: 'reporter', eventType: 'reporter_file', visibility: 'external' })
    await repo.update(tx, found.id, { updatedAt: now })
    return { filename: e.filename, sizeBytes: e.sizeBytes, sha256: e.sha256 }
  })
}
