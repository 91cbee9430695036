import { test } from 'node:test'
import assert from 'node:assert/strict'
import { shingles, tokenize } from './core/text.ts'
import { SignatureStore } from './core/minhash.ts'
import { LshIndex } from './core/lsh.ts'
import { UnionFind } from './core/union-find.ts'
import { CountMinSketch, ShingleRarity } from './core/rarity.ts'
import { BurstDetector, poissonUpperTail } from './core/burst.ts'
import { formatDay, dayOf } from './core/days.ts'
import { linkWeight, kindBit, maskPhone, maskValue, normalizeAddress, normalizeIp, normalizePhone } from './core/identity.ts'
import { classifyDemand, DEMAND_FULL_SURRENDER, DEMAND_PRICE_MULTIPLE } from './core/demand.ts'

const jaccard = (a: Uint32Array, b: Uint32Array): number => {
  const sa = new Set(a)
  let inter = 0
  for (const x of b) if (sa.has(x)) inter++
  return inter / (sa.size + b.length - inter)
}

void test('tokenize folds numbers and CFPB masks, splits CJK into characters', () => {
  assert.equal(tokenize('订单号20240501 金额3999元').count, 8) // 订 单 号 <number> 金 额 <number> 元
  const x = [...tokenize('退款3999元').tokens.subarray(0, 4)]
  const y = [...tokenize('退款128元').tokens.subarray(0, 4)]
  assert.deepEqual(x, y)
  const m1 = [...tokenize('on XX/XX/XXXX I paid').tokens.subarray(0, 4)]
  const m2 = [...tokenize('on XXXX I paid').tokens.subarray(0, 4)]
  assert.deepEqual(m1, m2)
})

void test('shingles are distinct and sorted; full-width folds to ASCII', () => {
  const s = shingles('the cat sat the cat sat the cat sat')
  assert.equal(new Set(s).size, s.length)
  for (let i = 1; i < s.length; i++) assert.ok(s[i - 1]! < s[i]!)
  assert.deepEqual([...shingles('ＡＢＣ ｄｅｆ ｇｈｉ')], [...shingles('abc def ghi')])
})

void test('MinHash estimate tracks Jaccard for Chinese and English', () => {
  const store = new SignatureStore()
  const base = '本人于去年在贵公司购买了一份保险，业务员承诺随时可以全额退保并且收益很高，实际情况完全不同，现在要求全额退保并赔偿损失，请尽快处理。'
  const variant = base.replace('去年', '前年').replace('收益很高', '收益稳定')
  const other = '外卖送到的时候已经洒了一半，联系商家说不是他们的问题，骑手也不接电话，平台客服一直让我等待，体验非常差。'
  const texts = [base, variant, other]
  const sets = texts.map((t) => Uint32Array.from(shingles(t)))
  sets.forEach((s, i) => store.put(i, s))
  const est = store.similarity(0, 1)
  const truth = jaccard(sets[0]!, sets[1]!)
  assert.ok(Math.abs(est - truth) < 0.2, `estimate ${est} vs ${truth}`)
  assert.ok(store.similarity(0, 2) < 0.15)
  const en = ['I disputed the late payment with the bureau and they refused to investigate my claim at all.', 'I disputed the late payment with the bureau and they refused to investigate my dispute at all.']
  en.forEach((t, i) => store.put(10 + i, Uint32Array.from(shingles(t))))
  assert.ok(store.similarity(10, 11) > 0.5)
})

void test('LSH finds near duplicates incrementally and not unrelated texts', () => {
  const store = new SignatureStore()
  const lsh = new LshIndex(store)
  const template = (name: string, n: number): string =>
    `我叫${name}，于${n}月在贵平台购买的手机出现严重质量问题，商家拒绝退货，客服推诿，我要求退一赔三，否则向监管部门投诉，请尽快给出处理结果。`
  const texts = [template('张三', 3), '今天的酒店房间很干净，前台服务也很热情，下次还会再来入住。', template('李四', 5), template('王五', 7)]
  const found: number[][] = []
  texts.forEach((t, i) => {
    store.put(i, Uint32Array.from(shingles(t)))
    const c: number[] = []
    lsh.candidates(i, (o) => {
      if (store.similarity(i, o) >= 0.5) c.push(o)
    })
    lsh.insert(i)
    found.push(c)
  })
  assert.deepEqual(found[1], [])
  assert.ok(found[2]!.includes(0))
  assert.ok(found[3]!.includes(0) || found[3]!.includes(2))
  assert.ok(!found[3]!.includes(1))
})

void test('LSH keeps working after its tables grow', () => {
  const store = new SignatureStore()
  const lsh = new LshIndex(store, { expectedDocuments: 1024 })
  const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau'.split(' ')
  for (let i = 0; i < 3000; i++) {
    const t = Array.from({ length: 12 }, (_, k) => `${words[(i * 7 + k * 3) % words.length]}${(i * 31 + k) % 997}`).join(' ')
    store.put(i, Uint32Array.from(shingles(t)))
    lsh.insert(i)
  }
  const probe = 'the insurer refused my claim and the agent promised a full refund which never came'
  store.put(3000, Uint32Array.from(shingles(probe)))
  lsh.insert(3000)
  store.put(3001, Uint32Array.from(shingles(probe + ' again')))
  const c: number[] = []
  lsh.candidates(3001, (o) => c.push(o))
  assert.ok(c.includes(3000))
})

void test('union-find merges and grows', () => {
  const uf = new UnionFind(2)
  uf.ensure(9)
  uf.union(1, 2)
  uf.union(3, 2)
  uf.union(8, 9)
  assert.ok(uf.connected(1, 3))
  assert.ok(!uf.connected(1, 8))
  assert.equal(uf.sizeOf(3), 3)
  uf.union(9, 1)
  assert.equal(uf.sizeOf(8), 5)
})

void test('count-min sketch never undercounts; boilerplate cutoff scales with the corpus', () => {
  const s = new CountMinSketch(1 << 10, 2)
  for (let i = 0; i < 5000; i++) s.add(i % 700)
  for (let k = 0; k < 700; k++) assert.ok(s.estimate(k) >= Math.floor(5000 / 700))
  const r = new ShingleRarity({ maxDocShare: 0.01, minDocCount: 50 })
  for (let i = 0; i < 10_000; i++) r.addDocument(Uint32Array.of(1, 1000 + i))
  assert.equal(r.cutoff(), 100)
  assert.ok(r.isBoilerplate(1))
  assert.ok(!r.isBoilerplate(1500))
})

void test('poisson tail and burst detector alert on a surge over baseline, not on steady volume', () => {
  assert.ok(Math.abs(poissonUpperTail(1, 2) - (1 - Math.exp(-2))) < 1e-12)
  assert.ok(poissonUpperTail(30, 2) < 1e-10)
  const b = new BurstDetector({ minCount: 8 })
  for (let day = 0; day < 30; day++) for (let k = 0; k < 3; k++) b.add('steady', day)
  for (let day = 0; day < 30; day++) for (let k = 0; k < (day === 20 ? 40 : 2); k++) b.add('surge', day)
  const alerts = b.alerts()
  assert.equal(alerts.length, 1)
  assert.equal(alerts[0]!.key, 'surge')
  assert.equal(alerts[0]!.day, 20)
  assert.equal(alerts[0]!.observed, 40)
  assert.ok(alerts[0]!.expected > 1 && alerts[0]!.expected < 3)
})

void test('days: civil dates without Date', () => {
  assert.equal(formatDay(0), '1970-01-01')
  assert.equal(formatDay(19_783), '2024-03-01')
  assert.equal(formatDay(dayOf(Date.UTC(2025, 0, 31, 17), 480)), '2025-02-01')
})

void test('identity normalisation: phones, IPs, buildings with room variants', () => {
  assert.equal(normalizePhone('+86 138-0013-8000'), '13800138000')
  assert.equal(normalizePhone('00000000'), null)
  assert.deepEqual(normalizeIp('10.1.2.3'), { ip: '10.1.2.3', block: '10.1.2' })
  const a = normalizeAddress('北京市朝阳区建国路88号5号楼2单元1203室')!
  const b = normalizeAddress('北京市朝阳区建国路88号 5号楼 1单元 301')!
  const c = normalizeAddress('北京市朝阳区建国路88号5号楼2单元1203室')!
  assert.equal(a.building, b.building)
  assert.notEqual(a.unit, b.unit)
  assert.equal(a.unit, c.unit)
  assert.equal(normalizeAddress('上海市浦东新区世纪大道100')!.building, '上海市浦东新区世纪大道100')
  assert.equal(normalizeAddress('12 Main St Apt 5B')!.building, '12mainst')
  assert.equal(maskPhone('13800005678'), '138****5678')
  assert.equal(maskValue('bank_account', '6222020200112233'), '****2233')
})

void test('link weights: one strong link or two independent weak ones; a family or a clinic alone is not a ring', () => {
  const none = { demand: false, timing: false }
  const both = { demand: true, timing: true }
  assert.ok(linkWeight(kindBit.device, none) >= 1)
  assert.ok(linkWeight(kindBit.ip, none) < 1)
  assert.ok(linkWeight(kindBit.ip | kindBit.building, none) >= 1)
  assert.ok(linkWeight(kindBit.address_unit | kindBit.ip | kindBit.ip_block | kindBit.building, both) < 1, 'a family shares address and IP')
  assert.ok(linkWeight(kindBit.agent_phone | kindBit.agent_name | kindBit.agent_org, none) < 1, 'a legal-aid clinic')
  assert.ok(linkWeight(kindBit.agent_phone | kindBit.agent_name, both) >= 1, 'an agent, same demand, same days')
})

void test('demand classification from type and text', () => {
  assert.equal(classifyDemand('full_surrender', ''), DEMAND_FULL_SURRENDER)
  assert.equal(classifyDemand(undefined, '要求全额退保'), DEMAND_FULL_SURRENDER)
  assert.equal(classifyDemand(undefined, '要求退一赔三'), DEMAND_PRICE_MULTIPLE)
  assert.equal(classifyDemand('refund', '请退款'), 3)
})

void test('repeated keys: exactly the keys added twice or more', async () => {
  const { RepeatedKeys } = await import('./core/rarity.ts')
  const r = new RepeatedKeys()
  for (let i = 0; i < 200_000; i++) r.add(i * 3 + 0.5 * 2 ** 40)
  r.add(7 * 3 + 0.5 * 2 ** 40)
  r.add(2 ** 52 + 1)
  r.add(2 ** 52 + 1)
  r.add(2 ** 52 + 1)
  assert.ok(r.has(7 * 3 + 0.5 * 2 ** 40))
  assert.ok(r.has(2 ** 52 + 1))
  assert.ok(!r.has(8 * 3 + 0.5 * 2 ** 40))
  assert.ok(!r.has(12345))
  assert.throws(() => r.add(1))
})
