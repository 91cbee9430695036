import { v7 } from 'uuid'
/** Time-ordered UUIDv7, made in TypeScript because PostgreSQL 15 lacks uuidv7(). */
export function newId(): string {
  return v7()
}
