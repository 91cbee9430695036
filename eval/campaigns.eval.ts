// npm run eval:campaigns — quality of organised-complaint detection on real text (../shared/data):
// 1. cfpb-real: every CFPB narrative; truth = the derived weak template clusters with ≥ 3 distinct complainants
//    (same narrative + same day + same state/ZIP = one person's fan-out; cross-extract exact copies = the same
//    complaint). Weak labels: read as an agreement check, not gospel.
// 2. planted-en / planted-zh: real English (CFPB narratives outside any template cluster) and Chinese (黑猫投诉 +
//    complaints composed from negative reviews) organic text with planted rings of each kind and look-alikes.
// Reports B-cubed P/R/F1 over complaints in a true ring or a flagged campaign, member recall per ring kind,
// and the share of non-ring complaints flagged. Targets: F1 ≥ 0.9, member recall ≥ 0.95, organic flagged ≤ 1 %.
import { createHash } from 'node:crypto'
import { detect, type ComplaintInput, type DetectionResult } from '../src/modules/campaigns/index.ts'
import { composeZhComplaint, generateComplaints, prng, ringKinds, sentencesOf, type Generated, type Role } from '../bench/support/complaint-generator.ts'
import { hasSharedData, loadCfpb, loadHeimao, loadZhNegativeReviews } from '../bench/support/datasets.ts'

interface Labelled {
  record: ComplaintInput
  ring: string | null
  kind: string | null
  role: Role | string
  duplicateOf: string | null
}

interface Scores {
  dataset: string
  complaints: number
  rings: number
  ringMembers: number
  precision: number
  recall: number
  f1: number
  memberRecall: number
  perKind: Record<string, number>
  organicFlagged: number
  organicFlaggedByRole: Record<string, string>
  duplicatesFound: string
  campaigns: number
  bursts: number
  seconds: number
}

function score(dataset: string, items: Labelled[], res: DetectionResult, seconds: number): Scores {
  const pred = new Map<string, string | null>(res.records.map((r) => [r.id, r.campaignId]))
  const dupOut = new Map<string, string | null>(res.records.map((r) => [r.id, r.duplicateOf]))
  const byRing = new Map<string, Set<string>>()
  const byCampaign = new Map<string, Set<string>>()
  for (const it of items) {
    if (it.ring) (byRing.get(it.ring) ?? byRing.set(it.ring, new Set()).get(it.ring)!).add(it.record.id)
    const c = pred.get(it.record.id)
    if (c) (byCampaign.get(c) ?? byCampaign.set(c, new Set()).get(c)!).add(it.record.id)
  }
  let p = 0
  let r = 0
  let n = 0
  for (const it of items) {
    const c = pred.get(it.record.id)
    if (!it.ring && !c) continue
    const C = c ? byCampaign.get(c)! : new Set([it.record.id])
    const T = it.ring ? byRing.get(it.ring)! : new Set([it.record.id])
    let inter = 0
    for (const x of C) if (T.has(x)) inter++
    p += inter / C.size
    r += inter / T.size
    n++
  }
  const precision = n ? p / n : 1
  const recall = n ? r / n : 1
  const ringItems = items.filter((i) => i.ring)
  const kinds = [...new Set(ringItems.map((i) => i.kind ?? 'template'))]
  const perKind = Object.fromEntries(kinds.map((k) => {
    const m = ringItems.filter((i) => (i.kind ?? 'template') === k)
    return [k, m.filter((i) => pred.get(i.record.id)).length / m.length]
  }))
  const others = items.filter((i) => !i.ring)
  const roles = [...new Set(others.map((i) => i.role))].sort()
  const organicFlaggedByRole = Object.fromEntries(roles.map((role) => {
    const m = others.filter((i) => i.role === role)
    return [role, `${m.filter((i) => pred.get(i.record.id)).length}/${m.length}`]
  }))
  const dups = items.filter((i) => i.duplicateOf)
  return {
    dataset,
    complaints: items.length,
    rings: byRing.size,
    ringMembers: ringItems.length,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    memberRecall: ringItems.length ? ringItems.filter((i) => pred.get(i.record.id)).length / ringItems.length : 1,
    perKind,
    organicFlagged: others.length ? others.filter((i) => pred.get(i.record.id)).length / others.length : 0,
    organicFlaggedByRole,
    duplicatesFound: `${dups.filter((i) => dupOut.get(i.record.id) === i.duplicateOf).length}/${dups.length}`,
    campaigns: res.campaigns.length,
    bursts: res.bursts.length,
    seconds,
  }
}

function run(dataset: string, items: Labelled[]): { scores: Scores; res: DetectionResult } {
  const t0 = performance.now()
  const res = detect(items.map((i) => i.record))
  return { scores: score(dataset, items, res, (performance.now() - t0) / 1000), res }
}

// ---------- 1. CFPB as it is ----------
function cfpbReal(): Labelled[] {
  const rows = loadCfpb()
  const norm = (t: string): string => t.toLowerCase().replace(/\s+/g, ' ').trim()
  const hashOf = (s: string): number => createHash('sha1').update(s).digest().readUInt32BE(0)
  // Persons: merged rows with the same template cluster (or identical text) on the same day from the same
  // state and ZIP are one person's fan-out.
  const person = new Map<string, string>()
  const firstOf = new Map<string, string>()
  for (const r of rows.filter((x) => x.file === 'merged')) {
    const textKey = r.cluster ? `c${r.cluster}` : `t${hashOf(norm(r.text))}`
    const k = `${textKey}|${r.date}|${r.state}|${r.zip}`
    person.set(r.key, firstOf.get(k) ?? r.key)
    if (!firstOf.has(k)) firstOf.set(k, r.key)
  }
  // Text-only rows: an exact copy in another extract is the same complaint (same person), matched one to one.
  const unclaimed = new Map<string, { key: string; source: string }[]>()
  for (const r of rows) (unclaimed.get(norm(r.text)) ?? unclaimed.set(norm(r.text), []).get(norm(r.text))!).push({ key: r.key, source: r.source })
  for (const r of rows.filter((x) => x.file === 'textonly')) {
    if (person.has(r.key)) continue
    const twins = unclaimed.get(norm(r.text))!
    const twin = twins.find((t) => t.source !== r.source && !person.has(`claimed:${t.key}`) && t.key !== r.key)
    if (twin) {
      const p = person.get(twin.key) ?? twin.key
      person.set(r.key, p)
      person.set(twin.key, p)
      person.set(`claimed:${twin.key}`, r.key)
      person.set(`claimed:${r.key}`, twin.key)
    } else person.set(r.key, r.key)
  }
  // Truth: weak template clusters with ≥ 3 distinct people are campaigns; smaller ones are not.
  const clusterPeople = new Map<number, Set<string>>()
  for (const r of rows) if (r.cluster) (clusterPeople.get(r.cluster) ?? clusterPeople.set(r.cluster, new Set()).get(r.cluster)!).add(person.get(r.key)!)
  const rand = prng(7)
  const start = Date.UTC(2019, 0, 1)
  const times = rows.map((r) => (r.date ? Date.parse(`${r.date}T12:00:00Z`) : start + Math.floor(rand() * 4 * 365) * 86_400_000))
  // A person's earliest complaint (then input order) is the original; later near-identical ones are duplicates.
  const firstComplaint = new Map<string, number>()
  rows.forEach((r, i) => {
    const p = person.get(r.key)!
    const f = firstComplaint.get(p)
    if (f === undefined || times[i]! < times[f]!) firstComplaint.set(p, i)
  })
  return rows.map((r, i) => {
    const p = person.get(r.key)!
    const isRing = r.cluster > 0 && clusterPeople.get(r.cluster)!.size >= 3
    const first = firstComplaint.get(p)!
    return {
      record: { id: r.key, text: r.text, submittedAt: times[i]!, subject: r.company ?? r.product, complainant: { id: p } },
      ring: isRing ? `cfpb-${r.cluster}` : null,
      kind: isRing ? 'weak-label template' : null,
      role: r.cluster ? (isRing ? 'ring' : 'small-cluster') : 'organic',
      duplicateOf: first !== i ? rows[first]!.key : null,
    }
  })
}

// ---------- 2/3. planted ----------
function toLabelled(g: Generated[]): Labelled[] {
  return g.map((x) => ({ record: x.record, ring: x.truth.ring, kind: x.truth.kind, role: x.truth.role, duplicateOf: x.truth.duplicateOf }))
}

function plantedEn(): Labelled[] {
  const rows = loadCfpb().filter((r) => r.cluster === 0)
  const seen = new Set<string>()
  const docs = rows.map((r) => r.text).filter((t) => t.length >= 200 && !seen.has(t) && (seen.add(t), true))
  return toLabelled(generateComplaints({ en: { lang: 'en', documents: docs, sentences: sentencesOf(docs, 'en') } }, { seed: 11, organic: Math.min(7000, docs.length - 1500) }))
}

function plantedZh(): Labelled[] {
  const seen = new Set<string>()
  const reviews = loadZhNegativeReviews().filter((r) => r.text.length >= 15 && !seen.has(r.text) && (seen.add(r.text), true))
  const rand = prng(5)
  const shuffled = [...reviews].sort(() => rand() - 0.5)
  let next = 0
  const take = (): { cat: string; text: string } => shuffled[next++ % shuffled.length]!
  const heimao = loadHeimao()
  const composed = Array.from({ length: 9000 }, () => composeZhComplaint(rand, reviews, take))
  const gen = generateComplaints({ zh: { lang: 'zh', documents: composed, sentences: sentencesOf(composed, 'zh') } }, { seed: 13, organic: 7000 })
  // 黑猫投诉: identical content against two companies is one person's fan-out.
  const first = new Map<string, string>()
  const real: Labelled[] = heimao.map((h) => {
    const dupOf = first.get(h.content) ?? null
    if (!dupOf) first.set(h.content, `hm-${h.id}`)
    return {
      record: { id: `hm-${h.id}`, text: `${h.title}。${h.content}`.replace(/^(.*)。\1/, '$1'), submittedAt: Date.parse(`${h.timestamp}+08:00`), subject: h.company, complainant: { id: `hm-person-${dupOf ?? `hm-${h.id}`}` } },
      ring: null,
      kind: null,
      role: dupOf ? 'heimao-fanout' : 'heimao',
      duplicateOf: dupOf,
    }
  })
  return [...toLabelled(gen), ...real]
}

function fmt(x: number): string {
  return x.toFixed(3)
}

async function main(): Promise<void> {
  if (!hasSharedData()) {
    console.log('eval:campaigns SKIPPED: ../shared/data is absent (needs cfpb-complaints, heimao-tousu-sample, zh-ecommerce-reviews)')
    return
  }
  const results: Scores[] = []
  for (const [name, build] of [['cfpb-real', cfpbReal], ['planted-en', plantedEn], ['planted-zh', plantedZh]] as const) {
    const items = build()
    const { scores } = run(name, items)
    results.push(scores)
    process.stderr.write(`${name}: ${items.length} complaints in ${scores.seconds.toFixed(1)} s\n`)
  }
  console.log('## campaigns eval\n')
  console.log('| dataset | complaints | rings (members) | B³ precision | B³ recall | B³ F1 | member recall | organic flagged | duplicates found | campaigns | bursts |')
  console.log('|---|---|---|---|---|---|---|---|---|---|---|')
  for (const s of results)
    console.log(`| ${s.dataset} | ${s.complaints} | ${s.rings} (${s.ringMembers}) | ${fmt(s.precision)} | ${fmt(s.recall)} | ${fmt(s.f1)} | ${fmt(s.memberRecall)} | ${(s.organicFlagged * 100).toFixed(2)} % | ${s.duplicatesFound} | ${s.campaigns} | ${s.bursts} |`)
  console.log('\n### member recall per ring kind\n')
  const kinds = [...new Set(results.flatMap((s) => Object.keys(s.perKind)))].sort((a, b) => (ringKinds as readonly string[]).indexOf(a) - (ringKinds as readonly string[]).indexOf(b))
  console.log(`| dataset | ${kinds.join(' | ')} |`)
  console.log(`|---|${kinds.map(() => '---').join('|')}|`)
  for (const s of results) console.log(`| ${s.dataset} | ${kinds.map((k) => (k in s.perKind ? fmt(s.perKind[k]!) : '–')).join(' | ')} |`)
  console.log('\n### non-ring complaints flagged, by role (flagged/total)\n')
  for (const s of results) console.log(`- ${s.dataset}: ${Object.entries(s.organicFlaggedByRole).map(([k, v]) => `${k} ${v}`).join(', ')}`)
  const ok = (s: Scores): string => [s.f1 >= 0.9 ? 'F1 ✓' : 'F1 ✗', s.memberRecall >= 0.95 ? 'recall ✓' : 'recall ✗', s.organicFlagged <= 0.01 ? 'organic ✓' : 'organic ✗'].join(', ')
  console.log('\n### targets (F1 ≥ 0.9, member recall ≥ 0.95, organic flagged ≤ 1 %)\n')
  for (const s of results) console.log(`- ${s.dataset}: ${ok(s)}`)
}

await main()
