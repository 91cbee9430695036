// Demo data for keywords: the default lexicon, stored as the default, so the console's editor and the
// scan API have something to show on a fresh install.
import type { Ctx } from '../../platform/ctx.ts'
import { ensureDefaultLexicon } from './lexicon.service.ts'

export async function seedDemoKeywords(ctx: Ctx): Promise<number> {
  return ensureDefaultLexicon(ctx)
}
