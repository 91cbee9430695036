// Test runner: an explicit file list (Node 20 expands no globs and passes on zero files), node:test's
// run() for the server tiers, vitest for web/, then one closing line `N passed, N failed`.
import { run } from 'node:test'
import { spec } from 'node:test/reporters'
import { readdirSync, statSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

const root = join(import.meta.dirname, '..')
const args = process.argv.slice(2)
const only = args.filter((a) => !a.startsWith('--'))
const skipWeb = args.includes('--no-web') || only.length > 0

function walk(dir: string, out: string[]): string[] {
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else if (name.endsWith('.test.ts')) out.push(p)
  }
  return out
}

let files = [...walk(join(root, 'src'), []), ...walk(join(root, 'test'), [])].sort()
if (only.length) files = files.filter((f) => only.some((o) => relative(root, f).includes(o)))

if (files.some((f) => f.includes('.db.test.ts') || f.includes(`${join('test', 'integration')}`))) {
  const { prepareTemplate } = await import('../test/support/db.ts')
  await prepareTemplate()
}

let passed = 0
let failed = 0
let skipped = 0
if (files.length) {
  const stream = run({
    files,
    concurrency: Math.max(1, Math.min(2, availableParallelism())),
    timeout: 180_000,
  })
  stream.on('test:pass', (ev) => {
    if (ev.details.type === 'suite') return
    if (ev.skip || ev.todo) skipped++
    else passed++
  })
  stream.on('test:fail', (ev) => {
    if (ev.details.type === 'suite' && !isFileFailure(ev)) return
    failed++
  })
  stream.compose(new spec()).pipe(process.stdout)
  await new Promise<void>((resolve) => stream.on('end', () => resolve()))
}

function isFileFailure(ev: { details: { error?: unknown } }): boolean {
  // A suite that failed for its own sake (a hook or an import error) has no failing test inside to count.
  const err = ev.details.error as { failureType?: string } | undefined
  return err?.failureType === 'hookFailed' || err?.failureType === 'testCodeFailure'
}

if (!skipWeb && existsSync(join(root, 'web', 'vitest.config.ts'))) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'web/vitest.config.ts', '--reporter=json', '--outputFile=artifacts/vitest.json', '--reporter=default'],
    { cwd: root, stdio: 'inherit' },
  )
  try {
    const { readFileSync } = await import('node:fs')
    const report = JSON.parse(readFileSync(join(root, 'artifacts', 'vitest.json'), 'utf8')) as {
      numPassedTests: number
      numFailedTests: number
      numPendingTests: number
    }
    passed += report.numPassedTests
    failed += report.numFailedTests
    skipped += report.numPendingTests
  } catch {
    failed++
    console.error(`vitest produced no report (exit ${r.status})`)
  }
  if (r.status !== 0 && failed === 0) failed++
}

// Let the reporters flush before the closing line.
await new Promise((r) => setTimeout(r, 50))
const total = passed + failed
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 || total === 0 ? 1 : 0
