// Demo data for the campaigns page: an insurance complaint agent's ring filing 全额退保 templates (names, policy
// numbers and amounts swapped; sequential SIM cards; one payee account), and a genuine surge after a mobile
// banking outage (distinct people, distinct words) that must come out as a burst alert, not a campaign.
// Complaints go through the cases module (passed in: cases imports campaigns), then a full re-cluster runs.
import type { Ctx } from '../../platform/ctx.ts'
import type { Rng } from '../../platform/random.ts'
import type { ComplaintCreate } from '../../contracts/cases.schema.ts'
import { recluster } from './campaign.service.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

type FileComplaint = (input: ComplaintCreate) => Promise<unknown>

const names = ['周海燕', '吴志强', '郑丽娟', '冯国庆', '褚晓梅', '卫建军', '蒋玉兰', '沈德胜', '韩秀云']
const products = ['鑫福年年年金保险', '金佑人生终身寿险', '福享安康两全保险']
const openings = ['本人', '投诉人', '本人']

function ringText(rng: Rng, i: number): string {
  const name = names[i]!
  const year = rng.int(2017, 2021)
  const policy = `P${rng.int(10_000_000, 99_999_999)}`
  const amount = rng.int(12, 60) * 1000
  const product = rng.pick(products)
  const opening = openings[i % openings.length]!
  return (
    `${opening}${name}，保单号${policy}，于${year}年经贵公司业务员上门推销购买${product}。业务员以"保本保息、随时可取、比存银行划算"为由诱导投保，` +
    `未告知犹豫期及退保损失，未履行如实告知义务，代签了部分投保资料，属于严重的销售误导。现要求贵公司全额退保，退还已交全部保费${amount}元。` +
    `如七个工作日内不予解决，本人将向国家金融监督管理总局及消费者协会投诉，并保留通过法律途径维权的权利。`
  )
}

const surgeTexts = [
  '手机银行一早上都登录不上，提示网络异常，工资到账了也查不到。',
  '给房东转账显示处理中，钱已经扣了，房东说没收到，着急。',
  '超市结账扫码付款一直失败，排了很久只能放弃购物。',
  '信用卡今天最后还款日，APP还款按钮点不了，会不会算逾期？',
  '理财赎回到账时间延误，客服电话占线一个多小时。',
  '转账短信验证码收不到，重试五次后账户被临时锁定。',
  '网点工作人员说系统全线故障，没有任何通知和公告。',
  '代发工资显示入账但余额没变化，请给个说法。',
  '基金定投扣款失败，错过了今天的净值，损失谁负责？',
  '跨行转账被退回还扣了手续费，要求退回手续费。',
  '手机银行闪退，重新安装也不行，老人看病急需用钱。',
  '生活缴费一直提示交易超时，燃气卡充值失败。',
  '对公账户付款失败，导致我们公司给供应商的货款逾期。',
]

const quietTexts = [
  '借记卡年费扣费前没有短信提醒。',
  '网点叫号系统太慢，等了一个多小时。',
  '信用卡分期手续费与宣传不一致。',
  '挂失补卡需要本人到开户网点办理，太麻烦。',
  '存单到期自动转存没有告知利率。',
  '客服回访态度很差，问题没有解决。',
  '账户被风控冻结，没有说明原因。',
  '外币汇款到账比承诺晚了三天。',
  '贷款提前还款收取违约金不合理。',
  '积分兑换的礼品一直没有发货。',
]

export async function seedDemoCampaigns(ctx: Ctx, rng: Rng, file: FileComplaint, progress: (m: string) => void = () => {}): Promise<number> {
  const now = ctx.clock.now().getTime()
  let made = 0
  // The ring: nine policyholders within three days, 2-4 days ago.
  const insurer = { type: 'institution' as const, ref: 'INS-DEMO-01', name: '某人寿保险股份有限公司' }
  const ringStart = now - 4 * DAY
  for (let i = 0; i < names.length; i++) {
    await file({
      kind: 'complaint', channel: i % 3 === 0 ? 'web' : 'hotline', priority: 'normal', productLine: 'life_insurance', demandType: 'full_surrender',
      demandAmountFen: rng.int(12, 60) * 100_000, category: '寿险/退保', subject: insurer,
      receivedAt: new Date(ringStart + i * 7 * HOUR + rng.int(0, 50) * 60_000).toISOString(),
      text: ringText(rng, i),
      complainants: [{
        name: names[i]!,
        phone: `1391234${String(5600 + i)}`, // sequential SIM cards bought in one batch
        idNumber: `3301061975${String(10 + i).padStart(2, '0')}01${String(2300 + i)}`,
        ...(i % 2 === 0 ? { bankAccount: '6222021234567890123' } : {}), // one payee account for the refunds
      }],
    })
    made++
  }
  // A genuine surge: ten quiet days, then a mobile-banking outage yesterday.
  const bank = { type: 'institution' as const, ref: 'BANK-DEMO-07', name: '某城市商业银行' }
  for (let d = 11; d >= 2; d--) {
    await file({
      kind: 'complaint', channel: 'hotline', priority: 'normal', productLine: 'bank_card', subject: bank,
      receivedAt: new Date(now - d * DAY - rng.int(1, 8) * HOUR).toISOString(), text: quietTexts[d - 2]!,
      complainants: [{ name: `客户${d}`, phone: `1${rng.pick(['35', '58', '86'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`, idNumber: `4403051988${String(d).padStart(2, '0')}15${String(rng.int(1000, 9999))}` }],
    })
    made++
  }
  const outage = now - DAY
  for (const [i, text] of surgeTexts.entries()) {
    await file({
      kind: 'complaint', channel: rng.pick(['app', 'hotline', 'web'] as const), priority: 'normal', productLine: 'payment', subject: bank, category: '手机银行',
      receivedAt: new Date(outage + i * 25 * 60_000).toISOString(), text,
      complainants: [{ name: `用户${i + 1}`, phone: `1${rng.pick(['37', '50', '77', '89'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`, idNumber: `5101071990${String(i + 1).padStart(2, '0')}20${String(rng.int(1000, 9999))}` }],
    })
    made++
  }
  progress('demo: campaigns: re-clustering…')
  const r = await recluster(ctx)
  progress(`demo: campaigns: ${r.campaigns} campaigns over ${r.complaints} complaints`)
  return made
}
