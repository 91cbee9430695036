// npm run bench:keywords: tianping's matcher against npm peers and grep -F, on the same corpus and dictionary.
//
// Chinese: >= 64 MB of real reviews (the three zh-ecommerce-reviews corpora, repeated) against the union of
// the zh-sensitive-lexicons lists (deduplicated). English: CFPB narratives and Ott hotel reviews (repeated to
// >= 16 MB) against the en-profanity-lists. Every document is scanned separately, as a service would.
// Contenders: tianping exact (hits into typed arrays), tianping evasion (full rules, validated hits),
// @monyone/aho-corasick fast (matchInText), mint-filter (filter, replace: false), and grep -F when present
// (counts matching lines: documents with a hit). Outputs are cross-checked before any speed is printed:
// tianping exact must equal @monyone's hits per document, mint-filter's count must equal what tianping's
// automaton predicts for mint's semantics (case-folded, one hit per position: the longest), grep's count of
// matching lines must equal tianping's count of documents with a hit.
// Warm-up, then alternating rounds; medians. Markdown to stdout, JSON lines to bench/results/keywords.jsonl.
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, availableParallelism } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parse } from 'csv-parse/sync'
import { AhoCorasick } from '@monyone/aho-corasick/fast'
import { Mint } from 'mint-filter'
import { buildAutomaton, buildMatcher, findAll, MatchBuffer, RawHits, automatonBytes, type Automaton, type LexiconTerm } from '../src/modules/keywords/index.ts'
import { loadChineseReviews, sharedData } from '../eval/keywords.eval.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const rounds = Number(process.env.BENCH_ROUNDS ?? 3)
const zhTargetBytes = 64 * 1024 * 1024
const enTargetBytes = 16 * 1024 * 1024

function readLinesOf(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.replace(/^\ufeff/, '').trim())
    .filter((s) => s.length > 0)
}

function chineseDictionary(): string[] {
  const dir = join(sharedData, 'zh-sensitive-lexicons')
  const set = new Set<string>()
  for (const sub of ['houbb', 'konsheng', 'fwwdn']) {
    for (const f of readdirSync(join(dir, sub))) if (f.endsWith('.txt')) for (const w of readLinesOf(join(dir, sub, f))) set.add(w)
  }
  return [...set]
}

function englishDictionary(): string[] {
  const dir = join(sharedData, 'en-profanity-lists')
  const set = new Set<string>()
  for (const f of ['ldnoobw/en.txt', 'dsojevic/en.txt']) for (const w of readLinesOf(join(dir, f))) set.add(w)
  return [...set]
}

function englishDocs(): string[] {
  const cfpb = parse(readFileSync(join(sharedData, 'cfpb-complaints', 'cfpb_narratives_textonly.csv')), { columns: true }) as Record<string, string>[]
  const ott = parse(readFileSync(join(sharedData, 'fake-reviews-ott', 'op_spam_v1.4.csv')), { columns: true }) as Record<string, string>[]
  return [...cfpb.map((r) => r.narrative ?? ''), ...ott.map((r) => r.text ?? '')].filter((t) => t.length > 0)
}

/** Repeats the documents until they hold at least `target` UTF-8 bytes. Newlines become spaces (one doc, one line, for grep). */
function repeatTo(docs: string[], target: number): { docs: string[]; bytes: number } {
  const clean = docs.map((d) => d.replace(/[\r\n]+/g, ' '))
  const one = clean.reduce((s, d) => s + Buffer.byteLength(d, 'utf8'), 0)
  const times = Math.max(1, Math.ceil(target / one))
  const out: string[] = []
  for (let t = 0; t < times; t++) out.push(...clean)
  return { docs: out, bytes: one * times }
}

interface Contender {
  name: string
  build: () => unknown
  /** returns the number of hits over all docs */
  scan: (docs: string[]) => number
}

interface Result {
  name: string
  buildMs: number
  heapMb: number
  hits: number
  mbps: number[]
  cpuShare: number
}

function measureBuild(build: () => unknown): { value: unknown; ms: number; heapMb: number } {
  gc()
  gc()
  const before = process.memoryUsage()
  const t0 = performance.now()
  const value = build()
  const ms = performance.now() - t0
  gc()
  gc()
  const after = process.memoryUsage()
  const heapMb = (after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers)) / 1048576
  return { value, ms, heapMb }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) + (s.length % 2 === 0 ? ((s[s.length / 2] as number) - (s[s.length / 2 - 1] as number)) / 2 : 0) : 0
}

/** mint-filter's semantics on tianping's automaton: at each position, one hit if the current state itself ends a word. */
function mintEquivalentCount(a: Automaton, docs: string[]): number {
  const { alpha, base, check, fail, patternOf } = a
  let count = 0
  for (const d0 of docs) {
    const d = d0.toLowerCase()
    let s = 0
    for (let i = 0; i < d.length; i++) {
      const c = alpha[d.charCodeAt(i)] as number
      if (c === 0) {
        s = 0
        continue
      }
      for (;;) {
        const t = (base[s] as number) + c
        if (check[t] === s) {
          s = t
          break
        }
        if (s === 0) break
        s = fail[s] as number
      }
      if ((patternOf[s] as number) >= 0) count++
    }
  }
  return count
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

function grepAvailable(): boolean {
  return spawnSync('grep', ['--version'], { encoding: 'utf8' }).status === 0
}

interface CaseReport {
  lines: string[]
  records: Record<string, unknown>[]
  failures: string[]
}

function runCase(label: string, docs: string[], bytes: number, words: string[]): CaseReport {
  const lines: string[] = []
  const records: Record<string, unknown>[] = []
  const failures: string[] = []
  const mb = bytes / 1e6
  const terms: LexiconTerm[] = words.map((w) => ({ term: w, category: 'bench', severity: 'medium', action: 'review', options: {} }))

  let tpAutomaton: Automaton | undefined
  const buf = new MatchBuffer(1 << 12)
  const raw = new RawHits()
  let evasion: ReturnType<typeof buildMatcher> | undefined
  let monyone: AhoCorasick | undefined
  let mint: Mint | undefined
  const contenders: Contender[] = [
    {
      name: 'tianping exact',
      build: () => (tpAutomaton = buildAutomaton(words)),
      scan: (ds) => {
        const a = tpAutomaton as Automaton
        let n = 0
        for (const d of ds) {
          buf.reset()
          n += findAll(a, d, buf)
        }
        return n
      },
    },
    {
      name: 'tianping evasion',
      build: () => (evasion = buildMatcher(terms)),
      scan: (ds) => {
        const m = evasion as ReturnType<typeof buildMatcher>
        let n = 0
        for (const d of ds) {
          raw.reset()
          n += m.scanRaw(d, raw)
        }
        return n
      },
    },
    {
      name: '@monyone/aho-corasick (fast)',
      build: () => (monyone = new AhoCorasick(words)),
      scan: (ds) => {
        const m = monyone as AhoCorasick
        let n = 0
        for (const d of ds) n += m.matchInText(d).length
        return n
      },
    },
    {
      name: 'mint-filter',
      build: () => (mint = new Mint(words)),
      scan: (ds) => {
        const m = mint as Mint
        let n = 0
        for (const d of ds) n += m.filter(d, { replace: false }).words.length
        return n
      },
    },
  ]

  // build (heap measured per contender, others dropped in between)
  const results: Result[] = []
  for (const c of contenders) {
    const b = measureBuild(c.build)
    results.push({ name: c.name, buildMs: b.ms, heapMb: b.heapMb, hits: 0, mbps: [], cpuShare: 0 })
  }

  // cross-checks
  const sample = docs.slice(0, 20000)
  const a = tpAutomaton as Automaton
  let mismatches = 0
  for (const d of sample) {
    buf.reset()
    findAll(a, d, buf)
    const mine: string[] = []
    for (let k = 0; k < buf.count; k++) {
      const p = buf.pattern[k] as number
      mine.push(`${(buf.end[k] as number) - (a.patternLength[p] as number)}:${a.patterns[p]}`)
    }
    const theirs = (monyone as AhoCorasick).matchInText(d).map((h) => `${h.begin}:${h.keyword}`)
    if (mine.sort().join('\n') !== theirs.sort().join('\n')) mismatches++
  }
  const check = (ok: boolean, what: string): string => {
    if (!ok) failures.push(`${label}: ${what}`)
    return `${ok ? 'ok' : 'FAIL'}: ${what}`
  }
  const checks: string[] = []
  checks.push(check(mismatches === 0, `tianping exact = @monyone per document on ${sample.length} documents (${mismatches} differ)`))

  // timed rounds, alternating order; round 0 is warm-up
  const cpu: Record<string, { user: number; wall: number }> = {}
  for (let r = 0; r <= rounds; r++) {
    const order = r % 2 === 0 ? contenders : [...contenders].reverse()
    for (const c of order) {
      const res = results.find((x) => x.name === c.name) as Result
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const hits = c.scan(docs)
      const wall = performance.now() - t0
      const cu = process.cpuUsage(c0)
      if (r === 0) {
        res.hits = hits
        continue
      }
      if (hits !== res.hits) failures.push(`${label}: ${c.name} changed its hit count between rounds`)
      res.mbps.push(mb / (wall / 1000))
      const acc = (cpu[c.name] ??= { user: 0, wall: 0 })
      acc.user += (cu.user + cu.system) / 1000
      acc.wall += wall
    }
  }
  for (const r of results) r.cpuShare = (cpu[r.name]?.user ?? 0) / Math.max(1, cpu[r.name]?.wall ?? 1)

  const tpExact = results[0] as Result
  const mon = results[2] as Result
  const mintR = results[3] as Result
  checks.push(check(tpExact.hits === mon.hits, `total hits tianping exact ${tpExact.hits} = @monyone ${mon.hits}`))
  const lowerA = buildAutomaton([...new Set(words.map((w) => w.toLowerCase()))])
  const mintExpect = mintEquivalentCount(lowerA, docs)
  checks.push(check(mintExpect === mintR.hits, `mint-filter ${mintR.hits} = tianping automaton under mint's semantics ${mintExpect}`))

  // grep -F: documents with a hit
  let grepRow: string | undefined
  if (grepAvailable()) {
    const dir = mkdtempSync(join(tmpdir(), 'tp-bench-'))
    try {
      const corpus = join(dir, 'corpus.txt')
      const pats = join(dir, 'patterns.txt')
      writeFileSync(corpus, docs.join('\n') + '\n')
      writeFileSync(pats, words.join('\n') + '\n')
      const times: number[] = []
      let count = -1
      for (let r = 0; r <= Math.min(rounds, 2); r++) {
        const t0 = performance.now()
        const g = spawnSync('grep', ['-F', '-c', '-f', pats, corpus], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 1 << 20 })
        const ms = performance.now() - t0
        if (g.status !== 0 && g.status !== 1) throw new Error(`grep failed: ${g.stderr}`)
        count = Number(g.stdout.trim())
        if (r > 0) times.push(mb / (ms / 1000))
      }
      let docsWithHit = 0
      for (const d of docs) {
        buf.reset()
        if (findAll(a, d, buf) > 0) docsWithHit++
      }
      checks.push(check(count === docsWithHit, `grep -F -c matching lines ${count} = tianping exact documents with a hit ${docsWithHit}`))
      grepRow = `| grep -F -c (LC_ALL=C, whole file, counts matching lines) | ${median(times).toFixed(1)} | – | – | ${count} lines | – | – |`
      records.push({ contender: 'grep -F', mbps: median(times), hits: count, counted: 'matching lines' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  const bestPeer = Math.max(median(mon.mbps), median(mintR.mbps))
  lines.push(`### ${label}: ${docs.length} documents, ${mb.toFixed(1)} MB UTF-8, ${words.length} terms`, '')
  lines.push('| contender | MB/s (median) | build ms | heap MB | hits | ratio to best npm peer | cpu share |', '|---|---:|---:|---:|---:|---:|---:|')
  for (const r of results) {
    const m = median(r.mbps)
    lines.push(`| ${r.name} | ${m.toFixed(1)} | ${r.buildMs.toFixed(0)} | ${r.heapMb.toFixed(1)} | ${r.hits} | ${(m / bestPeer).toFixed(2)}× | ${r.cpuShare.toFixed(2)} |`)
    records.push({ contender: r.name, mbps: m, rounds: r.mbps, buildMs: r.buildMs, heapMb: r.heapMb, hits: r.hits, ratioToBestPeer: m / bestPeer, cpuShare: r.cpuShare })
  }
  if (grepRow) lines.push(grepRow)
  lines.push('', ...checks.map((c) => `- ${c}`), '')
  for (const rec of records) Object.assign(rec, { case: label, docs: docs.length, mb, terms: words.length })
  return { lines, records, failures }
}

async function main(): Promise<number> {
  const zh = loadChineseReviews()
  if (!zh || !existsSync(join(sharedData, 'zh-sensitive-lexicons'))) {
    console.log(`bench:keywords skipped: ${sharedData} is absent (needs zh-ecommerce-reviews, zh-sensitive-lexicons, en-profanity-lists)`)
    return 0
  }
  const started = performance.now()
  const out: string[] = [`## tianping keywords benchmark (node ${process.version}, ${availableParallelism()} cpus, commit ${commit()}, ${rounds} rounds + warm-up)`, '']

  // build time and heap of the automaton alone for the 65k houbb list
  const houbb = [...new Set(readLinesOf(join(sharedData, 'zh-sensitive-lexicons', 'houbb', 'dict_v20240407.txt')))]
  const builds: number[] = []
  let heap = 0
  let bytes = 0
  for (let r = 0; r < 3; r++) {
    const b = measureBuild(() => buildAutomaton(houbb))
    builds.push(b.ms)
    heap = b.heapMb
    bytes = automatonBytes(b.value as Automaton)
  }
  const evasionBuild = measureBuild(() => buildMatcher(houbb.map((w) => ({ term: w, category: 'b', severity: 'low', action: 'flag', options: {} }))))
  out.push(
    `Automaton for houbb (${houbb.length} terms): build ${median(builds).toFixed(0)} ms (median of 3), heap ${heap.toFixed(1)} MB (typed arrays ${(bytes / 1048576).toFixed(1)} MB); evasion matcher build ${evasionBuild.ms.toFixed(0)} ms (incl. fold tables on first use), heap ${evasionBuild.heapMb.toFixed(1)} MB.`,
    '',
  )

  const zhDocs = repeatTo(
    zh.flatMap((c) => c.docs),
    zhTargetBytes,
  )
  const zhCase = runCase('Chinese reviews × zh-sensitive-lexicons union', zhDocs.docs, zhDocs.bytes, chineseDictionary())
  out.push(...zhCase.lines)
  const enDocs = repeatTo(englishDocs(), enTargetBytes)
  const enCase = runCase('English CFPB narratives + Ott reviews × en-profanity-lists', enDocs.docs, enDocs.bytes, englishDictionary())
  out.push(...enCase.lines)

  const failures = [...zhCase.failures, ...enCase.failures]
  out.push(`_total ${((performance.now() - started) / 1000).toFixed(0)} s_`)
  if (failures.length) out.push('', '**FAILED cross-checks:**', ...failures.map((f) => `- ${f}`))
  console.log(out.join('\n'))

  const resultsDir = join(import.meta.dirname, 'results')
  mkdirSync(resultsDir, { recursive: true })
  const meta = { bench: 'keywords', at: new Date().toISOString(), node: process.version, commit: commit(), cpus: availableParallelism() }
  const jsonl = [
    { ...meta, case: 'houbb automaton build', terms: houbb.length, buildMs: median(builds), heapMb: heap, evasionBuildMs: evasionBuild.ms, evasionHeapMb: evasionBuild.heapMb },
    ...zhCase.records.map((r) => ({ ...meta, ...r })),
    ...enCase.records.map((r) => ({ ...meta, ...r })),
  ]
  appendFileSync(join(resultsDir, 'keywords.jsonl'), jsonl.map((r) => JSON.stringify(r)).join('\n') + '\n')
  return failures.length ? 1 : 0
}

process.exitCode = await main()
