// Evidence package for a regulator or the police: the campaign, its members (case numbers, dates, texts,
// reasons), masked shared identifiers, history, reviews and its audit trail, sealed by the audit head hash of
// the export's own (audited) row. JSON, or a readable PDF set in Noto Sans CJK; without that font, HTML.
import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import type { Ctx } from '../../platform/ctx.ts'
import { withTx } from '../../platform/ctx.ts'
import * as audit from '../audit/index.ts'
import type { CampaignDetail } from '../../contracts/campaigns.schema.ts'
import * as repo from './campaign.repo.ts'
import { getCampaign } from './campaign.view.ts'

const CJK_FONTS = [
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { path: '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
]

export interface EvidencePackage {
  format: 'tianping.campaign-evidence/1'
  generatedAt: string
  generatedBy: string
  notice: string
  campaign: Omit<CampaignDetail, 'graph'>
  feedback: { verdict: string; reason: string; score: number; by: string; at: string }[]
  auditTrail: { seq: number; at: string; action: string; actor: string; hash: string }[]
  auditHead: { seq: number; hash: string }
}

export async function evidencePackage(ctx: Ctx, id: string, format: 'json' | 'pdf' | 'html'): Promise<EvidencePackage> {
  return withTx(ctx, async (tx, tctx) => {
    const detail = await getCampaign(tctx, id)
    const { graph: _graph, ...campaign } = detail
    const feedback = (await repo.feedback(tx, 500)).filter((f) => f.campaignId === id)
    const trail = await audit.forTarget(tx, 'campaign', id)
    const head = await audit.record(tx, tctx, 'campaign.evidence_exported', { type: 'campaign', id }, { format, members: detail.members.length })
    return {
      format: 'tianping.campaign-evidence/1',
      generatedAt: tctx.clock.now().toISOString(),
      generatedBy: tctx.actor.name,
      notice: 'Detection flags for human review; it is not a finding against any complainant. Identifiers are masked.',
      campaign,
      feedback: feedback.map((f) => ({ verdict: f.verdict, reason: f.reason, score: f.score, by: f.createdBy, at: new Date(f.createdAt).toISOString() })),
      auditTrail: trail.map((r) => ({ seq: r.seq, at: new Date(r.at).toISOString(), action: r.action, actor: r.actorName ?? r.actorKind, hash: r.hash })),
      auditHead: head,
    }
  })
}

export function cjkFont(): { path: string; family: string } | null {
  return CJK_FONTS.find((f) => existsSync(f.path)) ?? null
}

const iso = (d: Date | string) => new Date(d).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

export function renderPdf(p: EvidencePackage, font: { path: string; family: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Campaign ${p.campaign.id} evidence`, Producer: 'tianping' } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.registerFont('cjk', font.path, font.family)
    doc.font('cjk')
    const c = p.campaign
    doc.fontSize(18).text('黑产投诉团伙证据包 Campaign evidence package')
    doc.moveDown(0.5).fontSize(9).fillColor('#555')
    doc.text(`Campaign ${c.id} · status ${c.status} · score ${c.score.toFixed(2)} · ${c.members.length} complaints from ${c.complainants} complainants`)
    doc.text(`Filed ${iso(c.firstFiledAt)} – ${iso(c.lastFiledAt)} · generated ${p.generatedAt} by ${p.generatedBy}`)
    doc.text(p.notice)
    doc.fillColor('#000').moveDown()
    doc.fontSize(13).text('Reasons 依据')
    doc.fontSize(10)
    for (const r of c.reasons) doc.text(`• ${r}`)
    doc.moveDown()
    if (c.sharedAttributes.length) {
      doc.fontSize(13).text('Shared identifiers (masked) 共用标识')
      doc.fontSize(10)
      for (const a of c.sharedAttributes) doc.text(`• ${a.label} ${a.value}: ${a.complaints} complaints, ${a.complainants} complainants`)
      doc.moveDown()
    }
    if (c.review.at) {
      doc.fontSize(13).text('Review 复核')
      doc.fontSize(10).text(`${c.status} by ${c.review.by ?? '?'} at ${iso(c.review.at)}: ${c.review.note ?? ''}`)
      doc.moveDown()
    }
    doc.fontSize(13).text('Template 模板文本')
    doc.fontSize(10).text(c.template.text || '—')
    doc.moveDown()
    doc.fontSize(13).text('Members 成员投诉')
    for (const m of c.members) {
      doc.moveDown(0.4).fontSize(10).fillColor('#000').text(`${m.number} · filed ${iso(m.filedAt)} · similarity ${m.similarity === null ? '—' : `${Math.round(m.similarity * 100)} %`} · ${m.status}`)
      doc.fontSize(9).fillColor('#333').text(m.text.length > 600 ? `${m.text.slice(0, 600)}…` : m.text)
    }
    doc.fillColor('#000').moveDown()
    doc.fontSize(13).text('History 历程')
    doc.fontSize(9)
    for (const h of c.history) doc.text(`${iso(h.at)} ${h.event} ${JSON.stringify(h.data)}`)
    doc.moveDown()
    doc.fontSize(13).text('Audit trail 审计链')
    doc.fontSize(8)
    for (const a of p.auditTrail) doc.text(`#${a.seq} ${a.at} ${a.action} (${a.actor}) ${a.hash}`)
    doc.moveDown().fontSize(10).text(`Audit head: #${p.auditHead.seq} ${p.auditHead.hash}`)
    doc.fontSize(8).fillColor('#555').text('Verify with `tianping audit verify`: the head hash chains every audited action up to and including this export.')
    doc.end()
  })
}

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!)

/** The readable summary when no CJK font is installed (a PDF without one would print Chinese as blanks). */
export function renderHtml(p: EvidencePackage): string {
  const c = p.campaign
  const li = (xs: string[]) => `<ul>${xs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Campaign ${esc(c.id)} evidence</title>
<body style="font-family:sans-serif;max-width:900px;margin:auto">
<h1>黑产投诉团伙证据包 Campaign evidence package</h1>
<p><em>HTML summary: no CJK font was found on the server for a PDF.</em></p>
<p>Campaign ${esc(c.id)} · ${esc(c.status)} · score ${c.score.toFixed(2)} · ${c.members.length} complaints from ${c.complainants} complainants<br>${esc(p.notice)}</p>
<h2>Reasons</h2>${li(c.reasons)}
<h2>Shared identifiers (masked)</h2>${li(c.sharedAttributes.map((a) => `${a.label} ${a.value}: ${a.complaints} complaints`))}
<h2>Template</h2><pre style="white-space:pre-wrap">${esc(c.template.text)}</pre>
<h2>Members</h2>${c.members.map((m) => `<h3>${esc(m.number)} · ${iso(m.filedAt)}</h3><pre style="white-space:pre-wrap">${esc(m.text)}</pre>`).join('')}
<h2>Audit trail</h2>${li(p.auditTrail.map((a) => `#${a.seq} ${a.at} ${a.action} ${a.hash}`))}
<p>Audit head: #${p.auditHead.seq} <code>${p.auditHead.hash}</code></p></body></html>`
}
