// Reads for resolving what people type (case numbers, ids) into cases, within the actor's scope.
import type { DbOrTx } from '../../db/database.ts'
import type { CaseScope } from './scope.ts'
import { visibleTo } from './case.repo.ts'

/** The cases `scope` may see among these ids and numbers; unknown or invisible ones are simply absent. */
export async function visibleByRefs(db: DbOrTx, refs: { ids: string[]; numbers: string[] }, scope: CaseScope): Promise<{ id: string; number: string; status: string }[]> {
  if (!refs.ids.length && !refs.numbers.length) return []
  return db
    .selectFrom('case')
    .select(['id', 'number', 'status'])
    .where((eb) => {
      const any = []
      if (refs.ids.length) any.push(eb('id', 'in', refs.ids))
      if (refs.numbers.length) any.push(eb('number', 'in', refs.numbers))
      return eb.or(any)
    })
    .where(visibleTo(scope))
    .execute()
}
