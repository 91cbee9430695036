import type { Insertable, Selectable, Updateable } from 'kysely'
import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { WebhookDeliveryTable, WebhookSubscriptionTable } from '../../db/schema.ts'

export type SubscriptionRow = Selectable<WebhookSubscriptionTable>
export type DeliveryRow = Selectable<WebhookDeliveryTable>

export async function insertSubscription(tx: DbOrTx, row: Insertable<WebhookSubscriptionTable>): Promise<void> {
  await tx.insertInto('webhookSubscription').values(row).execute()
}
export async function subscription(db: DbOrTx, id: string): Promise<SubscriptionRow | undefined> {
  return db.selectFrom('webhookSubscription').selectAll().where('id', '=', id).executeTakeFirst()
}
export async function subscriptions(db: DbOrTx): Promise<SubscriptionRow[]> {
  return db.selectFrom('webhookSubscription').selectAll().orderBy('createdAt').execute()
}
export async function activeFor(db: DbOrTx, eventType: string): Promise<SubscriptionRow[]> {
  return db.selectFrom('webhookSubscription').selectAll().where('active', '=', true).where(sql<boolean>`${eventType} = any(events)`).execute()
}
export async function deactivate(tx: DbOrTx, id: string): Promise<void> {
  await tx.updateTable('webhookSubscription').set({ active: false }).where('id', '=', id).execute()
}
export async function insertDeliveries(tx: DbOrTx, rows: Insertable<WebhookDeliveryTable>[]): Promise<void> {
  if (rows.length) await tx.insertInto('webhookDelivery').values(rows).execute()
}
export async function delivery(db: DbOrTx, id: string): Promise<DeliveryRow | undefined> {
  return db.selectFrom('webhookDelivery').selectAll().where('id', '=', id).executeTakeFirst()
}
export async function updateDelivery(tx: DbOrTx, id: string, patch: Updateable<WebhookDeliveryTable>): Promise<void> {
  await tx.updateTable('webhookDelivery').set(patch).where('id', '=', id).execute()
}
export async function deliveriesOf(db: DbOrTx, subscriptionId: string, after: string | undefined, limit: number): Promise<DeliveryRow[]> {
  let q = db.selectFrom('webhookDelivery').selectAll().where('subscriptionId', '=', subscriptionId)
  if (after) q = q.where('id', '<', after)
  return q.orderBy('id', 'desc').limit(limit).execute()
}
/**
 * When each still-open delivery of a subscription is next attempted: the run time of its pending job. The
 * delivery rows log attempts, not the schedule, which lives only in the job table.
 */
export async function nextAttempts(db: DbOrTx, subscriptionId: string, jobKind: string): Promise<{ deliveryId: string; runAt: Date }[]> {
  return db
    .selectFrom('webhookDelivery as d')
    .innerJoin('job as j', (on) => on.on(sql<string>`j.payload->>'deliveryId'`, '=', sql<string>`d.id::text`))
    .select(['d.id as deliveryId', 'j.runAt as runAt'])
    .where('d.subscriptionId', '=', subscriptionId)
    .where('d.status', 'in', ['pending', 'retrying'])
    .where('j.kind', '=', jobKind)
    .where('j.status', '=', 'pending')
    .orderBy('d.id', 'desc')
    .execute()
}
