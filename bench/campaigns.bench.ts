// npm run bench:campaigns [-- --full] — tianping campaigns on 10k and 100k (and, with --full, 1M) generated
// complaints, each run a child process measured by /usr/bin/time (wall, peak RSS, CPU), against the simplest
// baseline: exact normalised-text grouping. Outputs are scored against the planted truth first, so the cost of
// the smarter method is shown next to what it buys. Markdown to stdout, JSON lines to bench/results/campaigns.jsonl.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { buildChain, composeZhComplaint, generateComplaints, prng, sentencesOf, toJsonLine, type TextPool } from './support/complaint-generator.ts'
import { scoreCampaigns, type TruthRow } from './support/campaign-metrics.ts'
import { hasSharedData, loadCfpb, loadZhNegativeReviews } from './support/datasets.ts'

const root = join(import.meta.dirname, '..')
const self = join(import.meta.dirname, 'campaigns.bench.ts')
const args = process.argv.slice(2)

// ---------- child: generate ----------
function syntheticPool(lang: 'en' | 'zh', seed: number): TextPool {
  // Without ../shared/data: word salad from a fixed vocabulary (worse text, same mechanics).
  const rand = prng(seed)
  const en = 'account bank card fee charge refund dispute credit report late payment loan mortgage collector called interest rate balance statement fraud identity closed opened error branch manager told me'.split(' ')
  const zh = '退款客服商家订单物流快递质量问题保险理赔银行贷款利息扣费账户冻结投诉处理态度差没有回复要求赔偿'
  const sentence = (): string => (lang === 'en' ? Array.from({ length: 12 }, () => en[Math.floor(rand() * en.length)]).join(' ') + '.' : Array.from({ length: 16 }, () => zh[Math.floor(rand() * zh.length)]).join('') + '。')
  const sentences = Array.from({ length: 50_000 }, sentence)
  return { lang, documents: [], sentences }
}

function pools(): { en: TextPool; zh: TextPool } {
  if (!hasSharedData()) return { en: syntheticPool('en', 1), zh: syntheticPool('zh', 2) }
  const seen = new Set<string>()
  const docs = loadCfpb().filter((r) => r.cluster === 0).map((r) => r.text).filter((t) => !seen.has(t) && (seen.add(t), true))
  const reviews = loadZhNegativeReviews().filter((r) => r.text.length >= 15 && !seen.has(r.text) && (seen.add(r.text), true))
  const rand = prng(3)
  let next = 0
  const shuffled = [...reviews].sort(() => rand() - 0.5)
  const composed = Array.from({ length: 15_000 }, () => composeZhComplaint(rand, reviews, () => shuffled[next++ % shuffled.length]!))
  const zhTexts = shuffled.map((r) => r.text)
  return {
    en: { lang: 'en', documents: docs, sentences: sentencesOf(docs, 'en'), chain: buildChain(docs, 'en') },
    zh: { lang: 'zh', documents: composed, sentences: sentencesOf(zhTexts, 'zh'), chain: buildChain(zhTexts, 'zh') },
  }
}

async function generate(size: number, file: string, truthFile: string): Promise<void> {
  const scale = size / 10_000
  const gen = generateComplaints(pools(), {
    seed: 1000 + size,
    organic: Math.round(size * 0.9),
    ringsPerKind: Math.max(4, Math.round(5 * scale)),
    ringSize: [3, 20],
    days: 730,
    subjects: Math.max(40, Math.round(40 * Math.sqrt(scale))),
    confounders: {
      fanoutPeople: Math.round(150 * scale),
      families: Math.round(60 * scale),
      natUsers: Math.round(1500 * scale),
      surge: 200,
      clinics: Math.max(3, Math.round(3 * scale)),
      clinicClients: 30,
      statuteShare: 0.06,
      professionals: Math.round(10 * scale),
    },
  })
  const out = createWriteStream(file)
  const truth = createWriteStream(truthFile)
  for (const g of gen) {
    if (!out.write(toJsonLine(g.record) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()))
    if (!truth.write(JSON.stringify({ id: g.record.id, ring: g.truth.ring }) + '\n')) await new Promise<void>((r) => truth.once('drain', () => r()))
  }
  await Promise.all([new Promise<void>((r) => out.end(() => r())), new Promise<void>((r) => truth.end(() => r()))])
  process.stderr.write(`generated ${gen.length} complaints\n`)
}

// ---------- child: baseline (exact normalised-text grouping) ----------
async function baseline(file: string): Promise<void> {
  const groups = new Map<string, { first: string; people: Map<string, string> }>()
  const rows: { id: string; key: string; person: string }[] = []
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line.trim()) continue
    const r = JSON.parse(line) as { id: string; text: string; complainant?: { id?: string; id_number?: string; phone?: string } }
    const norm = r.text.normalize('NFKC').toLowerCase().replace(/\d+/g, '0').replace(/[\s\p{P}\p{S}]+/gu, '')
    // Keyed by digest: holding a million normalised texts as map keys needs > 4 GB.
    const key = norm ? createHash('sha1').update(norm).digest('base64') : ''
    const person = r.complainant?.id ?? r.complainant?.id_number ?? r.complainant?.phone ?? r.id
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { first: r.id, people: new Map() }))
    if (!g.people.has(person)) g.people.set(person, r.id)
    rows.push({ id: r.id, key, person })
  }
  const ids = new Map<string, string>()
  const out: string[] = []
  for (const r of rows) {
    const g = groups.get(r.key)!
    let campaign: string | null = null
    if (g.people.size >= 3 && r.key.length > 0) {
      campaign = ids.get(r.key) ?? `B${ids.size + 1}`
      ids.set(r.key, campaign)
    }
    const firstOfPerson = g.people.get(r.person)!
    const dup = firstOfPerson !== r.id ? firstOfPerson : null
    out.push(JSON.stringify({ id: r.id, campaign_id: campaign, duplicate_of: dup, score: campaign ? 1 : 0, reasons: campaign ? [`identical normalised text from ${g.people.size} complainants`] : [] }))
    if (out.length >= 5000) {
      process.stdout.write(out.join('\n') + '\n')
      out.length = 0
    }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n')
}

// ---------- child: incremental latency ----------
// Builds state from the first complaints of a file the incremental way (no first pass), then times add() for
// each of the next ones: the path a complaint takes when it arrives one at a time.
async function incremental(file: string, state: number, probes: number): Promise<void> {
  const { CampaignDetector } = await import('../src/modules/campaigns/index.ts')
  const detector = new CampaignDetector({ expectedDocuments: state + probes })
  const lat: number[] = []
  let joined = 0
  let n = 0
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue
    const l = JSON.parse(line) as { id: string; text: string; submitted_at: string; subject?: string; complainant?: Record<string, string>; agent?: Record<string, string>; demand?: { type?: string; amount?: number } }
    const p = l.complainant ?? {}
    const c = { id: l.id, text: l.text, submittedAt: Date.parse(l.submitted_at), subject: l.subject, complainant: { id: p.id, name: p.name, phone: p.phone, email: p.email, idNumber: p.id_number, deviceId: p.device_id, ip: p.ip, address: p.address, bankAccount: p.bank_account }, agent: l.agent, demand: l.demand }
    if (n++ < state) {
      detector.add(c)
      continue
    }
    const t0 = process.hrtime.bigint()
    const r = detector.add(c)
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (r.groupSize > 1) joined++
    if (lat.length >= probes) break
  }
  lat.sort((a, b) => a - b)
  const q = (x: number): number => lat[Math.min(lat.length - 1, Math.floor(x * lat.length))]!
  process.stdout.write(JSON.stringify({ state, probes: lat.length, joined, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: lat[lat.length - 1] }) + '\n')
}

// ---------- parent ----------
interface Measured {
  wall: number
  rssMb: number
  cpuShare: number
}

function timed(cmd: string[], stdoutFile: string): Measured {
  const fd = openSync(stdoutFile, 'w')
  const r = spawnSync('/usr/bin/time', ['-f', 'TPBENCH %e %M %U %S', ...cmd], { cwd: root, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26 })
  closeSync(fd)
  const m = /TPBENCH ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr ?? '')
  if (r.status !== 0 || !m) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${(r.stderr ?? '').slice(-500)}`)
  const wall = Number(m[1])
  return { wall, rssMb: Number(m[2]) / 1024, cpuShare: wall > 0 ? (Number(m[3]) + Number(m[4])) / wall : 0 }
}

async function readPredicted(file: string): Promise<Map<string, string | null>> {
  const m = new Map<string, string | null>()
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue
    const r = JSON.parse(line) as { id: string; campaign_id: string | null }
    m.set(r.id, r.campaign_id)
  }
  return m
}

async function readTruth(file: string): Promise<TruthRow[]> {
  const rows: TruthRow[] = []
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) rows.push(JSON.parse(line) as TruthRow)
  return rows
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function parent(): Promise<void> {
  const full = args.includes('--full')
  const sizes = [10_000, 100_000, ...(full ? [1_000_000] : [])]
  const dir = mkdtempSync(join(tmpdir(), 'tp-bench-campaigns-'))
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim()
    } catch {
      return 'unknown'
    }
  })()
  mkdirSync(join(root, 'bench', 'results'), { recursive: true })
  const resultsFile = join(root, 'bench', 'results', 'campaigns.jsonl')
  if (!hasSharedData()) console.log('(../shared/data absent: synthetic word-salad text instead of CFPB / Chinese reviews)\n')
  const rows: string[] = []
  let incrementalLine = ''
  const walls = new Map<string, number>()
  for (const size of sizes) {
    const file = join(dir, `c${size}.jsonl`)
    const truthFile = join(dir, `t${size}.jsonl`)
    const g = spawnSync(process.execPath, ['--max-old-space-size=12000', '--import', 'tsx', self, '--generate', String(size), file, truthFile], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
    if (g.status !== 0) throw new Error(`generator failed for ${size}`)
    const truth = await readTruth(truthFile)
    const rounds = size <= 10_000 ? 3 : 1
    const methods = {
      tianping: [process.execPath, 'bin/tianping.js', 'campaigns', '--input', file, '--quiet'],
      baseline: [process.execPath, '--import', 'tsx', self, '--baseline', file],
    }
    const measured: Record<string, Measured[]> = { tianping: [], baseline: [] }
    for (let round = 0; round < rounds; round++) {
      for (const [name, cmd] of Object.entries(methods)) measured[name]!.push(timed(cmd, join(dir, `out-${name}-${size}.jsonl`)))
    }
    for (const name of Object.keys(methods)) {
      const ms = measured[name]!
      const m: Measured = { wall: median(ms.map((x) => x.wall)), rssMb: Math.max(...ms.map((x) => x.rssMb)), cpuShare: median(ms.map((x) => x.cpuShare)) }
      const predicted = await readPredicted(join(dir, `out-${name}-${size}.jsonl`))
      if (predicted.size !== truth.length) throw new Error(`${name} wrote ${predicted.size} lines for ${truth.length} complaints`)
      const s = scoreCampaigns(truth, predicted)
      walls.set(`${name}:${size}`, m.wall)
      const prev = walls.get(`${name}:${size / 10}`)
      const scaling = prev ? (m.wall / prev).toFixed(1) + '×' : '–'
      rows.push(`| ${size.toLocaleString('en')} | ${name} | ${m.wall.toFixed(2)} | ${Math.round(m.rssMb)} | ${m.cpuShare.toFixed(2)} | ${scaling} | ${s.f1.toFixed(3)} | ${s.memberRecall.toFixed(3)} | ${(s.organicFlagged * 100).toFixed(2)} % |`)
      appendFileSync(
        resultsFile,
        JSON.stringify({ bench: 'campaigns', at: new Date().toISOString(), node: process.version, commit, size, method: name, rounds, wallSeconds: m.wall, peakRssMb: Math.round(m.rssMb), cpuShare: Number(m.cpuShare.toFixed(3)), scalingVsTenthSize: prev ? m.wall / prev : null, f1: s.f1, memberRecall: s.memberRecall, organicFlagged: s.organicFlagged, realText: hasSharedData() }) + '\n',
      )
      process.stderr.write(`${size} ${name}: ${m.wall.toFixed(1)} s, ${Math.round(m.rssMb)} MB\n`)
    }
    if (size === 100_000) {
      const inc = spawnSync(process.execPath, ['--import', 'tsx', self, '--incremental', file, String(size - 2000), '2000'], { cwd: root, encoding: 'utf8' })
      if (inc.status === 0) {
        const r = JSON.parse(inc.stdout) as { state: number; probes: number; joined: number; p50Ms: number; p99Ms: number; maxMs: number }
        incrementalLine = `Incremental add() on a state of ${r.state.toLocaleString('en')} complaints: p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms, max ${r.maxMs.toFixed(1)} ms over ${r.probes} complaints (${r.joined} joined an existing group).`
        appendFileSync(resultsFile, JSON.stringify({ bench: 'campaigns-incremental', at: new Date().toISOString(), node: process.version, commit, ...r }) + '\n')
      } else incrementalLine = `incremental measurement failed: ${inc.stderr.slice(-300)}`
    }
    rmSync(file, { force: true })
  }
  console.log(`## campaigns bench (node ${process.version}, commit ${commit})\n`)
  console.log('| complaints | method | wall s | peak RSS MB | cpu share | wall vs 10× fewer | B³ F1 | member recall | organic flagged |')
  console.log('|---|---|---|---|---|---|---|---|---|')
  for (const r of rows) console.log(r)
  console.log('\nTargets: 100k ≤ 30 s, 1M ≤ 300 s, RSS ≤ 1024 MB (2 cores). Median of 3 rounds at 10k, one run above.')
  if (incrementalLine) console.log(`\n${incrementalLine}`)
  if (!full) console.log('1M: run `npm run bench:campaigns -- --full`.')
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
}

if (args[0] === '--generate') await generate(Number(args[1]), args[2]!, args[3]!)
else if (args[0] === '--incremental') await incremental(args[1]!, Number(args[2]), Number(args[3]))
else if (args[0] === '--baseline') await baseline(args[1]!)
else await parent()
