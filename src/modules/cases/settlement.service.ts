// Settlement offers in 分: our offers above the proposer's authority wait for approval; counter-offers are
// recorded as the complainant's. The Ackerman plan helper is pure (core/settlement).
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, ForbiddenError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as audit from '../audit/index.ts'
import { checkAuthority, type AuthorityLimits } from './core/settlement.ts'
import * as repo from './case.repo.ts'
import { event } from './case.service.ts'
import { lockVisibleCase, refuseGrantee, visibleCase } from './scope.ts'

export const AUTHORITY_SETTING = 'cases.authority_limits_fen'
/** Defaults: a handler may agree up to 500 元, a supervisor up to 5,000 元, an admin up to 50,000 元. */
export const defaultAuthorityLimits: AuthorityLimits = { handler: 50_000, supervisor: 500_000, admin: 5_000_000 }

async function limits(ctx: Ctx): Promise<AuthorityLimits> {
  const v = await repo.setting(dbOf(ctx), AUTHORITY_SETTING)
  return v && typeof v === 'object' ? (v as AuthorityLimits) : defaultAuthorityLimits
}

function offerView(o: repo.OfferRow) {
  return {
    id: o.id, caseId: o.caseId, direction: o.direction as 'offer' | 'counter', amountFen: o.amountFen,
    status: o.status as 'proposed' | 'pending_approval' | 'approved' | 'accepted' | 'rejected', needsApproval: o.needsApproval,
    approvedBy: o.approvedBy, note: o.note, createdAt: o.createdAt,
  }
}

export async function createOffer(ctx: Ctx, caseId: string, input: { direction: 'offer' | 'counter'; amountFen: number; note?: string | undefined }) {
  const lim = await limits(ctx)
  return withTx(ctx, async (tx) => {
    const row = await lockVisibleCase(ctx, tx, caseId)
    if (['resolved', 'closed', 'withdrawn'].includes(row.status)) {
      throw new ConflictError('cases.case_finished', `case ${row.number} is ${row.status}; no more offers`, { status: row.status })
    }
    const check = input.direction === 'offer' ? checkAuthority(lim, ctx.actor.roles, input.amountFen) : null
    const now = ctx.clock.now()
    const o = {
      id: newId(), caseId, direction: input.direction, amountFen: input.amountFen,
      status: check?.needsApproval ? 'pending_approval' : 'proposed', needsApproval: Boolean(check?.needsApproval),
      approvedBy: null, note: input.note ?? null, createdBy: ctx.actor.id ?? ctx.actor.name, createdAt: now,
    }
    await repo.insertOffer(tx, o)
    await repo.insertEvents(tx, [event(ctx, caseId, 'offer_recorded', { offerId: o.id, direction: o.direction, amountFen: o.amountFen, status: o.status, approverRoles: check?.approverRoles ?? [] })])
    await audit.record(tx, ctx, 'case.offer_recorded', { type: 'case', id: caseId }, {
      offerId: o.id, direction: o.direction, amountFen: o.amountFen, needsApproval: o.needsApproval, actorLimitFen: check?.actorLimitFen ?? null,
    })
    return offerView({ ...o })
  })
}

export async function approveOffer(ctx: Ctx, caseId: string, offerId: string) {
  const lim = await limits(ctx)
  return withTx(ctx, async (tx) => {
    await lockVisibleCase(ctx, tx, caseId)
    const o = await repo.offer(tx, caseId, offerId, true)
    if (o.status !== 'pending_approval') {
      throw new ConflictError('cases.offer_not_pending', `offer ${offerId} is ${o.status}, not pending approval`, { status: o.status })
    }
    const check = checkAuthority(lim, ctx.actor.roles, o.amountFen)
    if (check.needsApproval && !ctx.actor.permissions.has('*')) {
      throw new ForbiddenError('cases.authority_exceeded', `approving ${o.amountFen} 分 exceeds your limit of ${check.actorLimitFen} 分; ask: ${check.approverRoles.join(', ') || 'nobody has this authority'}`, {
        limitFen: check.actorLimitFen, approverRoles: check.approverRoles,
      })
    }
    if (o.createdBy === ctx.actor.id) throw new ForbiddenError('cases.self_approval', 'an offer cannot be approved by its proposer')
    const approvedBy = ctx.actor.id ?? ctx.actor.name
    await repo.updateOffer(tx, offerId, { status: 'approved', approvedBy })
    await repo.insertEvents(tx, [event(ctx, caseId, 'offer_approved', { offerId, amountFen: o.amountFen })])
    await audit.record(tx, ctx, 'case.offer_approved', { type: 'case', id: caseId }, { offerId, amountFen: o.amountFen })
    return offerView({ ...o, status: 'approved', approvedBy })
  })
}

export async function listOffers(ctx: Ctx, caseId: string) {
  await visibleCase(ctx, dbOf(ctx), caseId)
  refuseGrantee(ctx, 'the settlement offers of a case')
  return { items: (await repo.offersOf(dbOf(ctx), caseId)).map(offerView) }
}
