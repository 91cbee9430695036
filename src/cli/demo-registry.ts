// The one registry of demo data: each module adds its seeder here, run in order by `tianping demo seed`
// and by `npm start` on a fresh database. Seeders are deterministic (Rng seeded by DEMO_SEED).
import type { Ctx } from '../platform/ctx.ts'
import { Rng, DEMO_SEED } from '../platform/random.ts'
import * as auth from '../modules/auth/index.ts'
import * as keywords from '../modules/keywords/index.ts'
import * as cases from '../modules/cases/index.ts'
import * as campaigns from '../modules/campaigns/index.ts'

export interface DemoContext {
  ctx: Ctx
  rng: Rng
  /** Password shared by the demo staff accounts (printed once). */
  staffPassword: string
  progress(message: string): void
}

export interface DemoSeeder {
  module: string
  seed(d: DemoContext): Promise<number>
}

export const demoSeeders: DemoSeeder[] = [
  { module: 'auth', seed: (d) => auth.seedDemoStaff(d.ctx, d.staffPassword) },
  { module: 'keywords', seed: (d) => keywords.seedDemoKeywords(d.ctx) },
  { module: 'cases', seed: (d) => cases.seedDemoCases(d.ctx, d.rng, d.progress) },
  { module: 'campaigns', seed: (d) => campaigns.seedDemoCampaigns(d.ctx, d.rng, (input) => cases.receiveComplaint(d.ctx, input), d.progress) },
]

export async function runDemoSeeders(
  ctx: Ctx,
  staffPassword: string,
  progress: (message: string) => void,
  only?: string[],
): Promise<{ module: string; rows: number; skipped: boolean }[]> {
  const out: { module: string; rows: number; skipped: boolean }[] = []
  for (const s of demoSeeders) {
    if (only && !only.includes(s.module)) continue
    const done = await ctx.db.selectFrom('demoSeed').select('module').where('module', '=', s.module).executeTakeFirst()
    if (done) {
      out.push({ module: s.module, rows: 0, skipped: true })
      continue
    }
    progress(`demo: seeding ${s.module}…`)
    // Each module gets its own stream of numbers, so adding a module does not change another's data.
    const rng = new Rng(DEMO_SEED ^ hash(s.module))
    const rows = await s.seed({ ctx, rng, staffPassword, progress })
    await ctx.db.insertInto('demoSeed').values({ module: s.module, seededAt: ctx.clock.now(), rows }).execute()
    out.push({ module: s.module, rows, skipped: false })
  }
  return out
}

function hash(s: string): number {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return h >>> 0
}
