// Compiled lexicons for scanning, one per stored lexicon, per database handle (so test environments in one
// process do not share). A scan reads the lexicon's version (one indexed row) and:
//   - current version cached: uses it;
//   - an older version cached: uses the old one and starts a rebuild in the background (one at a time per
//     lexicon); the rebuild reads the terms in one REPEATABLE READ snapshot with the version, builds both
//     matchers, then swaps them in with a single Map.set of a complete, immutable entry, so no scan ever
//     sees a half-built one;
//   - nothing cached (first scan after start): builds on the spot, as there is nothing older to serve.
// A change made through this process also starts the rebuild right after its commit (changed()).
// Other API nodes converge the same way: every scan compares with the version in the database.
import type { Db, DbOrTx } from '../../db/database.ts'
import { NotFoundError } from '../../platform/errors.ts'
import { moduleLogger } from '../../platform/logger.ts'
import { buildMatcher, type Matcher } from './core/matcher.ts'
import type { LexiconTerm } from './core/lexicon.ts'
import { defaultLexicon } from './default-lexicon.ts'
import * as repo from './lexicon.repo.ts'
import { toCoreTerm } from './lexicon.mapping.ts'

const log = moduleLogger('keywords')

export interface CompiledLexicon {
  /** null: the built-in default lexicon, used while no lexicon is stored as the default */
  readonly lexiconId: string | null
  readonly version: number
  readonly terms: readonly LexiconTerm[]
  /** parallel to terms: the stored term ids (null for the built-in lexicon) */
  readonly termIds: readonly (string | null)[]
  readonly evasion: Matcher
  readonly exact: Matcher
}

function compile(
  lexiconId: string | null,
  version: number,
  scope: string,
  terms: LexiconTerm[],
  termIds: (string | null)[],
): CompiledLexicon {
  const s = scope === 'listing' || scope === 'review' ? scope : undefined
  const evasion = buildMatcher(terms, { mode: 'evasion', ...(s ? { scope: s } : {}) })
  const exact = buildMatcher(terms, { mode: 'exact', ...(s ? { scope: s } : {}) })
  return Object.freeze({ lexiconId, version, terms, termIds, evasion, exact })
}

let builtin: CompiledLexicon | undefined
function builtinLexicon(): CompiledLexicon {
  if (!builtin) {
    const terms = defaultLexicon()
    builtin = compile(
      null,
      0,
      'any',
      terms,
      terms.map(() => null),
    )
  }
  return builtin
}

async function load(db: DbOrTx, lexiconId: string): Promise<CompiledLexicon | undefined> {
  const read = async (h: DbOrTx) => {
    const lex = await repo.lexiconById(h, lexiconId)
    if (!lex) return undefined
    return { lex, rows: await repo.allTerms(h, lexiconId) }
  }
  // A snapshot: the terms are exactly those of the version read with them.
  const snap = db.isTransaction
    ? await read(db)
    : await (db as Db).transaction().setIsolationLevel('repeatable read').execute(read)
  if (!snap) return undefined
  const terms = snap.rows.map(toCoreTerm)
  return compile(
    lexiconId,
    snap.lex.version,
    snap.lex.scope,
    terms,
    snap.rows.map((r) => r.id),
  )
}

export class MatcherCache {
  private readonly current = new Map<string, CompiledLexicon>()
  private readonly building = new Map<string, Promise<void>>()
  private gate: Promise<void> | null = null
  private readonly db: Db

  constructor(db: Db) {
    this.db = db
  }

  /** The compiled lexicon to scan with: `lexiconId`, or the default one (stored, else built-in). */
  async get(db: DbOrTx, lexiconId: string | null): Promise<CompiledLexicon> {
    const info = await repo.lexiconVersion(db, lexiconId)
    if (!info) {
      if (lexiconId) {
        this.current.delete(lexiconId)
        throw new NotFoundError('keywords.lexicon_not_found', `lexicon ${lexiconId} does not exist`, {
          id: lexiconId,
        })
      }
      return builtinLexicon()
    }
    const cur = this.current.get(info.id)
    if (cur && cur.version >= info.version) return cur
    if (cur) {
      this.rebuildInBackground(info.id)
      return cur
    }
    const fresh = await load(db, info.id)
    if (!fresh)
      throw new NotFoundError('keywords.lexicon_not_found', `lexicon ${info.id} does not exist`, {
        id: info.id,
      })
    this.swap(fresh)
    return this.current.get(info.id) ?? fresh
  }

  private swap(next: CompiledLexicon): void {
    const id = next.lexiconId as string
    const cur = this.current.get(id)
    if (!cur || cur.version < next.version) this.current.set(id, next) // the one assignment scans can observe
  }

  private rebuildInBackground(id: string): void {
    if (this.building.has(id)) return
    const job = (async () => {
      try {
        const next = await load(this.db, id)
        if (this.gate) await this.gate
        if (next) this.swap(next)
        else this.current.delete(id)
      } catch (err) {
        log.error({ err, lexiconId: id }, 'matcher rebuild failed; the previous version stays in use')
      } finally {
        this.building.delete(id)
      }
    })()
    this.building.set(id, job)
  }

  /**
   * A lexicon changed (its transaction committed): when it is cached here, start the rebuild now rather
   * than at the next scan, so an editor trying a new term right away mostly gets the new version.
   */
  changed(id: string): void {
    if (this.current.has(id)) this.rebuildInBackground(id)
  }

  evict(id: string): void {
    this.current.delete(id)
  }

  /** The version cached for a lexicon, if any. */
  cachedVersion(id: string): number | undefined {
    return this.current.get(id)?.version
  }

  /** Resolves when no rebuild is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.building.size) await Promise.all([...this.building.values()])
  }

  /** Tests: holds finished rebuilds back from swapping in until the returned function is called. */
  holdSwaps(): () => void {
    let release!: () => void
    this.gate = new Promise<void>((r) => (release = r))
    return () => {
      this.gate = null
      release()
    }
  }
}

const caches = new WeakMap<Db, MatcherCache>()

export function matcherCache(db: Db): MatcherCache {
  let c = caches.get(db)
  if (!c) caches.set(db, (c = new MatcherCache(db)))
  return c
}
