// Message templates (回复模板) for messages to complainants, stored in setting cases.message_templates and
// rendered with the case's own fields; an unknown placeholder is refused rather than sent as {{…}}.
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts'
import { maskPii } from '../../platform/crypto.ts'
import * as audit from '../audit/index.ts'
import * as repo from './case.repo.ts'
import { formatShanghai } from './core/local-date.ts'
import * as sla from './sla.service.ts'
import { visibleCase } from './scope.ts'

export const TEMPLATES_SETTING = 'cases.message_templates'
export interface MessageTemplate {
  id: string
  name: string
  text: string
}
export const placeholders = ['number', 'subject', 'receivedDate', 'dueDate', 'complainantName'] as const

export const defaultTemplates: MessageTemplate[] = [
  { id: 'acknowledge', name: '受理告知', text: '您好，您的投诉（编号 {{number}}）已于 {{receivedDate}} 受理，我们将在 {{dueDate}} 前给予答复。' },
  { id: 'request_materials', name: '补充材料', text: '您好，为尽快处理您的投诉（编号 {{number}}），请补充相关交易凭证或截图。' },
  { id: 'extension_notice', name: '延期告知', text: '您好，您的投诉（编号 {{number}}）情况较为复杂，处理期限延长至 {{dueDate}}，感谢您的理解。' },
]

export async function listTemplates(ctx: Ctx): Promise<{ items: MessageTemplate[] }> {
  const v = await repo.setting(dbOf(ctx), TEMPLATES_SETTING)
  return { items: Array.isArray(v) ? (v as MessageTemplate[]) : defaultTemplates }
}

export async function setTemplates(ctx: Ctx, items: MessageTemplate[]): Promise<{ items: MessageTemplate[] }> {
  const ids = new Set<string>()
  for (const t of items) {
    if (ids.has(t.id)) throw new ConflictError('cases.template_duplicate', `template id ${t.id} appears twice`, { id: t.id })
    ids.add(t.id)
    const unknown = [...t.text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).filter((p) => !(placeholders as readonly string[]).includes(p))
    if (unknown.length) {
      throw new ValidationError('cases.template_placeholder_unknown', `template ${t.id} uses unknown placeholders: ${unknown.join(', ')}; known: ${placeholders.join(', ')}`, {
        id: t.id, unknown,
      })
    }
  }
  return withTx(ctx, async (tx) => {
    await repo.putSetting(tx, TEMPLATES_SETTING, items, ctx.clock.now(), ctx.actor.id ?? ctx.actor.name)
    await audit.record(tx, ctx, 'message_templates.updated', null, { ids: [...ids] })
    return { items }
  })
}

/** The template's text with the case's values; the complainant's name is masked (surname only). */
export async function renderTemplate(ctx: Ctx, caseId: string, templateId: string): Promise<string> {
  const t = (await listTemplates(ctx)).items.find((x) => x.id === templateId)
  if (!t) throw new NotFoundError('cases.template_not_found', `no message template ${templateId}`, { templateId })
  const db = dbOf(ctx)
  const row = await visibleCase(ctx, db, caseId)
  const complainant = (await repo.partiesOf(db, caseId)).find((p) => p.role === 'complainant')
  const r = sla.report(row, ctx.clock.now())
  const due = r.targets.find((x) => x.completedAt === null) ?? r.targets[0]
  const values: Record<string, string> = {
    number: row.number,
    subject: row.subjectName,
    receivedDate: formatShanghai(row.receivedAt.getTime()).slice(0, 10),
    dueDate: due ? formatShanghai(due.dueAt).slice(0, 10) : '',
    complainantName: complainant?.nameEnc ? maskPii('name', ctx.crypto.decrypt(complainant.nameEnc)) : '',
  }
  return t.text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => values[k] ?? '')
}
