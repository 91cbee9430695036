// 投诉人画像: a complainant's history across cases (matched by phone or ID number blind index), shown masked.
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf } from '../../platform/ctx.ts'
import { maskPii } from '../../platform/crypto.ts'
import * as repo from './case.repo.ts'
import { caseScope, refuseGrantee, visibleCase } from './scope.ts'

const tally = (values: (string | null)[]) => {
  const out: Record<string, number> = {}
  for (const v of values) if (v) out[v] = (out[v] ?? 0) + 1
  return out
}

export async function complainantProfile(ctx: Ctx, caseId: string) {
  const db = dbOf(ctx)
  await visibleCase(ctx, db, caseId)
  refuseGrantee(ctx, 'the complainant profile')
  const parties = (await repo.partiesOf(db, caseId)).filter((p) => p.role === 'complainant')
  const bidxs = parties.flatMap((p) => [p.phoneBidx, p.idNumberBidx]).filter((b): b is string => Boolean(b))
  // a scoped user's history counts only the cases they may see
  const rows = await repo.casesOfComplainants(db, bidxs, caseScope(ctx))
  return {
    complainants: parties.map((p) => {
      const mine = new Map<string, repo.ProfileRow>()
      for (const r of rows) {
        if ((p.phoneBidx && r.phoneBidx === p.phoneBidx) || (p.idNumberBidx && r.idNumberBidx === p.idNumberBidx)) mine.set(r.id, r)
      }
      const cases = [...mine.values()]
      const own = cases.length ? cases : []
      return {
        partyId: p.id,
        name: p.nameEnc ? maskPii('name', ctx.crypto.decrypt(p.nameEnc)) : null,
        cases: own.length,
        firstAt: own.length ? own[own.length - 1]!.receivedAt : new Date(0),
        lastAt: own.length ? own[0]!.receivedAt : new Date(0),
        viaAgent: own.filter((c) => c.viaAgent).length,
        channels: tally(own.map((c) => c.channel)),
        demandTypes: tally(own.map((c) => c.demandType)),
        outcomes: tally(own.map((c) => c.outcome)),
        // from organized-complaint detection: the campaigns this person's cases were flagged into
        campaigns: tally(own.map((c) => c.campaignId)),
        recent: own.slice(0, 20).map((c) => ({
          id: c.id, number: c.number, kind: c.kind, status: c.status, subjectName: c.subjectName, outcome: c.outcome, receivedAt: c.receivedAt,
          campaignId: c.campaignId,
        })),
      }
    }),
  }
}
