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
