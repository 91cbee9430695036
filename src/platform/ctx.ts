// The context every service call takes: database (or the open transaction), clock, actor, request id.
import type { Db, Tx } from '../db/database.ts'
import type { Clock } from './clock.ts'
import type { PiiCrypto } from './crypto.ts'
import type { Config } from './config.ts'

export type ActorKind = 'user' | 'apikey' | 'system' | 'public'
export interface Actor {
  kind: ActorKind
  id: string | null
  name: string
  /** The user behind an API key (the key's owner), or the user itself. */
  userId: string | null
  roles: string[]
  permissions: ReadonlySet<string>
}

export const systemActor: Actor = {
  kind: 'system',
  id: null,
  name: 'system',
  userId: null,
  roles: [],
  permissions: new Set(['*']),
}
export const publicActor: Actor = { kind: 'public', id: null, name: 'public', userId: null, roles: [], permissions: new Set() }

export interface Services {
  db: Db
  clock: Clock
  crypto: PiiCrypto
  config: Config
}

export interface Ctx extends Services {
  actor: Actor
  requestId: string | null
  ip?: string | null
  /** Set inside withTx: the open transaction. */
  tx?: Tx
}

/** One mutation, one transaction: joins the open one or starts one. Inside, use only `tx`. */
export async function withTx<T>(ctx: Ctx, fn: (tx: Tx, ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.tx) return fn(ctx.tx, ctx)
  return ctx.db.transaction().execute((tx) => fn(tx, { ...ctx, tx }))
}

/** The handle for reads: the open transaction if any (PGlite is one connection), else the pool. */
export function dbOf(ctx: Ctx): Db | Tx {
  return ctx.tx ?? ctx.db
}

export function hasPermission(actor: Actor, permission: string): boolean {
  return actor.permissions.has('*') || actor.permissions.has(permission)
}
