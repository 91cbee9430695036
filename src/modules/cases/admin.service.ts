// Case configuration: queues and declared interests for recusal (回避).
import type { Ctx } from '../../platform/ctx.ts'
import { dbOf, withTx } from '../../platform/ctx.ts'
import { ConflictError, ValidationError } from '../../platform/errors.ts'
import { newId } from '../../platform/ids.ts'
import * as audit from '../audit/index.ts'
import * as repo from './case.repo.ts'

export async function createQueue(ctx: Ctx, input: { name: string; description?: string | undefined }) {
  return withTx(ctx, async (tx) => {
    if (await repo.queueByName(tx, input.name)) throw new ConflictError('cases.queue_exists', `queue "${input.name}" already exists`, { name: input.name })
    const q = { id: newId(), name: input.name, description: input.description ?? null, slaPreset: null, createdAt: ctx.clock.now() }
    await repo.insertQueue(tx, q)
    await audit.record(tx, ctx, 'queue.created', { type: 'queue', id: q.id }, { name: q.name })
    return { id: q.id, name: q.name, description: q.description, createdAt: q.createdAt }
  })
}

export async function listQueues(ctx: Ctx) {
  return { items: (await repo.queues(dbOf(ctx))).map((q) => ({ id: q.id, name: q.name, description: q.description, createdAt: q.createdAt })) }
}

export interface InterestInput {
  userId: string
  subjectRef?: string | undefined
  phone?: string | undefined
  idNumber?: string | undefined
  reason: string
}

/** Records that a handler is related to a subject or a person; assignment refuses them from then on. */
export async function declareInterest(ctx: Ctx, input: InterestInput) {
  return withTx(ctx, async (tx) => {
    if (!(await repo.user(tx, input.userId))) throw new ValidationError('cases.user_not_found', `user ${input.userId} does not exist`, { field: 'userId' })
    const partyBidx = input.phone ? ctx.crypto.blindIndex('phone', input.phone) : input.idNumber ? ctx.crypto.blindIndex('idNumber', input.idNumber) : null
    const row = {
      id: newId(), userId: input.userId, subjectRef: input.subjectRef ?? null, partyBidx, reason: input.reason,
      createdBy: ctx.actor.id ?? ctx.actor.name, createdAt: ctx.clock.now(),
    }
    await repo.insertInterest(tx, row)
    await audit.record(tx, ctx, 'handler_interest.declared', { type: 'user', id: input.userId }, {
      interestId: row.id, subjectRef: row.subjectRef, party: partyBidx !== null, reason: input.reason,
    })
    return { id: row.id, userId: row.userId, subjectRef: row.subjectRef, party: partyBidx !== null, reason: row.reason, createdAt: row.createdAt }
  })
}
