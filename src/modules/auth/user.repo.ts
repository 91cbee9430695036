import { sql } from 'kysely'
import type { DbOrTx } from '../../db/database.ts'
import type { AppUser, NewAppUser } from '../../db/schema.ts'
import type { Updateable } from 'kysely'
import type { AppUserTable } from '../../db/schema.ts'
import { NotFoundError } from '../../platform/errors.ts'

export async function byId(db: DbOrTx, id: string): Promise<AppUser | undefined> {
  return db.selectFrom('appUser').selectAll().where('id', '=', id).executeTakeFirst()
}
export async function mustGet(db: DbOrTx, id: string, forUpdate = false): Promise<AppUser> {
  let q = db.selectFrom('appUser').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  const u = await q.executeTakeFirst()
  if (!u) throw new NotFoundError('auth.user_not_found', `user ${id} does not exist`, { id })
  return u
}
export async function byUsername(db: DbOrTx, username: string): Promise<AppUser | undefined> {
  return db.selectFrom('appUser').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst()
}
export async function insert(db: DbOrTx, u: NewAppUser): Promise<void> {
  await db.insertInto('appUser').values(u).execute()
}
export async function update(db: DbOrTx, id: string, patch: Updateable<AppUserTable>): Promise<void> {
  await db.updateTable('appUser').set(patch).where('id', '=', id).execute()
}
export async function count(db: DbOrTx): Promise<number> {
  const r = await db.selectFrom('appUser').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(r.n)
}

export interface UserFilter {
  q?: string | undefined
  role?: string | undefined
  status?: 'active' | 'disabled' | 'locked' | undefined
  now: Date
  after?: string | undefined
  limit: number
}
export async function list(db: DbOrTx, f: UserFilter): Promise<AppUser[]> {
  let q = db.selectFrom('appUser').selectAll()
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`
    q = q.where((eb) => eb.or([eb('username', 'ilike', like), eb('displayName', 'ilike', like), eb('email', 'ilike', like)]))
  }
  if (f.role) q = q.where(sql<boolean>`${f.role} = any(roles)`)
  if (f.status === 'disabled') q = q.where('disabledAt', 'is not', null)
  if (f.status === 'active') q = q.where('disabledAt', 'is', null)
  if (f.status === 'locked') q = q.where('lockedUntil', '>', f.now)
  if (f.after) q = q.where('id', '>', f.after)
  return q.orderBy('id').limit(f.limit).execute()
}
