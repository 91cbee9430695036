// Deterministic complaint generator for the campaigns eval and bench: organic complaints from real text
// pools, planted rings of each kind, and the look-alikes that must not be flagged. Seeded PRNG; no I/O.
import type { ComplaintInput } from '../../src/modules/campaigns/index.ts'

export type RingKind = 'text' | 'identity' | 'mixed' | 'slow'
export const ringKinds: readonly RingKind[] = ['text', 'identity', 'mixed', 'slow']
export type Role = 'organic' | 'ring' | 'fanout' | 'family' | 'nat' | 'surge' | 'clinic' | 'statute' | 'professional'

export interface Truth {
  /** Ring id when planted by a ring; null for everything else. */
  ring: string | null
  kind: RingKind | null
  person: string
  role: Role
  /** For fan-out copies: the id of the person's first complaint. */
  duplicateOf: string | null
}

export interface Generated {
  record: ComplaintInput
  truth: Truth
}

export type Lang = 'en' | 'zh'

export interface TextPool {
  lang: Lang
  /** Whole organic complaints, used once each while they last. */
  documents: string[]
  /** Sentences to compose more organic complaints once documents run out (bench scale). */
  sentences: string[]
  /**
   * Word (English) or character (Chinese) successors from the real texts: once documents run out, organic
   * complaints are sampled from this first-order chain. Reusing whole sentences instead would give unrelated
   * people the same long sentences, which real complainants do not write.
   */
  chain?: Map<string, string[]>
}

/** First-order successor lists (with repeats, so sampling follows the corpus frequencies). */
export function buildChain(texts: readonly string[], lang: Lang): Map<string, string[]> {
  const chain = new Map<string, string[]>()
  for (const t of texts) {
    const toks = lang === 'zh' ? [...t] : t.split(/\s+/).filter(Boolean)
    let prev = '^'
    for (const tok of toks) {
      let next = chain.get(prev)
      if (!next) chain.set(prev, (next = []))
      next.push(tok)
      prev = tok
    }
  }
  return chain
}

export interface GenerateOptions {
  seed: number
  /** Organic complaints (each a distinct person unless a confounder says otherwise). */
  organic: number
  ringsPerKind: number
  ringSize: [number, number]
  startMs: number
  days: number
  subjects: number
  confounders: {
    fanoutPeople: number
    families: number
    natUsers: number
    surge: number
    clinics: number
    clinicClients: number
    /** Share of English organic complaints that quote one of a few statute passages. */
    statuteShare: number
    professionals: number
  }
}

export const defaultGenerateOptions: GenerateOptions = {
  seed: 42,
  organic: 8000,
  ringsPerKind: 8,
  ringSize: [3, 14],
  startMs: Date.UTC(2024, 0, 1),
  days: 365,
  subjects: 40,
  confounders: { fanoutPeople: 150, families: 60, natUsers: 1500, surge: 120, clinics: 3, clinicClients: 30, statuteShare: 0.06, professionals: 10 },
}

/** sfc32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed
  let b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b)
  let c = 0xb7e15162
  let d = 1
  const next = (): number => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (a + b + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 12; i++) next()
  return next
}

const DAY = 86_400_000

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const givenChars = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力兰宇浩凯鹏飞云峰亮成俊海波斌宁琳欣怡晨阳佳雪梅'
const cities = ['北京市朝阳区', '上海市浦东新区', '广州市天河区', '深圳市南山区', '成都市武侯区', '杭州市西湖区', '武汉市洪山区', '西安市雁塔区', '南京市鼓楼区', '重庆市渝北区', '长沙市岳麓区', '郑州市金水区']
const roads = ['建国路', '人民路', '解放大道', '中山路', '科技园路', '天府大道', '文三路', '珞喻路', '长安南路', '新街口大街', '金水路', '麓山南路']
const enFirst = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa']
const enLast = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin']
const zhProducts = ['鑫福年金保险', '安康终身寿险', '金福两全保险', '智能手机', '扫地机器人', '空气净化器', '羽绒服', '奶粉', '护肤套装', '笔记本电脑', '会员年卡', '理财产品', '信用卡分期', '网络贷款', '车险']
const zhPlatforms = ['某宝', '某东', '某多多', '某音商城', '某银行', '某保险公司', '某快手小店', '某唯品会']
const enCompanies = ['TransUnion', 'Equifax', 'Experian', 'Capital One', 'Wells Fargo', 'Bank of America', 'JPMorgan Chase', 'Navient', 'Portfolio Recovery', 'Synchrony Bank', 'Citibank', 'Discover']

/** Quoted statutes that organic credit complaints paste (look-alike: shared boilerplate, not a ring). */
export const statutePassages = [
  'Under 15 U.S.C. 1681c-2 (a) Block. Except as otherwise provided in this section, a consumer reporting agency shall block the reporting of any information in the file of a consumer that the consumer identifies as information that resulted from an alleged identity theft, not later than 4 business days after the date of receipt by such agency of appropriate proof of the identity of the consumer, a copy of an identity theft report, the identification of such information by the consumer, and a statement by the consumer that the information does not relate to any transaction by the consumer.',
  'According to the Fair Credit Reporting Act, Section 609 (a)(1)(A), you are required by federal law to verify, through the physical verification of the original signed consumer contract, any and all accounts you post on a credit report. Otherwise, anyone paying for your reporting services could fax, mail or email in a fraudulent account. Failure to respond satisfactorily within 30 days of receipt of this certified letter may result in a small claims action against your company.',
  'Pursuant to 15 U.S.C. 1681i (a)(5)(A), if, after any reinvestigation of any information disputed by a consumer, an item of the information is found to be inaccurate or incomplete or cannot be verified, the consumer reporting agency shall promptly delete that item of information from the file of the consumer or modify that item of information, as appropriate, based on the results of the reinvestigation, and promptly notify the furnisher of that information that the information has been modified or deleted from the file of the consumer.',
]
const zhBoilerplate = [
  '根据《中华人民共和国消费者权益保护法》第五十五条规定，经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失。',
  '尊敬的领导您好，我要投诉以下问题，希望贵平台能够高度重视并尽快处理，维护消费者的合法权益。',
]

/** Phrase-sized chunks: about 12 words, or 12 characters of Chinese. */
export function chunksOf(text: string, lang: Lang): string[] {
  if (lang === 'zh') {
    const chars = [...text]
    return Array.from({ length: Math.ceil(chars.length / 12) }, (_, i) => chars.slice(i * 12, i * 12 + 12).join(''))
  }
  const words = text.split(/\s+/).filter(Boolean)
  return Array.from({ length: Math.ceil(words.length / 12) }, (_, i) => words.slice(i * 12, i * 12 + 12).join(' '))
}

/** Splits texts into sentences for composition (keeps reasonably long ones). */
export function sentencesOf(texts: readonly string[], lang: Lang): string[] {
  const out: string[] = []
  const split = lang === 'zh' ? /(?<=[。！？!?；;，,])/ : /(?<=[.!?])\s+/
  for (const t of texts) {
    for (const s of t.split(split)) {
      const x = s.trim()
      if (x.length >= (lang === 'zh' ? 6 : 25)) out.push(x)
    }
  }
  return out
}

/**
 * Complaint-like Chinese text composed from negative shopping/delivery/hotel reviews. Pass take() to draw
 * reviews without replacement: two organic complaints built on one review would be near-duplicates.
 */
export function composeZhComplaint(rand: () => number, reviews: readonly { cat: string; text: string }[], take?: () => { cat: string; text: string }): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!
  const next = take ?? (() => pick(reviews))
  const r1 = next()
  const more = rand() < 0.5 ? next().text : ''
  const openers = ['我在', '本人于上月在', '今年在', '前几天通过', '上周在', '我从']
  const closers = ['联系客服多次无果，要求退款。', '商家拒绝处理，请平台介入。', '希望尽快给个说法。', '要求退货退款并赔偿损失。', '客服一直推诿，请求协助解决。', '要求商家道歉并补偿。']
  const date = `${1 + Math.floor(rand() * 12)}月${1 + Math.floor(rand() * 28)}日`
  return `${pick(openers)}${pick(zhPlatforms)}购买的${r1.cat}，${date}收到后发现问题：${r1.text}${more ? '。' + more : ''}。${pick(closers)}`
}

interface Person {
  key: string
  idNumber: string
  phone: string
  email: string
  deviceId: string
  ip: string
  address: string
  bankAccount: string | undefined
  name: string
}

export function generateComplaints(pools: { en?: TextPool; zh?: TextPool }, options: Partial<GenerateOptions> = {}): Generated[] {
  const o: GenerateOptions = { ...defaultGenerateOptions, ...options, confounders: { ...defaultGenerateOptions.confounders, ...options.confounders } }
  const rand = prng(o.seed)
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1))
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!
  const langs = (['en', 'zh'] as const).filter((l) => pools[l])
  if (!langs.length) throw new Error('generateComplaints needs at least one text pool')
  const out: Generated[] = []
  let seq = 0
  let personSeq = 0
  const cursor: Record<Lang, number> = { en: 0, zh: 0 }
  const order: Record<Lang, number[]> = { en: [], zh: [] }
  for (const l of langs) {
    const n = pools[l]!.documents.length
    const idx = Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[idx[i], idx[j]] = [idx[j]!, idx[i]!]
    }
    order[l] = idx
  }
  const subjects = Array.from({ length: o.subjects }, (_, i) => `${pick(['某', '华', '安', '中', '平', '新'])}${['保险', '银行', '商城', '电商', '贷款', '证券'][i % 6]}${i + 1}号`)
  const digits = (n: number): string => Array.from({ length: n }, () => String(int(0, 9))).join('')
  const phone = (): string => `1${pick(['3', '5', '7', '8', '9'])}${digits(9)}`
  const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('')
  const zhName = (): string => pick([...surnames]) + pick([...givenChars]) + (rand() < 0.6 ? pick([...givenChars]) : '')
  const enName = (): string => `${pick(enFirst)} ${pick(enLast)}`
  const address = (): string => `${pick(cities)}${pick(roads)}${int(1, 999)}号${int(1, 40)}栋${int(1, 6)}单元${int(1, 33)}${String(int(1, 8)).padStart(2, '0')}室`
  const publicIp = (): string => `${int(36, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`
  const newPerson = (lang: Lang): Person => ({
    key: `P${++personSeq}`,
    idNumber: `${int(110000, 659000)}${int(1960, 2004)}${String(int(1, 12)).padStart(2, '0')}${String(int(1, 28)).padStart(2, '0')}${digits(3)}${pick([...'0123456789X'])}`,
    phone: phone(),
    email: `u${personSeq}_${hex(4)}@example.com`,
    deviceId: hex(16),
    ip: publicIp(),
    address: address(),
    bankAccount: rand() < 0.3 ? `62${digits(16)}` : undefined,
    name: lang === 'zh' ? zhName() : enName(),
  })
  const organicText = (lang: Lang): string => {
    const pool = pools[lang]!
    if (cursor[lang] < pool.documents.length) return pool.documents[order[lang][cursor[lang]++]!]!
    if (pool.chain) {
      const len = lang === 'zh' ? int(50, 200) : int(40, 200)
      const toks: string[] = []
      let prev = '^'
      for (let i = 0; i < len; i++) {
        const next = pool.chain.get(prev) ?? pool.chain.get('^')!
        prev = pick(next)
        toks.push(prev)
      }
      return toks.join(lang === 'zh' ? '' : ' ')
    }
    const n = int(3, 6)
    return Array.from({ length: n }, () => pick(pool.sentences)).join(lang === 'zh' ? '' : ' ')
  }
  const time = (): number => o.startMs + Math.floor(rand() * o.days * DAY)
  const emit = (lang: Lang, text: string, person: Person, at: number, truth: Omit<Truth, 'person'>, extra: Partial<ComplaintInput> = {}, identity: Partial<Person> = {}): Generated => {
    const p = { ...person, ...identity }
    const g: Generated = {
      record: {
        id: `${lang}-${++seq}`,
        text,
        submittedAt: at,
        channel: pick(['web', 'app', 'hotline', 'regulator']),
        subject: pick(subjects),
        complainant: { id: p.key, name: p.name, phone: p.phone, email: p.email, idNumber: p.idNumber, deviceId: p.deviceId, ip: p.ip, address: p.address, bankAccount: p.bankAccount },
        ...extra,
      },
      truth: { ...truth, person: person.key },
    }
    out.push(g)
    return g
  }
  const organic: Omit<Truth, 'person'> = { ring: null, kind: null, role: 'organic', duplicateOf: null }
  const langOf = (i: number): Lang => langs[i % langs.length]!

  // Organic complaints, some quoting statutes (English), some behind carrier NAT IPs.
  const natIps = Array.from({ length: 3 }, publicIp)
  for (let i = 0; i < o.organic; i++) {
    const lang = langOf(i)
    let text = organicText(lang)
    let role: Role = 'organic'
    if (lang === 'en' && rand() < o.confounders.statuteShare) {
      text = rand() < 0.5 ? `${pick(statutePassages)} ${text}` : `${text} ${pick(statutePassages)}`
      role = 'statute'
    } else if (lang === 'zh' && rand() < 0.08) {
      text = rand() < 0.5 ? `${pick(zhBoilerplate)}${text}` : `${text}${pick(zhBoilerplate)}`
      role = 'statute'
    }
    const p = newPerson(lang)
    const nat = i < o.confounders.natUsers
    emit(lang, text, p, time(), { ...organic, role: nat ? 'nat' : role }, {}, nat ? { ip: pick(natIps) } : {})
  }

  // Fan-out: one person, one text, two or three companies the same day.
  for (let i = 0; i < o.confounders.fanoutPeople; i++) {
    const lang = langOf(i)
    const p = newPerson(lang)
    const text = organicText(lang)
    const at = time()
    const first = emit(lang, text, p, at, { ...organic, role: 'fanout' })
    const targets = [...subjects].sort(() => rand() - 0.5).slice(0, int(1, 2))
    for (const [k, s] of targets.entries()) emit(lang, text, p, at + (k + 1) * 60_000, { ...organic, role: 'fanout', duplicateOf: first.record.id }, { subject: s })
  }

  // Families: two to four people at one address and home IP, own texts, sometimes the same day and demand.
  for (let i = 0; i < o.confounders.families; i++) {
    const lang = langOf(i)
    const home = { address: address(), ip: publicIp() }
    const at = time()
    const same = rand() < 0.5
    for (let k = 0, n = int(2, 4); k < n; k++) {
      const p = { ...newPerson(lang), ...home }
      emit(lang, organicText(lang), p, same ? at + k * 3_600_000 : time(), { ...organic, role: 'family' }, same ? { demand: { type: 'full_surrender' } } : {})
    }
  }

  // A genuine surge: many people, own words, one subject, one day (an outage).
  const surgeSubject = subjects[0]!
  const surgeDay = o.startMs + Math.floor(o.days * 0.7) * DAY
  for (let i = 0; i < o.confounders.surge; i++) {
    const lang = langOf(i)
    const incident = lang === 'zh' ? pick(['App从早上开始就无法登录，', '转账一直显示处理中，', '系统升级后账户余额显示错误，']) : pick(['The mobile app has been down since this morning. ', 'My transfer has been stuck as pending all day. ', 'After the system upgrade my balance shows the wrong amount. '])
    emit(lang, incident + organicText(lang), newPerson(lang), surgeDay + int(0, 20) * 3_600_000, { ...organic, role: 'surge' }, { subject: surgeSubject })
  }

  // Legal-aid clinics: one agent, unrelated clients, own texts, varied demands, spread over the year.
  for (let i = 0; i < o.confounders.clinics; i++) {
    const lang = langOf(i)
    const agent = { name: lang === 'zh' ? `${zhName()}律师` : `Attorney ${enName()}`, phone: phone(), org: lang === 'zh' ? `${pick(cities)}法律援助中心` : `${pick(enLast)} Legal Aid Clinic` }
    for (let k = 0; k < o.confounders.clinicClients; k++) {
      emit(lang, organicText(lang), newPerson(lang), time(), { ...organic, role: 'clinic' }, { agent, demand: { type: pick(['refund', 'compensation', 'apology', 'correction', 'full_surrender']), amount: int(1, 200) * 100 } })
    }
  }

  // Repeat complainants: many complaints, many subjects, own texts.
  for (let i = 0; i < o.confounders.professionals; i++) {
    const lang = langOf(i)
    const p = newPerson(lang)
    for (let k = 0, n = int(6, 12); k < n; k++) emit(lang, organicText(lang), p, time(), { ...organic, role: 'professional' }, { subject: pick(subjects), demand: { type: 'price_multiple' } })
  }

  // Rings.
  let ringSeq = 0
  for (const kind of ringKinds) {
    for (let r = 0; r < o.ringsPerKind; r++) {
      const lang = langOf(r)
      const ring = `${kind}-${++ringSeq}`
      const size = int(o.ringSize[0], o.ringSize[1])
      const truth = { ring, kind, role: 'ring' as const, duplicateOf: null }
      const subject = pick(subjects)
      const start = time()
      // A template is a full complaint: Chinese composed complaints are short, so a ring's template joins two.
      const base = lang === 'zh' ? organicText(lang) + organicText(lang) : organicText(lang)
      const agent = { name: lang === 'zh' ? `${zhName()}` : enName(), phone: phone(), org: lang === 'zh' ? `${pick(cities)}维权服务中心` : `${pick(enLast)} Consumer Advocates` }
      const devices = Array.from({ length: Math.max(1, Math.ceil(size / 3)) }, () => hex(16))
      const payee = `62${digits(16)}`
      const building = `${pick(cities)}${pick(roads)}${int(1, 999)}号${int(1, 40)}栋`
      const block = phone().slice(0, 9)
      const ringIps = Array.from({ length: 2 }, publicIp)
      const amount = pick([5000, 10000, 20000, 50000])
      for (let k = 0; k < size; k++) {
        const p = newPerson(lang)
        let text: string
        if (kind === 'identity') text = organicText(lang)
        else text = templated(lang, base, kind === 'mixed' ? 0.3 : 0.12)
        const at = kind === 'slow' ? start + Math.floor(rand() * int(90, 180) * DAY) : kind === 'text' ? start + Math.floor(rand() * int(1, 10) * DAY) : start + Math.floor(rand() * int(1, 5) * DAY)
        const identity: Partial<Person> = {}
        const extra: Partial<ComplaintInput> = { subject }
        if (kind === 'identity' || kind === 'mixed') {
          identity.deviceId = devices[k % devices.length]!
          if (rand() < 0.5) identity.bankAccount = payee
          if (rand() < 0.6) identity.address = `${building}${int(1, 6)}单元${int(1, 33)}${String(int(1, 8)).padStart(2, '0')}室`
          if (rand() < 0.6) identity.ip = pick(ringIps)
          if (rand() < 0.7) identity.phone = `${block}${digits(2)}`
          extra.demand = { type: 'compensation', amount }
        }
        if (kind === 'mixed') {
          extra.agent = agent
          extra.demand = { type: rand() < 0.7 ? 'full_surrender' : 'compensation', amount }
        }
        if (kind === 'slow' && r % 2 === 0) extra.agent = { org: agent.org }
        emit(lang, text, p, at, truth, extra, identity)
      }
    }
  }

  function templated(lang: Lang, base: string, editShare: number): string {
    // Details swapped (names, numbers, products, companies) and a share of phrase-sized chunks (about a dozen
    // words or characters) dropped or replaced by the member's own words: what a ring member does to a template.
    const chunks = chunksOf(base, lang)
    const own = chunksOf(organicText(lang), lang)
    const parts = chunks.flatMap((s) => {
      const x = rand()
      if (x < editShare / 2) return []
      if (x < editShare && own.length) return [pick(own)]
      return [s]
    })
    let text = parts.join(lang === 'zh' ? '' : ' ')
    const sameLength = (d: string): string => String(int(1, 9)) + digits(d.length - 1)
    if (lang === 'zh') {
      text = `本人${zhName()}，${text}`.replace(/\d+/g, sameLength)
      text = text.replace(new RegExp(zhProducts.join('|'), 'g'), () => pick(zhProducts))
    } else {
      text = `My name is ${enName()}, account ending ${digits(4)}. ${text}`.replace(/\{\$[\d,.]+\}/g, () => `{$${int(10, 9999)}.00}`)
      text = text.replace(new RegExp(enCompanies.join('|'), 'g'), () => pick(enCompanies))
    }
    return text
  }

  return out.sort((a, b) => a.record.submittedAt - b.record.submittedAt || (a.record.id < b.record.id ? -1 : 1))
}

/** One input line of `tianping campaigns` (snake_case contract). */
export function toJsonLine(c: ComplaintInput): string {
  const p = c.complainant
  return JSON.stringify({
    id: c.id,
    text: c.text,
    submitted_at: new Date(c.submittedAt).toISOString(),
    channel: c.channel,
    subject: c.subject,
    complainant: p && { id: p.id, name: p.name, phone: p.phone, email: p.email, id_number: p.idNumber, device_id: p.deviceId, ip: p.ip, address: p.address, bank_account: p.bankAccount },
    agent: c.agent,
    demand: c.demand,
  })
}
