// Campaign detection: near-duplicate text (MinHash/LSH), identity links between complainants (union-find
// with weighted evidence), bursts, and an explainable score. Incremental at heart: add() places one complaint
// into the existing state (signature, LSH buckets, identity index, union-find) in microseconds; result()
// derives campaigns, duplicates, scores and reasons from that state. detect() is the batch wrapper.
//
// Definitions (issue 6):
// - same complainant: shares complainant id or ID number (or, when neither is given, phone or email);
// - duplicate: the same complainant's near-identical text (fan-out to several companies) → duplicate_of the
//   earliest; never a campaign on its own;
// - campaign: a connected group of complaints (text links and identity links) from ≥ 3 distinct complainants;
// - burst: a day whose count for a subject is improbable under its baseline: an alert, not a campaign.
import { BurstDetector, type BurstAlert, type BurstOptions } from './burst.ts'
import { dayOf, formatDay, DAY_MS } from './days.ts'
import { classifyDemand, demandLabel, DEMAND_FULL_SURRENDER, DEMAND_PRICE_MULTIPLE } from './demand.ts'
import { hash53 } from './hash.ts'
import {
  defaultKindPolicy,
  kindBit,
  kindLabel,
  linkWeight,
  LINK_THRESHOLD,
  maskValue,
  normalizeAccount,
  normalizeAddress,
  normalizeEmail,
  normalizeIdNumber,
  normalizeIp,
  normalizeName,
  normalizeOrg,
  normalizePhone,
  normalizeToken,
  phoneBlock,
  type KindPolicy,
  type LinkKind,
} from './identity.ts'
import { LshIndex } from './lsh.ts'
import { SignatureStore } from './minhash.ts'
import { CountMinSketch, RepeatedKeys, ShingleRarity, type BoilerplateOptions } from './rarity.ts'
import { shingles } from './text.ts'
import { UnionFind } from './union-find.ts'

export interface ComplainantInput {
  id?: string
  name?: string
  phone?: string
  email?: string
  idNumber?: string
  deviceId?: string
  ip?: string
  address?: string
  bankAccount?: string
}
export interface AgentInput {
  name?: string
  phone?: string
  org?: string
}
export interface ComplaintInput {
  id: string
  text: string
  /** Epoch milliseconds. */
  submittedAt: number
  channel?: string
  subject?: string
  complainant?: ComplainantInput
  /** 投诉代理人 */
  agent?: AgentInput
  demand?: { type?: string; amount?: number }
}

export interface DetectorOptions {
  /** Estimated Jaccard similarity (after boilerplate removal) that links two texts. */
  similarityThreshold: number
  /** Distinct complainants a campaign needs. */
  minComplainants: number
  /** Informative shingles a text needs to take part in text matching (shorter texts say too little). */
  minShingles: number
  /** Days within which complaints count as filed together. */
  windowDays: number
  /** UTC offset of the business day, minutes (480: Asia/Shanghai). */
  timeZoneOffsetMinutes: number
  /** Complaints and distinct subjects that make a repeat ("professional") complainant. */
  professional: { complaints: number; subjects: number }
  boilerplate: Partial<BoilerplateOptions>
  burst: Partial<BurstOptions>
  kindPolicy: Record<LinkKind, KindPolicy>
  /** Sizes tables up front (batch); incremental use grows them. */
  expectedDocuments: number
  /** Most pairs generated from one shared value (agent of a thousand clients). */
  maxPairsPerValue: number
}

export const defaultDetectorOptions: DetectorOptions = {
  similarityThreshold: 0.5,
  minComplainants: 3,
  minShingles: 5,
  windowDays: 3,
  timeZoneOffsetMinutes: 480,
  professional: { complaints: 5, subjects: 3 },
  boilerplate: {},
  burst: {},
  kindPolicy: defaultKindPolicy,
  expectedDocuments: 1024,
  maxPairsPerValue: 200,
}

export interface SharedAttribute {
  kind: LinkKind
  label: string
  /** Masked value. */
  value: string
  complaints: number
  complainants: number
}

export interface CampaignSignals {
  text: number
  identity: number
  agent: number
  timing: number
  demand: number
  history: number
}

export interface Campaign {
  id: string
  members: string[]
  complaints: number
  complainants: number
  score: number
  reasons: string[]
  firstAt: number
  lastAt: number
  sharedAttributes: SharedAttribute[]
  signals: CampaignSignals
  /** Member whose text is most similar to the others: the template as filed. */
  templateMember: string | null
}

export interface RecordResult {
  id: string
  campaignId: string | null
  duplicateOf: string | null
  score: number
  reasons: string[]
}

export interface BurstResult extends BurstAlert {
  subject: string
  date: string
}

export interface DetectionResult {
  /** One per added complaint, in the order added. */
  records: RecordResult[]
  campaigns: Campaign[]
  bursts: BurstResult[]
}

export interface AddResult {
  doc: number
  /** Earlier complaints whose text matched. */
  textMatches: number
  /** Complaints now in this complaint's group (text and identity links). */
  groupSize: number
}

interface ValueEntry {
  kind: LinkKind
  value: string
  docs: number[]
  hub: boolean
}

const NO_REASONS: string[] = Object.freeze([]) as unknown as string[]
/** Appends to a record's reasons, replacing the shared empty list on first use. */
function addReason(r: RecordResult, ...reasons: string[]): void {
  if (r.reasons === NO_REASONS) r.reasons = []
  r.reasons.push(...reasons)
}

const STRONG: ReadonlySet<LinkKind> = new Set(['phone', 'email', 'device', 'bank_account'])
const AGENT: ReadonlySet<LinkKind> = new Set(['agent_phone', 'agent_name', 'agent_org'])
const PAIR_BASE = 67_108_864 // 2^26 documents

function pct(x: number): string {
  return `${Math.round(x * 100)} %`
}
function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x)

export class CampaignDetector {
  readonly opts: DetectorOptions
  private rarity: ShingleRarity | null
  /** Batch only: identifier and person keys that occur more than once in the corpus (others never link). */
  private readonly repeated = new RepeatedKeys()
  private readonly store: SignatureStore
  private lsh: LshIndex | null
  private readonly groups: UnionFind
  private readonly persons: UnionFind
  private readonly dupes: UnionFind
  private personNext = new Int32Array(1024)
  private linked = new Uint8Array(1024)
  private times = new Float64Array(1024)
  private subjects = new Int32Array(1024)
  private demands = new Uint8Array(1024)
  private amounts = new Float64Array(1024)
  private readonly ids: string[] = []
  private readonly subjectNames: string[] = ['']
  private readonly subjectIndex = new Map<string, number>()
  private readonly personKeys = new Map<number, number>()
  private readonly values = new Map<number, ValueEntry>()
  private readonly pairs = new Map<number, number>()
  private readonly dirty: number[] = []
  private primed = false
  private weightBuffer = new Uint8Array(1024)
  private linkedAll = false
  private observed = 0
  size = 0

  constructor(opts: Partial<DetectorOptions> = {}) {
    this.opts = { ...defaultDetectorOptions, ...opts }
    const expected = this.opts.expectedDocuments
    this.rarity = new ShingleRarity(this.opts.boilerplate, new CountMinSketch(expected > 100_000 ? 1 << 23 : expected > 10_000 ? 1 << 22 : 1 << 20, 2))
    this.store = new SignatureStore(expected)
    this.lsh = new LshIndex(this.store, { expectedDocuments: expected })
    this.groups = new UnionFind(expected)
    this.persons = new UnionFind(expected)
    this.dupes = new UnionFind(expected)
  }

  /**
   * First pass of a batch: counts shingle document frequencies and identifier degrees over the whole corpus
   * before any complaint is placed, so boilerplate and hub identifiers are known from the start.
   * Call for every complaint, then add() each of them.
   */
  observe(c: ComplaintInput): void {
    if (!this.rarity) throw new Error('CampaignDetector: observe() after seal()')
    this.primed = true
    this.observed++
    this.rarity.addDocument(shingles(c.text))
    for (const v of identityValues(c)) this.repeated.add(v.key)
    for (const k of personKeys(c)) this.repeated.add(k)
  }

  /**
   * Ends a batch: drops the LSH tables and the document-frequency sketch (about 200 MB at a million
   * complaints) before result() builds its output. No complaint can be added afterwards.
   */
  seal(): void {
    this.lsh = null
    this.rarity = null
  }

  /** Places one complaint into the state and links it; returns its position. */
  add(c: ComplaintInput): AddResult {
    const lsh = this.lsh
    const rarity = this.rarity
    if (!lsh || !rarity) throw new Error('CampaignDetector: add() after seal()')
    const doc = this.size++
    this.grow(doc)
    this.ids.push(c.id)
    this.times[doc] = c.submittedAt
    this.subjects[doc] = this.internSubject(c.subject)
    this.demands[doc] = classifyDemand(c.demand?.type, c.text)
    this.amounts[doc] = typeof c.demand?.amount === 'number' && Number.isFinite(c.demand.amount) ? c.demand.amount : 0
    this.groups.ensure(doc)
    this.persons.ensure(doc)
    this.dupes.ensure(doc)
    this.personNext[doc] = doc

    for (const key of personKeys(c)) {
      if (this.primed && !this.repeated.has(key)) continue // a key used once joins no one
      const prev = this.personKeys.get(key)
      if (prev === undefined) this.personKeys.set(key, doc)
      else this.joinPerson(doc, prev)
    }

    // Text: sign without boilerplate, then link to verified LSH neighbours.
    const sh = shingles(c.text)
    if (!this.primed) rarity.addDocument(sh)
    if (this.weightBuffer.length < sh.length) this.weightBuffer = new Uint8Array(sh.length * 2)
    rarity.weights(sh, this.weightBuffer)
    const used = this.store.put(doc, sh, this.weightBuffer)
    let textMatches = 0
    if (used >= this.opts.minShingles) {
      const theta = this.opts.similarityThreshold
      const matches: number[] = []
      lsh.candidates(doc, (other) => {
        if (this.store.similarity(doc, other) >= theta) matches.push(other)
      })
      lsh.insert(doc)
      for (const other of matches) {
        textMatches++
        if (this.persons.connected(doc, other)) this.dupes.union(doc, other)
        this.groups.union(doc, other)
      }
    } else if (used > 0) {
      this.store.present[doc] = 0
    }

    // Identity: index values; link online unless a batch will link them all at once in result().
    for (const v of identityValues(c)) {
      if (this.primed && !this.repeated.has(v.key)) continue // never shared in this corpus
      let entry = this.values.get(v.key)
      if (!entry) {
        entry = { kind: v.kind, value: v.value, docs: [], hub: false }
        this.values.set(v.key, entry)
      }
      entry.docs.push(doc)
      if (!this.primed) this.linkOnline(entry, doc)
    }
    this.settlePairs()
    return { doc, textMatches, groupSize: this.groups.sizeOf(doc) }
  }

  /** Complaints grouped with the complaint at position doc now (it grows as later complaints link in). */
  groupSizeOf(doc: number): number {
    return this.groups.sizeOf(doc)
  }

  private grow(doc: number): void {
    if (doc < this.times.length) return
    const cap = this.times.length * 2
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap)
      b.set(a)
      return b
    }
    this.personNext = g(this.personNext, (n) => new Int32Array(n))
    this.linked = g(this.linked, (n) => new Uint8Array(n))
    this.times = g(this.times, (n) => new Float64Array(n))
    this.subjects = g(this.subjects, (n) => new Int32Array(n))
    this.demands = g(this.demands, (n) => new Uint8Array(n))
    this.amounts = g(this.amounts, (n) => new Float64Array(n))
  }

  private internSubject(subject: string | undefined): number {
    const s = subject?.trim()
    if (!s) return 0
    let i = this.subjectIndex.get(s)
    if (i === undefined) {
      i = this.subjectNames.length
      this.subjectNames.push(s)
      this.subjectIndex.set(s, i)
    }
    return i
  }

  private joinPerson(doc: number, prev: number): void {
    const a = this.persons.find(doc)
    const b = this.persons.find(prev)
    if (a === b) return
    // Splice the two circular lists of the person's complaints.
    const t = this.personNext[a]!
    this.personNext[a] = this.personNext[b]!
    this.personNext[b] = t
    const wasLinked = this.linked[a] === 1 || this.linked[b] === 1
    const root = this.persons.union(a, b)
    if (wasLinked) {
      this.linked[root] = 1
      this.forEachDocOf(root, (d) => this.groups.union(d, root))
    }
  }

  private forEachDocOf(person: number, visit: (doc: number) => void, limit = Infinity): void {
    let d = person
    let n = 0
    do {
      visit(d)
      d = this.personNext[d]!
    } while (d !== person && ++n < limit)
  }

  /** Incremental linking of one new complaint against the other holders of a value. */
  private linkOnline(entry: ValueEntry, doc: number): void {
    if (entry.hub) return
    const me = this.persons.find(doc)
    const others = new Set<number>()
    for (const d of entry.docs) {
      const p = this.persons.find(d)
      if (p !== me) others.add(p)
    }
    if (others.size + 1 > this.opts.kindPolicy[entry.kind].maxDegree) {
      entry.hub = true
      return
    }
    if (others.size > this.opts.maxPairsPerValue) return
    for (const p of others) this.touchPair(me, p, entry.kind)
  }

  /** Batch linking: exact degrees are known, hubs are skipped before any pair is formed. */
  private linkAll(): void {
    if (this.linkedAll || !this.primed) return
    this.linkedAll = true
    for (const entry of this.values.values()) {
      if (entry.docs.length < 2) continue
      const people = [...new Set(entry.docs.map((d) => this.persons.find(d)))]
      if (people.length > this.opts.kindPolicy[entry.kind].maxDegree) {
        entry.hub = true
        continue
      }
      const n = Math.min(people.length, this.opts.maxPairsPerValue)
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) this.touchPair(people[i]!, people[j]!, entry.kind)
    }
    this.dirty.sort((a, b) => a - b)
    this.settlePairs()
  }

  /** Accumulates evidence; evaluation waits until every shared value of the pair is known (see settlePairs). */
  private touchPair(p: number, q: number, kind: LinkKind): void {
    const lo = Math.min(p, q)
    const hi = Math.max(p, q)
    const key = lo * PAIR_BASE + hi
    this.pairs.set(key, (this.pairs.get(key) ?? 0) | kindBit[kind])
    this.dirty.push(key)
  }

  private settlePairs(): void {
    let last = -1
    for (const key of this.dirty) {
      if (key === last) continue
      last = key
      const p = Math.floor(key / PAIR_BASE)
      const q = key - p * PAIR_BASE
      if (this.linked[p] === 1 && this.linked[q] === 1 && this.groups.connected(p, q)) continue
      const mask = this.pairs.get(key) ?? 0
      if (linkWeight(mask, this.corroboration(p, q), this.opts.kindPolicy) >= LINK_THRESHOLD) this.linkPersons(p, q)
    }
    this.dirty.length = 0
  }

  /** Same suspicious demand, or complaints within the window, between two complainants. */
  private corroboration(p: number, q: number): { demand: boolean; timing: boolean } {
    let demand = false
    let timing = false
    const window = this.opts.windowDays * DAY_MS
    this.forEachDocOf(
      p,
      (a) => {
        this.forEachDocOf(
          q,
          (b) => {
            const da = this.demands[a]!
            if ((da === DEMAND_FULL_SURRENDER || da === DEMAND_PRICE_MULTIPLE) && da === this.demands[b]) demand = true
            if (this.amounts[a]! > 0 && this.amounts[a] === this.amounts[b]) demand = true
            if (Math.abs(this.times[a]! - this.times[b]!) <= window) timing = true
          },
          20,
        )
      },
      20,
    )
    return { demand, timing }
  }

  private linkPersons(p: number, q: number): void {
    for (const person of [p, q]) {
      const root = this.persons.find(person)
      if (this.linked[root] !== 1) {
        this.linked[root] = 1
        this.forEachDocOf(root, (d) => this.groups.union(d, root))
      }
    }
    this.groups.union(p, q)
  }

  /** Campaigns, duplicates, scores and reasons for everything added so far. */
  result(): DetectionResult {
    this.linkAll()
    const n = this.size
    const o = this.opts
    // Most complaints have no reason: they share one frozen empty list (a million empty arrays is ~30 MB).
    const records: RecordResult[] = this.ids.map((id) => ({ id, campaignId: null, duplicateOf: null, score: 0, reasons: NO_REASONS }))

    // Duplicates: the earliest complaint of each same-complainant text group is the original.
    const dupGroups = new Map<number, number[]>()
    for (let d = 0; d < n; d++) {
      const r = this.dupes.find(d)
      if (r === d && this.dupes.sizeOf(d) === 1) continue
      let g = dupGroups.get(r)
      if (!g) dupGroups.set(r, (g = []))
      g.push(d)
    }
    const earlier = (a: number, b: number): number => this.times[a]! - this.times[b]! || a - b
    for (const g of dupGroups.values()) {
      g.sort(earlier)
      const first = g[0]!
      for (const d of g.slice(1)) {
        const sim = this.store.has(d) && this.store.has(first) ? this.store.similarity(d, first) : 1
        records[d]!.duplicateOf = this.ids[first]!
        addReason(records[d]!, `duplicate of ${this.ids[first]}: same complainant, text ${pct(sim)} similar`)
      }
    }

    // Components of the link graph.
    const comps = new Map<number, number[]>()
    for (let d = 0; d < n; d++) {
      if (this.groups.sizeOf(d) < 2) continue
      const r = this.groups.find(d)
      let g = comps.get(r)
      if (!g) comps.set(r, (g = []))
      g.push(d)
    }
    const campaignOf = new Int32Array(n).fill(-1)
    const found: { docs: number[]; people: number }[] = []
    for (const docs of comps.values()) {
      const people = new Set(docs.map((d) => this.persons.find(d))).size
      if (people >= o.minComplainants) {
        docs.sort(earlier)
        found.push({ docs, people })
      } else if (people >= 2) this.explainNearMiss(docs, records)
    }
    found.sort((a, b) => earlier(a.docs[0]!, b.docs[0]!))
    found.forEach((c, i) => c.docs.forEach((d) => (campaignOf[d] = i)))

    const shared = this.sharedAttributes(campaignOf, found.length)
    const professional = this.professionalComplainants()
    const campaigns = found.map((c, i) => this.describeCampaign(i, c.docs, c.people, shared[i] ?? [], professional, records))

    for (let d = 0; d < n; d++) {
      const p = this.persons.find(d)
      if (professional.has(p) && campaignOf[d] === -1) {
        const stats = professional.get(p)!
        records[d]!.score = Math.max(records[d]!.score, 0.2)
        addReason(records[d]!, `complainant filed ${stats.complaints} complaints about ${stats.subjects} subjects (repeat complainant)`)
      }
    }
    const bursts = this.bursts(records)
    for (const r of records) r.score = Math.round(r.score * 1000) / 1000
    return { records, campaigns, bursts }
  }

  /**
   * The campaign that the complaint at position doc belongs to, described as result() would describe it, or null
   * below the campaign minimum. The incremental path: it costs one pass over the state, not a full result().
   * Only the campaign's own members get records (others are left undefined).
   */
  campaignOf(doc: number): { campaign: Campaign; records: RecordResult[] } | null {
    this.linkAll()
    const root = this.groups.find(doc)
    const docs: number[] = []
    for (let d = 0; d < this.size; d++) if (this.groups.find(d) === root) docs.push(d)
    const people = new Set(docs.map((d) => this.persons.find(d))).size
    if (people < this.opts.minComplainants) return null
    docs.sort((a, b) => this.times[a]! - this.times[b]! || a - b)
    const campaignOf = new Int32Array(this.size).fill(-1)
    const records: RecordResult[] = []
    for (const d of docs) {
      campaignOf[d] = 0
      records[d] = { id: this.ids[d]!, campaignId: null, duplicateOf: null, score: 0, reasons: NO_REASONS }
    }
    const shared = this.sharedAttributes(campaignOf, 1)[0] ?? []
    const campaign = this.describeCampaign(0, docs, people, shared, this.professionalComplainants(), records)
    return { campaign, records: docs.map((d) => records[d]!) }
  }

  /** Two complainants with matching text or identity: below the campaign minimum, worth a note only. */
  private explainNearMiss(docs: number[], records: RecordResult[]): void {
    for (const d of docs) {
      const others = docs.filter((x) => x !== d && !this.persons.connected(x, d))
      if (!others.length) continue
      const sims = others.filter((x) => this.store.has(x) && this.store.has(d)).map((x) => this.store.similarity(d, x))
      const best = sims.length ? Math.max(...sims) : 0
      const r = records[d]!
      r.score = Math.max(r.score, 0.1)
      addReason(r, 
        best >= this.opts.similarityThreshold
          ? `text ${pct(best)} similar to ${plural(others.length, 'complaint')} by another complainant (below the ${this.opts.minComplainants}-complainant campaign minimum)`
          : `shares identifiers with ${plural(others.length, 'complaint')} by another complainant (below the ${this.opts.minComplainants}-complainant campaign minimum)`,
      )
    }
  }

  private sharedAttributes(campaignOf: Int32Array, count: number): SharedAttribute[][] {
    const out: SharedAttribute[][] = Array.from({ length: count }, () => [])
    for (const entry of this.values.values()) {
      if (entry.docs.length < 2 || entry.hub) continue
      const byCampaign = new Map<number, number[]>()
      for (const d of entry.docs) {
        const c = campaignOf[d]!
        if (c < 0) continue
        let g = byCampaign.get(c)
        if (!g) byCampaign.set(c, (g = []))
        g.push(d)
      }
      for (const [c, docs] of byCampaign) {
        const people = new Set(docs.map((d) => this.persons.find(d))).size
        if (people < 2) continue
        out[c]!.push({ kind: entry.kind, label: kindLabel[entry.kind], value: maskValue(entry.kind, entry.value), complaints: docs.length, complainants: people })
      }
    }
    for (const list of out) list.sort((a, b) => b.complainants - a.complainants || b.complaints - a.complaints)
    return out
  }

  private professionalComplainants(): Map<number, { complaints: number; subjects: number }> {
    const out = new Map<number, { complaints: number; subjects: number }>()
    const { complaints, subjects } = this.opts.professional
    const seen = new Uint8Array(this.size)
    for (let d = 0; d < this.size; d++) {
      const p = this.persons.find(d)
      if (seen[p]) continue
      seen[p] = 1
      let count = 0
      const subs = new Set<number>()
      this.forEachDocOf(p, (x) => {
        count++
        if (this.subjects[x]) subs.add(this.subjects[x]!)
      })
      if (count >= complaints && subs.size >= subjects) out.set(p, { complaints: count, subjects: subs.size })
    }
    return out
  }

  private describeCampaign(
    index: number,
    docs: number[],
    people: number,
    shared: SharedAttribute[],
    professional: Map<number, { complaints: number; subjects: number }>,
    records: RecordResult[],
  ): Campaign {
    const o = this.opts
    const id = `C${String(index + 1).padStart(4, '0')}`
    const m = docs.length
    const theta = o.similarityThreshold
    const windowMs = o.windowDays * DAY_MS

    // Text: each member against a sample of the others.
    const signed = docs.filter((d) => this.store.has(d))
    const step = Math.max(1, Math.ceil(signed.length / 200))
    const sample = signed.filter((_, i) => i % step === 0)
    const memberText = new Map<number, { count: number; mean: number; days: number }>()
    let textMembers = 0
    let simSum = 0
    let template: number | null = null
    let templateScore = -1
    for (const d of signed) {
      let count = 0
      let sum = 0
      let span = 0
      for (const x of sample) {
        if (x === d || this.persons.connected(x, d)) continue
        const s = this.store.similarity(d, x)
        if (s < theta) continue
        count++
        sum += s
        span = Math.max(span, Math.abs(this.times[x]! - this.times[d]!))
      }
      if (count > 0) {
        const scaled = Math.round(count * step)
        memberText.set(d, { count: Math.min(scaled, m - 1), mean: sum / count, days: Math.max(1, Math.ceil(span / DAY_MS)) })
        textMembers++
        simSum += sum / count
        if (sum > templateScore) {
          templateScore = sum
          template = d
        }
      }
    }
    const textShare = textMembers / m
    const meanSim = textMembers ? simSum / textMembers : 0

    // Identity and agents, from the values shared inside the campaign.
    let strong = 0
    let weak = 0
    let agent = 0
    for (const a of shared) {
      if (AGENT.has(a.kind)) agent = Math.max(agent, a.complaints)
      else if (STRONG.has(a.kind)) strong += a.complaints
      else if (a.kind !== 'address_unit') weak += a.complaints
    }
    const strongShare = Math.min(1, strong / m)
    const weakShare = Math.min(1, weak / m)
    const agentShare = agent / m

    // Timing: the densest window.
    const times = docs.map((d) => this.times[d]!).sort((a, b) => a - b)
    let dense = 0
    let denseStart = 0
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! > windowMs) j++
      if (i - j + 1 > dense) {
        dense = i - j + 1
        denseStart = j
      }
    }
    const timingShare = dense / m

    // Demands.
    let surrender = 0
    let multiple = 0
    const amounts = new Map<number, number>()
    for (const d of docs) {
      if (this.demands[d] === DEMAND_FULL_SURRENDER) surrender++
      if (this.demands[d] === DEMAND_PRICE_MULTIPLE) multiple++
      const a = this.amounts[d]!
      if (a > 0) amounts.set(a, (amounts.get(a) ?? 0) + 1)
    }
    let modalAmount = 0
    let modalCount = 0
    for (const [a, c] of amounts) if (c > modalCount) [modalAmount, modalCount] = [a, c]
    if (modalCount < 3) modalCount = 0
    const demandShare = Math.min(1, (surrender + multiple + modalCount) / m)

    const personSet = new Set(docs.map((d) => this.persons.find(d)))
    let pros = 0
    for (const p of personSet) if (professional.has(p)) pros++
    const historyShare = pros / people

    const signals: CampaignSignals = {
      text: textShare * clamp01((meanSim - 0.3) / 0.5),
      identity: Math.max(strongShare, 0.6 * weakShare),
      agent: agentShare >= 0.5 ? agentShare : agentShare / 2,
      timing: m >= 3 && dense >= 3 ? timingShare : 0,
      demand: demandShare,
      history: historyShare,
    }
    const weights: CampaignSignals = { text: 0.85, identity: 0.85, agent: 0.35, timing: 0.3, demand: 0.3, history: 0.25 }
    let keep = 1
    for (const k of Object.keys(weights) as (keyof CampaignSignals)[]) keep *= 1 - weights[k] * clamp01(signals[k])
    const sizeFactor = 1 - Math.pow(0.5, people - 1)
    const score = Math.round((1 - keep) * sizeFactor * 1000) / 1000

    // Reasons, strongest first.
    const reasons: [number, string][] = []
    reasons.push([1, `${plural(m, 'complaint')} from ${plural(people, 'distinct complainant')}`])
    if (textMembers >= 2) reasons.push([signals.text, `${textMembers} of ${m} complaints share a template: text on average ${pct(meanSim)} similar`])
    for (const a of shared.slice(0, 5)) {
      const who = a.complaints === a.complainants ? `${a.complainants} complainants` : `${a.complaints} complaints from ${a.complainants} complainants`
      reasons.push([AGENT.has(a.kind) ? signals.agent : STRONG.has(a.kind) ? strongShare : 0.6 * weakShare, `${who} share ${a.label} ${a.value}`])
    }
    if (signals.timing > 0)
      reasons.push([
        signals.timing * 0.5,
        `${dense} of ${m} complaints filed within ${plural(o.windowDays, 'day')} (from ${formatDay(dayOf(times[denseStart]!, o.timeZoneOffsetMinutes))})`,
      ])
    if (surrender >= 2) reasons.push([surrender / m, `${surrender} of ${m} complaints demand ${demandLabel(DEMAND_FULL_SURRENDER)}`])
    if (multiple >= 2) reasons.push([multiple / m, `${multiple} of ${m} complaints demand ${demandLabel(DEMAND_PRICE_MULTIPLE)}`])
    if (modalCount >= 3) reasons.push([modalCount / m, `${modalCount} of ${m} complaints demand the same amount ${modalAmount}`])
    if (pros > 0) reasons.push([historyShare, `${plural(pros, 'complainant')} filed ≥ ${o.professional.complaints} complaints across ≥ ${o.professional.subjects} subjects`])
    const campaignReasons = reasons.sort((a, b) => b[0] - a[0]).map((r) => r[1])

    for (const d of docs) {
      const r = records[d]!
      r.campaignId = id
      r.score = Math.max(r.score, score)
      const t = memberText.get(d)
      const own: string[] = []
      if (t) own.push(`text ${pct(t.mean)} similar to ${plural(t.count, 'other complaint')} filed within ${plural(t.days, 'day')}`)
      addReason(r, ...own, ...campaignReasons.slice(0, 6).map((x) => `campaign ${id}: ${x}`))
    }

    return {
      id,
      members: docs.map((d) => this.ids[d]!),
      complaints: m,
      complainants: people,
      score,
      reasons: campaignReasons,
      firstAt: times[0]!,
      lastAt: times[times.length - 1]!,
      sharedAttributes: shared,
      signals: Object.fromEntries(Object.entries(signals).map(([k, v]) => [k, Math.round(clamp01(v) * 1000) / 1000])) as unknown as CampaignSignals,
      templateMember: template === null ? null : this.ids[template]!,
    }
  }

  private bursts(records: RecordResult[]): BurstResult[] {
    const order = new Int32Array(this.size)
    for (let i = 0; i < this.size; i++) order[i] = i
    const times = this.times
    // Sorting a typed array of ids with a comparator keeps a million complaints out of boxed arrays.
    order.sort((a, b) => times[a]! - times[b]! || a - b)
    const detector = new BurstDetector(this.opts.burst)
    const dayOfDoc = (d: number): number => dayOf(this.times[d]!, this.opts.timeZoneOffsetMinutes)
    for (const d of order) if (this.subjects[d]) detector.add(String(this.subjects[d]), dayOfDoc(d))
    const alerts = detector.alerts().map((a) => ({ ...a, subject: this.subjectNames[Number(a.key)]!, date: formatDay(a.day) }))
    if (alerts.length === 0) return []
    const byKeyDay = new Map(alerts.map((a) => [Number(a.key) * 1e6 + a.day, a]))
    for (let d = 0; d < this.size; d++) {
      const a = this.subjects[d] ? byKeyDay.get(this.subjects[d]! * 1e6 + dayOfDoc(d)) : undefined
      if (!a) continue
      const r = records[d]!
      r.score = Math.max(r.score, 0.1)
      addReason(r, `filed during a burst: ${a.observed} complaints about "${a.subject}" on ${a.date}, ${a.expected.toFixed(1)} expected`)
    }
    return alerts.map((a) => ({ ...a, key: `subject:${a.subject}` }))
  }
}

/** Batch detection: two passes (statistics, then linking) over the same records. */
export function detect(complaints: readonly ComplaintInput[], opts: Partial<DetectorOptions> = {}): DetectionResult {
  const detector = new CampaignDetector({ expectedDocuments: complaints.length, ...opts })
  for (const c of complaints) detector.observe(c)
  for (const c of complaints) detector.add(c)
  detector.seal()
  return detector.result()
}

/** Keys identifying the complainant as a person (hashed). */
function personKeys(c: ComplaintInput): number[] {
  const p = c.complainant
  if (!p) return []
  const keys: number[] = []
  const id = normalizeName(p.id)
  const idn = normalizeIdNumber(p.idNumber)
  if (id) keys.push(hash53(`id:${id}`))
  if (idn) keys.push(hash53(`idn:${idn}`))
  if (keys.length === 0) {
    const phone = normalizePhone(p.phone)
    const email = normalizeEmail(p.email)
    if (phone) keys.push(hash53(`phone:${phone}`))
    if (email) keys.push(hash53(`email:${email}`))
  }
  return keys
}

/** Identifier values that may link complainants, normalised, each with its hashed key. */
export function identityValues(c: ComplaintInput): { kind: LinkKind; value: string; key: number }[] {
  const out: { kind: LinkKind; value: string; key: number }[] = []
  const push = (kind: LinkKind, value: string | null): void => {
    if (value) out.push({ kind, value, key: hash53(`${kind}:${value}`) })
  }
  const p = c.complainant
  if (p) {
    const phone = normalizePhone(p.phone)
    push('phone', phone)
    push('phone_block', phone ? phoneBlock(phone) : null)
    push('email', normalizeEmail(p.email))
    push('device', normalizeToken(p.deviceId))
    push('bank_account', normalizeAccount(p.bankAccount))
    const ip = normalizeIp(p.ip)
    push('ip', ip?.ip ?? null)
    push('ip_block', ip?.block ?? null)
    const addr = normalizeAddress(p.address)
    push('address_unit', addr?.unit ?? null)
    if (addr && addr.building !== addr.unit) push('building', addr.building)
  }
  const a = c.agent
  if (a) {
    push('agent_phone', normalizePhone(a.phone))
    push('agent_name', normalizeName(a.name))
    push('agent_org', normalizeOrg(a.org))
  }
  return out
}
