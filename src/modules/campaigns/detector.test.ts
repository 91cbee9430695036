import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CampaignDetector, detect, type ComplaintInput } from './core/detector.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2025, 2, 1, 2)

/** Deterministic filler text: distinct per seed, no shared phrasing beyond chance. */
function organic(seed: number, len = 60): string {
  let x = seed * 2654435761 + 12345
  let s = ''
  for (let i = 0; i < len; i++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 0x9e3779b9) >>> 0
    s += String.fromCharCode(0x4e00 + (x % 3000))
  }
  return s
}

const template = (name: string, product: string, amount: number): string =>
  `本人${name}于今年在贵公司通过业务员购买了${product}，业务员承诺保本高收益并可随时全额退保，实际合同条款与宣传严重不符，存在销售误导，` +
  `现要求贵公司全额退还已交保费${amount}元并赔偿利息损失，如不处理将向银保监会投诉并申请仲裁，请于十五日内答复。`

function c(id: string, text: string, day: number, extra: Partial<ComplaintInput> = {}): ComplaintInput {
  return { id, text, submittedAt: T0 + day * DAY, ...extra }
}

void test('a template filed by four people is one campaign with a text reason', () => {
  const rows = [
    c('r1', template('张伟', '鑫福年金保险', 50000), 0, { complainant: { idNumber: '110101199001011111' } }),
    c('r2', template('李娜', '金福人生两全保险', 32000), 1, { complainant: { idNumber: '110101199001012222' } }),
    c('r3', template('王强', '鑫福年金保险', 18000), 1, { complainant: { idNumber: '110101199001013333' } }),
    c('r4', template('赵敏', '安康终身寿险', 76000), 2, { complainant: { idNumber: '110101199001014444' } }),
    ...Array.from({ length: 20 }, (_, i) => c(`o${i}`, organic(i), i % 5, { complainant: { id: `u${i}` } })),
  ]
  const res = detect(rows)
  const ring = res.records.filter((r) => r.campaignId)
  assert.deepEqual(ring.map((r) => r.id).sort(), ['r1', 'r2', 'r3', 'r4'])
  assert.equal(res.campaigns.length, 1)
  const camp = res.campaigns[0]!
  assert.equal(camp.complainants, 4)
  assert.ok(camp.score > 0.5, `score ${camp.score}`)
  assert.ok(camp.reasons.some((x) => /share a template/.test(x)))
  assert.ok(camp.reasons.some((x) => /full surrender/.test(x)))
  assert.ok(ring[0]!.reasons.some((x) => /^text \d+ % similar to 3 other complaints filed within \d+ days?$/.test(x)), ring[0]!.reasons.join('|'))
  for (const r of res.records.filter((r) => r.id.startsWith('o'))) assert.equal(r.campaignId, null)
})

void test('one complainant fanning out to three companies is duplicate_of the first, not a campaign', () => {
  const text = template('陈静', '鑫福年金保险', 60000)
  const rows = [
    c('f2', text, 0.2, { subject: 'B保险', complainant: { idNumber: '3201' } }),
    c('f1', text, 0.1, { subject: 'A保险', complainant: { idNumber: '3201' } }),
    c('f3', text, 0.3, { subject: 'C保险', complainant: { idNumber: '3201' } }),
  ]
  const res = detect(rows)
  assert.equal(res.campaigns.length, 0)
  const byId = new Map(res.records.map((r) => [r.id, r]))
  assert.equal(byId.get('f1')!.duplicateOf, null)
  assert.equal(byId.get('f2')!.duplicateOf, 'f1')
  assert.equal(byId.get('f3')!.duplicateOf, 'f1')
  assert.ok(res.records.every((r) => r.campaignId === null))
})

void test('an identity ring sharing devices and a payee account is a campaign with masked reasons', () => {
  const rows = Array.from({ length: 5 }, (_, i) =>
    c(`d${i}`, organic(100 + i), i * 10, {
      complainant: { idNumber: `4401${i}`, phone: `1380000${String(5670 + i)}`, deviceId: i < 3 ? 'dev-aaaa-1111' : 'dev-bbbb-2222', bankAccount: i % 2 ? '6222020200112233' : undefined },
    }),
  )
  // d3, d4 share a device; d0..d2 share another; the bank account joins d1 and d3: one ring.
  const res = detect(rows)
  assert.equal(res.campaigns.length, 1)
  assert.equal(res.campaigns[0]!.complainants, 5)
  const all = res.campaigns[0]!.reasons.join('\n')
  assert.match(all, /share bank account \*\*\*\*2233/)
  assert.match(all, /share device id/)
  assert.doesNotMatch(all, /6222020200112233|13800005670/)
})

void test('a family at one address and a carrier NAT IP make no ring', () => {
  const family = Array.from({ length: 4 }, (_, i) =>
    c(`fam${i}`, organic(200 + i), 0, { complainant: { idNumber: `5101${i}`, address: '成都市武侯区天府大道100号3栋2单元501室', ip: '171.22.3.4' }, demand: { type: 'full_surrender' } }),
  )
  const nat = Array.from({ length: 60 }, (_, i) => c(`nat${i}`, organic(300 + i), i % 3, { complainant: { id: `n${i}`, ip: '36.110.1.1' } }))
  const res = detect([...family, ...nat])
  assert.equal(res.campaigns.length, 0)
  assert.ok(res.records.every((r) => r.campaignId === null))
})

void test('a legal-aid clinic representing unrelated clients is not a campaign; an agent ring with one demand in days is', () => {
  const clinic = Array.from({ length: 8 }, (_, i) =>
    c(`cl${i}`, organic(400 + i), i * 20, {
      complainant: { id: `cl${i}` },
      agent: { name: '刘律师', phone: '13912345678', org: '某某法律援助中心' },
      demand: { type: ['refund', 'compensation', 'apology', 'repair'][i % 4], amount: 1000 + i * 137 },
    }),
  )
  const agentRing = Array.from({ length: 6 }, (_, i) =>
    c(`ag${i}`, organic(500 + i), 40 + i * 0.3, {
      complainant: { id: `ag${i}` },
      agent: { name: '周经理', phone: '13600001111' },
      demand: { type: 'full_surrender' },
    }),
  )
  const res = detect([...clinic, ...agentRing])
  const flagged = res.records.filter((r) => r.campaignId).map((r) => r.id)
  assert.deepEqual(flagged.sort(), agentRing.map((r) => r.id).sort())
  assert.match(res.campaigns[0]!.reasons.join('\n'), /6 complainants share agent phone 136\*\*\*\*1111/)
})

void test('a genuine surge is a burst alert, not a campaign', () => {
  const rows: ComplaintInput[] = []
  let k = 0
  for (let day = 0; day < 30; day++) {
    const n = day === 25 ? 60 : 2
    for (let i = 0; i < n; i++) rows.push(c(`s${k}`, organic(1000 + k++), day + i / 1000, { subject: '某银行App', complainant: { id: `p${k}` } }))
  }
  const res = detect(rows)
  assert.equal(res.campaigns.length, 0)
  assert.equal(res.bursts.length, 1)
  const b = res.bursts[0]!
  assert.equal(b.subject, '某银行App')
  assert.equal(b.observed, 60)
  assert.ok(b.expected < 5)
  const during = res.records.filter((r) => r.reasons.some((x) => x.startsWith('filed during a burst')))
  assert.equal(during.length, 60)
})

void test('incremental: a new template complaint joins the existing group at once', () => {
  const d = new CampaignDetector()
  d.add(c('a', template('张伟', '鑫福年金保险', 50000), 0, { complainant: { id: 'a' } }))
  d.add(c('b', template('李娜', '金福人生两全保险', 32000), 1, { complainant: { id: 'b' } }))
  assert.equal(d.result().campaigns.length, 0)
  const added = d.add(c('x', template('王强', '安康终身寿险', 18000), 2, { complainant: { id: 'x' } }))
  assert.ok(added.textMatches >= 1)
  assert.equal(added.groupSize, 3)
  const res = d.result()
  assert.equal(res.campaigns.length, 1)
  assert.deepEqual(res.campaigns[0]!.members, ['a', 'b', 'x'])
})

void test('boilerplate shared by most complaints does not link them; a bare copy of it does', () => {
  const law = '根据《中华人民共和国消费者权益保护法》第五十五条规定，经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为消费者购买商品的价款或者接受服务的费用的三倍。'
  // The statute is about two thirds of each complaint; the rest is the complainant's own words.
  const rows = Array.from({ length: 400 }, (_, i) => c(`b${i}`, `${law}${organic(2000 + i, 35)}`, i % 30, { complainant: { id: `b${i}` } }))
  const res = detect(rows, { boilerplate: { maxDocShare: 0.05, minDocCount: 20 } })
  assert.equal(res.campaigns.length, 0)
  // Without suppression or rarity weights the quoted statute alone would join them.
  const raw = detect(rows, { boilerplate: { maxDocShare: 1, minDocCount: 1e9, commonMinDocCount: 1e9 } })
  assert.ok(raw.campaigns.length > 0)
  // Complaints that are nothing but the statute (≥ 75 % boilerplate) are copies of one text: a template.
  const bare = Array.from({ length: 4 }, (_, i) => c(`x${i}`, `${law}${organic(3000 + i, 8)}`, 3, { complainant: { id: `x${i}` } }))
  const mixed = detect([...rows, ...bare], { boilerplate: { maxDocShare: 0.05, minDocCount: 20 } })
  assert.equal(mixed.campaigns.length, 1)
  assert.deepEqual(mixed.campaigns[0]!.members.slice().sort(), ['x0', 'x1', 'x2', 'x3'])
})
