// tianping cases list|export|bulk: the case list, its CSV export and bulk operations from a shell, through the
// same service functions as GET /api/v1/cases, GET /api/v1/cases/export and POST /api/v1/cases/bulk, so
// scope, permissions, recusal and audit rows are the API's. The actor is the system actor `cli:cases`
// unless --as USERNAME names a user, whose roles then decide exactly as they would in the API.
import { existsSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { z } from 'zod'
import * as cases from '../modules/cases/index.ts'
import * as auth from '../modules/auth/index.ts'
import { BulkBody, BulkLimits, CaseListQuery, ActionBody, caseActions, caseKinds, caseStatuses, casePriorities, listCases, exportCases, bulkCases } from '../contracts/cases.schema.ts'
import type { CaseSummary } from '../contracts/cases.schema.ts'
import type { EndpointDef } from '../contracts/endpoint.ts'
import type { Ctx } from '../platform/ctx.ts'
import { hasPermission } from '../platform/ctx.ts'
import { open, cliCtx, type Opened } from './bootstrap.ts'
import { CliError, Progress, UsageError, readLines, type Command } from './cli-support.ts'

const bulkOps = ['assign', 'priority', 'tag', 'link'] as const
/** Breaks a list at spaces to `width` columns, continuation lines indented by `indent`. */
const wrap = (text: string, width: number, indent: number) => {
  const lines = ['']
  for (const word of text.split(' ')) {
    if (lines[lines.length - 1]!.length + word.length > width) lines.push('')
    lines[lines.length - 1] += (lines[lines.length - 1] ? ' ' : '') + word
  }
  return lines.join('\n' + ' '.repeat(indent))
}
const usage = `
usage:
  tianping cases list   [FILTERS] [--limit N] [--json] [--as USERNAME]
  tianping cases export [FILTERS] [--out FILE] [--as USERNAME] [--quiet]
  tianping cases bulk OP (--ids-from FILE | FILTERS [--limit N]) [OP OPTIONS] [--dry-run] [--as USERNAME] [--quiet]

FILTERS (those of GET /api/v1/cases):
  --status S               ${caseStatuses.join(', ')}
  --queue NAME|ID          a queue by name or id
  --assignee USERNAME|none|me   a handler's cases, the unassigned ones, or (with --as) your own
  --sla breached|due_soon  past due, or due within 24 h
  --kind K                 ${caseKinds.join(', ')}
  --sort S                 received (default), -received, due, priority

list: a table (number, status, kind, received, due, assignee, subject; times in UTC), or with --json one
  snake_case JSON line per case. --limit N: at most N cases (default 50), paged through the list's cursor.
export: the CSV of GET /api/v1/cases/export (UTF-8 with BOM, names masked, at most 50,000 rows, audited as
  case.exported) to stdout or --out FILE.
bulk: one operation on each case, in chunks of ${BulkLimits.idsMax}, each case on its own (one refusal does not undo
  the others), through the API's bulk service and audited the same way.
  --ids-from FILE          case numbers (TP-2026-000123) or ids, one per line; blank lines and # comments
                           skipped; a case listed twice is done once. Without it, FILTERS choose the cases
                           (at least one filter; --limit N caps them).
  OP and its options:
    assign [--to USERNAME]     assign (or reassign) to USERNAME; without --to, the least-loaded eligible
                               handler per case. Recusal (回避) rules apply to the assignee.
    priority --priority P      ${casePriorities.join(', ')}
    tag [--add TAG]... [--remove TAG]...
    link --to CASE             link every case to CASE (number or id), both ways
    ACTION [options]           a workflow action, one of
                               ${wrap(caseActions.filter((a) => a !== 'assign').join(', '), 80, 31)};
                               options: --note T, --reason T, --outcome O, --waiting-on W, --body B (escalation
                               body), --reference R, --category C, --priority P, --product-line L, --issue-type T,
                               --to-queue NAME|ID, --until ISO-TIME, --to USERNAME (reassign)
  --dry-run                lists the cases that would be touched (JSON lines with "dry_run": true); changes nothing
  stdout: one JSON line per case in input order: {"ref", "line"?, "id", "number", "ok", "error"?: {"code", "message"}};
  a reference that matches no case you may see fails with cases.not_found. stderr: progress and
  "N ok, M failed". Exit 1 if any case failed.

--as USERNAME: act as that user: their roles' permissions (list needs cases:read, export cases:export, bulk
  cases:handle, and e.g. resolve cases:resolve), their case scope, and the recusal rules, exactly as in the API.
  Audit rows name that user, with request id "cli:cases". Without --as the command acts as the system actor
  "cli:cases", which may see and do everything.
--quiet: no progress on stderr.
`

const options = {
  status: { type: 'string' }, queue: { type: 'string' }, assignee: { type: 'string' }, sla: { type: 'string' }, kind: { type: 'string' },
  sort: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, as: { type: 'string' },
  quiet: { type: 'boolean' }, 'ids-from': { type: 'string' }, 'dry-run': { type: 'boolean' },
  to: { type: 'string' }, priority: { type: 'string' }, add: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true },
  note: { type: 'string' }, reason: { type: 'string' }, outcome: { type: 'string' }, 'waiting-on': { type: 'string' }, body: { type: 'string' },
  reference: { type: 'string' }, category: { type: 'string' }, 'product-line': { type: 'string' }, 'issue-type': { type: 'string' },
  'to-queue': { type: 'string' }, until: { type: 'string' },
} as const
type Values = ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true; strict: true }>>['values']

const filterFlags = ['status', 'queue', 'assignee', 'sla', 'kind', 'sort'] as const
const listOnly = ['limit', 'json'] as const
const exportOnly = ['out'] as const
const bulkOnly = ['ids-from', 'dry-run', 'to', 'priority', 'add', 'remove', 'note', 'reason', 'outcome', 'waiting-on', 'body', 'reference', 'category', 'product-line', 'issue-type', 'to-queue', 'until'] as const
const allowed: Record<string, readonly string[]> = {
  list: [...filterFlags, ...listOnly, 'as'],
  export: [...filterFlags, ...exportOnly, 'as', 'quiet'],
  bulk: [...filterFlags, ...bulkOnly, 'limit', 'as', 'quiet'],
}

/** The flag a schema field came from, so a bad value is reported as the flag the user typed. */
const flagOf: Record<string, string> = {
  queueId: '--queue', assigneeId: '--assignee', waitingOn: '--waiting-on', productLine: '--product-line', issueType: '--issue-type', body: '--body',
}
function zodUsage(e: z.ZodError): UsageError {
  const i = e.issues[0]!
  const field = i.path.filter((p) => typeof p === 'string').pop() ?? ''
  return new UsageError(`${flagOf[field] ?? `--${field.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`}: ${i.message}`)
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const numberPattern = /^TP-\d{4}-\d{6,}$/i

async function actorCtx(o: Opened, as: string | undefined, ep: EndpointDef): Promise<Ctx> {
  const ctx = cliCtx(o.services, 'cases')
  if (as === undefined) return ctx
  const u = await auth.findUserByUsername(o.database.db, as)
  if (!u) throw new CliError(`--as: no user named "${as}"`)
  if (u.disabledAt) throw new CliError(`--as: account ${u.username} is disabled`)
  const actor = auth.userActor(u)
  if (ep.permission && !hasPermission(actor, ep.permission)) {
    throw new CliError(`--as ${u.username}: ${ep.method} ${ep.path} needs the permission ${ep.permission}, which the roles (${u.roles.join(', ') || 'none'}) do not grant`)
  }
  return { ...ctx, actor, requestId: 'cli:cases' } // audit rows name the user; the request id says it came from the CLI
}

async function queueIdOf(ctx: Ctx, flag: string, v: string): Promise<string> {
  const { items } = await cases.listQueues(ctx)
  const hit = items.find((q) => q.id === v.toLowerCase()) ?? items.find((q) => q.name === v)
  if (!hit) throw new CliError(`${flag}: no queue named or numbered "${v}"`)
  return hit.id
}

async function userIdOf(o: Opened, flag: string, v: string): Promise<string> {
  const u = uuidPattern.test(v) ? await auth.findUserById(o.database.db, v.toLowerCase()) : await auth.findUserByUsername(o.database.db, v)
  if (!u) throw new CliError(`${flag}: no user named "${v}"`)
  return u.id
}

/** The filters as the list endpoint's query, validated by its own schema; names resolved to ids. */
async function listQuery(o: Opened, ctx: Ctx, v: Values) {
  let assigneeId = v.assignee
  if (assigneeId === 'me' && ctx.actor.userId === null) throw new UsageError('--assignee me needs --as USERNAME')
  if (assigneeId !== undefined && !['me', 'none'].includes(assigneeId)) assigneeId = await userIdOf(o, '--assignee', assigneeId)
  const queueId = v.queue === undefined ? undefined : await queueIdOf(ctx, '--queue', v.queue)
  const parsed = CaseListQuery.omit({ cursor: true, limit: true }).safeParse({ status: v.status, kind: v.kind, sla: v.sla, sort: v.sort, queueId, assigneeId })
  if (!parsed.success) throw zodUsage(parsed.error)
  return parsed.data
}

function limitOf(v: Values, fallback: number | null): number | null {
  if (v.limit === undefined) return fallback
  const n = Number(v.limit)
  if (!/^\d+$/.test(v.limit) || n < 1) throw new UsageError(`--limit: expected a positive whole number (got "${v.limit}")`)
  return n
}

type Query = Awaited<ReturnType<typeof listQuery>>

/** Every matching case up to `limit` (null: all), paging through the list's cursor as the console does. */
async function collect(ctx: Ctx, q: Query, limit: number | null): Promise<CaseSummary[]> {
  const out: CaseSummary[] = []
  let cursor: string | undefined
  do {
    const want = limit === null ? 200 : Math.min(200, limit - out.length)
    const page = await cases.listCases(ctx, { ...q, cursor, limit: want })
    out.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor && (limit === null || out.length < limit))
  return out
}

// ---- list

const snake = (c: CaseSummary) => ({
  id: c.id, number: c.number, kind: c.kind, channel: c.channel, status: c.status, priority: c.priority, category: c.category,
  product_line: c.productLine, sector: c.sector, queue_id: c.queueId, assignee_id: c.assigneeId, assignee_name: c.assigneeName,
  subject_type: c.subject.type, subject_ref: c.subject.ref, subject_name: c.subject.name, complainant_name: c.complainantName,
  sla_state: c.slaState, sla_due_at: c.slaDueAt, risk_level: c.riskLevel, tags: c.tags, duplicate_of: c.duplicateOf,
  received_at: c.receivedAt, updated_at: c.updatedAt,
})

/** Terminal columns: CJK and full-width characters take two. */
const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0)
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)))
const minute = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + 'Z' : '-')
const clip = (s: string, w: number) => {
  let out = ''
  for (const ch of s) {
    if (width(out + ch) > w - 1) return out + '…'
    out += ch
  }
  return out
}

function table(items: CaseSummary[]): string {
  const rows = [['NUMBER', 'STATUS', 'KIND', 'RECEIVED', 'DUE', 'ASSIGNEE', 'SUBJECT']]
  for (const c of items) rows.push([c.number, c.status, c.kind, minute(c.receivedAt), minute(c.slaDueAt), c.assigneeName ?? '-', clip(c.subject.name, 40)])
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i]!))))
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]!))).join('  ')).join('\n') + '\n'
}

async function runList(o: Opened, v: Values): Promise<number> {
  const ctx = await actorCtx(o, v.as, listCases)
  const q = await listQuery(o, ctx, v)
  const items = await collect(ctx, q, limitOf(v, 50))
  if (v.json) process.stdout.write(items.map((c) => JSON.stringify(snake(c)) + '\n').join(''))
  else process.stdout.write(table(items))
  return 0
}

// ---- export

async function runExport(o: Opened, v: Values): Promise<number> {
  const ctx = await actorCtx(o, v.as, exportCases)
  const q = await listQuery(o, ctx, v)
  const { csv, rows } = await cases.exportCases(ctx, q)
  if (v.out) {
    try {
      writeFileSync(v.out, csv)
    } catch (e) {
      throw new CliError(`${v.out}: cannot write (${(e as Error).message})`)
    }
  } else process.stdout.write(csv)
  if (!v.quiet) process.stderr.write(`tianping cases export: ${rows} cases${v.out ? ` written to ${v.out}` : ''}\n`)
  return 0
}

// ---- bulk

interface Target {
  ref: string
  line?: number
  id: string | null
  number: string | null
  status: string | null
}

async function readIds(file: string): Promise<{ ref: string; line: number }[]> {
  if (!existsSync(file)) throw new CliError(`${file}: no such file`)
  const out: { ref: string; line: number }[] = []
  for await (const { line, lineNo } of readLines(file)) {
    const ref = line.trim()
    if (!ref || ref.startsWith('#')) continue
    if (!uuidPattern.test(ref) && !numberPattern.test(ref)) {
      throw new CliError(`${file}:${lineNo}: "${clip(ref, 60)}" is neither a case number (TP-2026-000123) nor a case id; nothing was changed`)
    }
    out.push({ ref, line: lineNo })
  }
  if (!out.length) throw new CliError(`${file}: no case numbers or ids in it`)
  return out
}

/** The op as the bulk endpoint's body would carry it, validated by the same schema. */
async function bulkOp(o: Opened, ctx: Ctx, name: string, v: Values): Promise<cases.BulkOp> {
  const allowedFor: Record<string, readonly string[]> = {
    assign: ['to'], priority: ['priority'], tag: ['add', 'remove'], link: ['to'],
  }
  const actionFlags = ['to', 'priority', 'note', 'reason', 'outcome', 'waiting-on', 'body', 'reference', 'category', 'product-line', 'issue-type', 'to-queue', 'until']
  const mine = allowedFor[name] ?? actionFlags
  const opFlags = ['to', 'priority', 'add', 'remove', 'note', 'reason', 'outcome', 'waiting-on', 'body', 'reference', 'category', 'product-line', 'issue-type', 'to-queue', 'until']
  for (const f of opFlags) if (v[f as keyof Values] !== undefined && !mine.includes(f)) throw new UsageError(`--${f} is not an option of bulk ${name}`)
  let raw: unknown
  switch (name) {
    case 'assign':
      raw = { type: 'assign', assigneeId: v.to === undefined ? undefined : await userIdOf(o, '--to', v.to) }
      break
    case 'priority':
      if (v.priority === undefined) throw new UsageError('bulk priority needs --priority P')
      raw = { type: 'priority', priority: v.priority }
      break
    case 'tag':
      if (!v.add && !v.remove) throw new UsageError('bulk tag needs --add TAG or --remove TAG')
      raw = { type: 'tag', add: v.add ?? [], remove: v.remove ?? [] }
      break
    case 'link': {
      if (v.to === undefined) throw new UsageError('bulk link needs --to CASE')
      const hit = (await cases.resolveCaseRefs(ctx, [v.to])).get(v.to)
      if (!hit) throw new CliError(`--to: no case ${v.to}`)
      raw = { type: 'link', to: hit.id }
      break
    }
    default: {
      if (v.to !== undefined && name !== 'reassign') throw new UsageError(`--to is not an option of bulk ${name}`)
      const body = {
        note: v.note, reason: v.reason, outcome: v.outcome, waitingOn: v['waiting-on'], body: v.body, reference: v.reference, category: v.category,
        priority: v.priority, productLine: v['product-line'], issueType: v['issue-type'], until: v.until,
        queueId: v['to-queue'] === undefined ? undefined : await queueIdOf(ctx, '--to-queue', v['to-queue']),
        assigneeId: v.to === undefined ? undefined : await userIdOf(o, '--to', v.to),
      }
      const checked = ActionBody.safeParse(Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined)))
      if (!checked.success) throw zodUsage(checked.error)
      raw = { type: 'action', action: name, body: checked.data }
    }
  }
  const parsed = BulkBody.shape.op.safeParse(raw)
  if (!parsed.success) throw zodUsage(parsed.error)
  return parsed.data as cases.BulkOp
}

async function runBulk(o: Opened, name: string, v: Values): Promise<number> {
  const hasFilter = filterFlags.some((f) => f !== 'sort' && v[f] !== undefined)
  if (v['ids-from'] !== undefined && (hasFilter || v.limit !== undefined)) throw new UsageError('give either --ids-from FILE or filters, not both')
  if (v['ids-from'] === undefined && !hasFilter) throw new UsageError('say which cases: --ids-from FILE, or at least one filter (--status, --queue, --assignee, --sla, --kind)')
  const fromFile = v['ids-from'] === undefined ? null : await readIds(v['ids-from'])
  const ctx = await actorCtx(o, v.as, bulkCases)
  const op = await bulkOp(o, ctx, name, v)

  // Cases are fixed before anything changes, so an action that moves cases out of the filter cannot shift the pages.
  const targets: Target[] = []
  if (fromFile) {
    const found = await cases.resolveCaseRefs(ctx, fromFile.map((r) => r.ref))
    const seen = new Set<string>()
    for (const r of fromFile) {
      const hit = found.get(r.ref)
      if (hit && seen.has(hit.id)) continue
      if (hit) seen.add(hit.id)
      targets.push({ ref: r.ref, line: r.line, id: hit?.id ?? null, number: hit?.number ?? null, status: hit?.status ?? null })
    }
  } else {
    for (const c of await collect(ctx, await listQuery(o, ctx, v), limitOf(v, null))) targets.push({ ref: c.number, id: c.id, number: c.number, status: c.status })
  }

  const line = (t: Target, rest: Record<string, unknown>) =>
    JSON.stringify({ ref: t.ref, ...(t.line === undefined ? {} : { line: t.line }), id: t.id, number: t.number, ...rest }) + '\n'
  const notFound = (t: Target) => ({ ok: false, error: { code: 'cases.not_found', message: `case ${t.ref} does not exist` } })
  const known = targets.filter((t) => t.id !== null)
  const missing = targets.length - known.length

  if (v['dry-run']) {
    process.stdout.write(targets.map((t) => line(t, t.id ? { ok: true, dry_run: true, status: t.status, op: op.type === 'action' ? op.action : op.type } : notFound(t))).join(''))
    process.stderr.write(`tianping cases bulk: dry run, nothing changed: ${known.length} would be touched, ${missing} not found\n`)
    return missing ? 1 : 0
  }

  const results = new Map<string, { ok: boolean; error?: { code: string; message: string } | undefined }>()
  const progress = new Progress(`bulk ${name}`, { quiet: v.quiet ?? false, total: known.length })
  for (let i = 0; i < known.length; i += BulkLimits.idsMax) {
    const r = await cases.bulk(ctx, known.slice(i, i + BulkLimits.idsMax).map((t) => t.id!), op)
    for (const x of r.results) results.set(x.id, x)
    if (i + BulkLimits.idsMax < known.length) progress.tick(results.size)
  }
  let ok = 0
  let failed = 0
  let out = ''
  for (const t of targets) {
    const r = t.id ? results.get(t.id) : undefined
    const outcome = r ? (r.ok ? { ok: true } : { ok: false, error: r.error }) : notFound(t)
    if (outcome.ok) ok++
    else failed++
    out += line(t, outcome)
  }
  process.stdout.write(out)
  progress.done(results.size)
  process.stderr.write(`tianping cases bulk: ${ok} ok, ${failed} failed\n`)
  return failed ? 1 : 0
}

export const command: Command = {
  summary: 'list, export (CSV) or bulk-change cases, as the API does (--as USERNAME for a user\'s permissions)',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options })
    const [sub, ...rest] = positionals
    if (!sub || !(sub in allowed)) throw new UsageError('say list, export or bulk')
    const extra = sub === 'bulk' ? rest.slice(1) : rest
    if (sub === 'bulk' && !rest[0]) throw new UsageError('bulk needs an operation: assign, priority, tag, link or a workflow action')
    if (sub === 'bulk' && ![...bulkOps, ...caseActions].includes(rest[0] as never)) {
      throw new UsageError(`unknown bulk operation "${rest[0]}": say ${[...bulkOps, ...caseActions.filter((a) => a !== 'assign')].join(', ')}`)
    }
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`)
    for (const k of Object.keys(values)) if (!allowed[sub]!.includes(k)) throw new UsageError(`--${k} is not an option of cases ${sub}`)
    const o = await open(`tianping cases ${sub}`, { migrate: true, quietKeyWarning: true })
    try {
      if (sub === 'list') return await runList(o, values)
      if (sub === 'export') return await runExport(o, values)
      return await runBulk(o, rest[0]!, values)
    } finally {
      await o.close()
    }
  },
}
