// tianping campaigns: organised-complaint detection over a JSONL file (contract in issue 6; keep it stable).
// Two passes over the file: the first validates every line and gathers corpus statistics (shingle document
// frequencies, identifier degrees), the second places each complaint; texts are never all held in memory.
import { createReadStream, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { CampaignDetector, RepeatedKeys, hash53, type ComplaintInput, type DetectionResult } from '../modules/campaigns/index.ts'
import { CliError, Progress, UsageError, readLines, type Command } from './cli-support.ts'

const usage = `
usage: tianping campaigns --input COMPLAINTS.jsonl [--format jsonl] [--summary FILE] [--quiet]

Finds organised complaint campaigns: templated texts, identity rings (phones, devices, IPs, addresses,
bank accounts), complaint agents, bursts. Flags for human review; never rejects.

input line:  {"id", "text", "submitted_at" (ISO-8601), "channel"?, "subject"?,
              "complainant"?: {"id","name","phone","email","id_number","device_id","ip","address","bank_account"},
              "agent"?: {"name","phone","org"}, "demand"?: {"type","amount"}}
stdout:      one line per input record, in input order:
              {"id", "campaign_id", "duplicate_of", "score", "reasons"}
--summary F  writes campaigns (members, reasons, time span, shared attributes) and burst alerts as JSON
--quiet      no progress on stderr
Timestamps without a UTC offset are read as UTC.
`

const optionalText = z.string().nullish()
const Line = z.object({
  id: z.string().min(1),
  text: z.string(),
  submitted_at: z.string(),
  channel: optionalText,
  subject: optionalText,
  complainant: z
    .object({
      id: optionalText,
      name: optionalText,
      phone: optionalText,
      email: optionalText,
      id_number: optionalText,
      device_id: optionalText,
      ip: optionalText,
      address: optionalText,
      bank_account: optionalText,
    })
    .nullish(),
  agent: z.object({ name: optionalText, phone: optionalText, org: optionalText }).nullish(),
  demand: z.object({ type: optionalText, amount: z.number().finite().nullish() }).nullish(),
})
type Line = z.infer<typeof Line>

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

function parseTime(s: string): number | null {
  const m = isoDate.exec(s.trim())
  if (!m) return null
  const hasTime = /[T ]/i.test(s.trim())
  const [y, mo, d] = s.trim().slice(0, 10).split('-').map(Number) as [number, number, number]
  const day = new Date(Date.UTC(y, mo - 1, d))
  if (day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null // 2025-02-30
  const t = Date.parse(hasTime && !m[1] ? `${s.trim().replace(' ', 'T')}Z` : s.trim().replace(' ', 'T'))
  return Number.isFinite(t) ? t : null
}

const u = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v)

function toComplaint(l: Line, submittedAt: number): ComplaintInput {
  const p = l.complainant
  const a = l.agent
  return {
    id: l.id,
    text: l.text,
    submittedAt,
    channel: u(l.channel),
    subject: u(l.subject),
    complainant: p
      ? {
          id: u(p.id),
          name: u(p.name),
          phone: u(p.phone),
          email: u(p.email),
          idNumber: u(p.id_number),
          deviceId: u(p.device_id),
          ip: u(p.ip),
          address: u(p.address),
          bankAccount: u(p.bank_account),
        }
      : undefined,
    agent: a ? { name: u(a.name), phone: u(a.phone), org: u(a.org) } : undefined,
    demand: l.demand ? { type: u(l.demand.type), amount: u(l.demand.amount) } : undefined,
  }
}

/** Parses and validates one line; throws CliError naming file and line. */
function parseLine(path: string, lineNo: number, line: string): ComplaintInput {
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch (err) {
    throw new CliError(`${path}:${lineNo}: invalid JSON (${(err as Error).message})`)
  }
  const parsed = Line.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'record'
    throw new CliError(`${path}:${lineNo}: ${where}: ${issue?.message ?? 'invalid record'}`)
  }
  const t = parseTime(parsed.data.submitted_at)
  if (t === null) throw new CliError(`${path}:${lineNo}: submitted_at: not an ISO-8601 date (got "${parsed.data.submitted_at.slice(0, 40)}")`)
  return toComplaint(parsed.data, t)
}

/** Finds the first line whose id repeats an earlier one (only runs when the hashes saw a repeat). */
async function reportDuplicateId(path: string, repeated: RepeatedKeys): Promise<void> {
  const seen = new Set<string>()
  for await (const { line, lineNo } of readLines(path)) {
    if (!line.trim()) continue
    const id = (JSON.parse(line) as { id: string }).id
    if (!repeated.has(hash53(id))) continue
    if (seen.has(id)) throw new CliError(`${path}:${lineNo}: id: duplicate id "${id.slice(0, 60)}"`)
    seen.add(id)
  }
}

/** Newlines in the file, to size the detector's tables once (a byte scan, no parsing). */
async function countLines(path: string): Promise<number> {
  let n = 0
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`${path}: no such file`)
    throw err
  }
  return n + 1
}

function summaryJson(input: string, result: DetectionResult): unknown {
  const iso = (ms: number): string => new Date(ms).toISOString()
  return {
    input,
    complaints: result.records.length,
    flagged: result.records.filter((r) => r.campaignId).length,
    duplicates: result.records.filter((r) => r.duplicateOf).length,
    campaigns: result.campaigns.map((c) => ({
      id: c.id,
      score: c.score,
      complaints: c.complaints,
      complainants: c.complainants,
      first_at: iso(c.firstAt),
      last_at: iso(c.lastAt),
      span_days: Math.round(((c.lastAt - c.firstAt) / 86_400_000) * 10) / 10,
      reasons: c.reasons,
      shared_attributes: c.sharedAttributes.map((a) => ({ kind: a.kind, value: a.value, complaints: a.complaints, complainants: a.complainants })),
      signals: c.signals,
      template_member: c.templateMember,
      members: c.members,
    })),
    burst_alerts: result.bursts.map((b) => ({ key: b.key, subject: b.subject, date: b.date, observed: b.observed, expected: Math.round(b.expected * 100) / 100, p_value: b.pValue })),
  }
}

export const command: Command = {
  summary: 'find organised complaint campaigns (templates, identity rings, agents, bursts) in a JSONL file',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        input: { type: 'string' },
        format: { type: 'string', default: 'jsonl' },
        summary: { type: 'string' },
        quiet: { type: 'boolean', default: false },
      },
    })
    if (!values.input) throw new UsageError('--input is required')
    if (values.format !== 'jsonl') throw new UsageError(`--format must be jsonl (got "${values.format}")`)
    const input = values.input
    const quiet = values.quiet ?? false

    // Pass 1: validate everything before writing anything, and gather statistics. Ids are checked for
    // uniqueness by 53-bit hash (a Set of a million strings costs ~80 MB); a repeat is located by a rescan.
    const idHashes = new RepeatedKeys()
    let count = 0
    const p1 = new Progress('campaigns: reading', { quiet })
    const detector = new CampaignDetector({ expectedDocuments: await countLines(input) })
    for await (const { line, lineNo } of readLines(input)) {
      if (!line.trim()) continue
      const c = parseLine(input, lineNo, line)
      idHashes.add(hash53(c.id))
      count++
      detector.observe(c)
      p1.tick(count)
    }
    p1.done(count)
    idHashes.freeze()
    if (idHashes.size > 0) await reportDuplicateId(input, idHashes)

    // Pass 2: place each complaint.
    const p2 = new Progress('campaigns: linking', { quiet, total: count })
    let placed = 0
    for await (const { line, lineNo } of readLines(input)) {
      if (!line.trim()) continue
      detector.add(parseLine(input, lineNo, line))
      p2.tick(++placed)
    }
    p2.done(placed)
    detector.seal()
    const result = detector.result()

    const out: string[] = []
    const flush = (): void => {
      if (out.length) process.stdout.write(out.join(''))
      out.length = 0
    }
    for (const r of result.records) {
      out.push(`${JSON.stringify({ id: r.id, campaign_id: r.campaignId, duplicate_of: r.duplicateOf, score: r.score, reasons: r.reasons })}\n`)
      if (out.length >= 2000) flush()
    }
    flush()
    if (values.summary) writeFileSync(values.summary, `${JSON.stringify(summaryJson(input, result), null, 2)}\n`)
    if (!quiet) {
      const flagged = result.records.filter((r) => r.campaignId).length
      process.stderr.write(`campaigns: ${count} complaints, ${result.campaigns.length} campaigns (${flagged} flagged), ${result.bursts.length} burst alerts\n`)
    }
    return 0
  },
}
