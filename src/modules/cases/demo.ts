// Demo cases: a few hundred realistic complaints, reports, appeals, regulator transfers and public-opinion
// items across banking, insurance and e-commerce, driven through the services (real audit rows, timelines
// and clock jobs) at their own past instants, so some are breached and some are in warning.
import type { Actor, Ctx } from '../../platform/ctx.ts'
import { permissionsOf } from '../../contracts/permissions.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Rng } from '../../platform/random.ts'
import type { ComplaintCreate } from '../../contracts/cases.schema.ts'
import type { CaseAction } from './core/transitions.ts'
import { act, completeSteps, receiveComplaint, addNote } from './case.service.ts'
import { createQueue, createRule, declareInterest, setQueueMembers } from './admin.service.ts'
import { createGrant } from './grant.service.ts'
import * as repo from './case.repo.ts'
import { playbookOf } from './case.view.ts'
import { narrate } from './demo-text.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗', '欧阳', '上官']
const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '建国', '桂英', '志强', '婷婷', '子涵']
const branches = [
  ['BR-0571-01', '杭州西湖支行'], ['BR-021-08', '上海陆家嘴支行'], ['BR-010-12', '北京朝阳支行'], ['BR-0755-03', '深圳南山支行'],
  ['BR-028-05', '成都高新支行'], ['BR-027-02', '武汉光谷支行'], ['BR-020-11', '广州天河支行'],
] as const
const insurers = [['INS-ZJ', '某寿险浙江分公司'], ['INS-SH', '某财险上海分公司'], ['INS-GD', '某健康险广东分公司'], ['INS-BJ', '某人寿北京分公司']] as const
const shops = [
  ['M-1001', '优品数码专营店'], ['M-1002', '潮流服饰旗舰店'], ['M-1003', '母婴优选官方店'], ['M-1004', '鲜果直达'], ['M-1005', '美妆小铺'],
  ['M-1006', '极速手机配件店'], ['M-1007', '名表折扣城'], ['M-1008', '家居生活馆'],
] as const
const items = ['蓝牙耳机', '运动鞋', '奶粉', '智利车厘子', '口红礼盒', '手机充电器', '机械手表', '羽绒服', '空气炸锅', '名牌手提包']
const brands = ['耐克', '兰蔻', '苹果', '飞利浦', '雅诗兰黛', '阿迪达斯', '戴森']
const regions = ['浙江省杭州市', '上海市浦东新区', '北京市朝阳区', '广东省深圳市', '四川省成都市', '湖北省武汉市', '江苏省南京市']

interface Draft {
  input: ComplaintCreate
  target: 'new' | 'triaged' | 'assigned' | 'investigating' | 'waiting' | 'proposed' | 'resolved' | 'closed' | 'escalated' | 'withdrawn' | 'on_hold' | 'duplicate'
  /** A repeat of an earlier draft: some are closed as its duplicate. */
  repeats?: Draft
  caseId?: string
}

function person(rng: Rng) {
  const name = rng.pick(surnames) + rng.pick(given)
  const phone = `1${rng.pick(['38', '39', '58', '59', '86', '87', '36', '77'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
  const birth = `${rng.int(1955, 2003)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`
  const idNumber = `${rng.pick(['330106', '310115', '110105', '440305', '510107', '420111'])}${birth}${String(rng.int(0, 999)).padStart(3, '0')}${rng.pick(['1', '3', '5', '7', 'X'])}`
  return { name, phone, idNumber, address: `${rng.pick(regions)}${rng.pick(['文三路', '人民路', '解放路', '中山路'])}${rng.int(1, 300)}号` }
}

const yuan = (rng: Rng, min: number, max: number) => rng.int(min, max)

function draft(rng: Rng, i: number, now: number, people: ReturnType<typeof person>[]): Draft {
  const roll = rng.next()
  const kind: ComplaintCreate['kind'] = roll < 0.7 ? 'complaint' : roll < 0.82 ? 'report' : roll < 0.87 ? 'appeal' : roll < 0.95 ? 'regulator_transfer' : 'public_opinion'
  const sector = kind === 'appeal' ? 'ecommerce' : rng.pick(['bank', 'bank', 'insurance', 'insurance', 'ecommerce', 'ecommerce', 'ecommerce'] as const)
  const who = person(rng)
  people.push(who)
  const r = rng.next()
  const target: Draft['target'] =
    r < 0.1 ? 'new' : r < 0.18 ? 'triaged' : r < 0.28 ? 'assigned' : r < 0.5 ? 'investigating' : r < 0.58 ? 'waiting' : r < 0.65 ? 'proposed'
      : r < 0.77 ? 'resolved' : r < 0.92 ? 'closed' : r < 0.96 ? 'escalated' : 'withdrawn'
  // finished cases are older; open ones mostly inside their clock, a few past it
  const finished = target === 'resolved' || target === 'closed' || target === 'withdrawn'
  const maxAgeHours = finished ? 40 * 24 : (sector === 'ecommerce' && kind !== 'regulator_transfer' ? 8 : 17) * 24
  const receivedAt = new Date(now - rng.int(finished ? 5 * 24 : 0, maxAgeHours) * HOUR - rng.int(0, 59) * 60_000)
  let text: string
  let productLine: ComplaintCreate['productLine']
  let demandType: ComplaintCreate['demandType']
  let amount: number | undefined
  let subject: ComplaintCreate['subject']
  let category: string
  if (sector === 'bank') {
    const [ref, name] = rng.pick(branches)
    subject = { type: 'branch', ref, name }
    amount = yuan(rng, 10, 50_000)
    const t = rng.int(0, 5)
    ;[text, productLine, demandType, category] = [
      [`我的借记卡被扣除小额账户管理费${amount % 300}元，开户时未告知收费标准，要求退还并取消收费。`, 'bank_card', 'fee_reversal', '银行卡/收费'],
      [`信用卡在未激活的情况下被收取年费${200 + (amount % 800)}元，客服称无法退还，要求全额退还年费。`, 'credit_card', 'fee_reversal', '信用卡/年费'],
      [`本人在${name}购买的理财产品，销售人员承诺保本保收益，现亏损${amount}元，要求赔偿本金损失。`, 'wealth_management', 'compensation', '理财/销售误导'],
      [`信用卡分期手续费实际年化利率远高于宣传的费率，要求说明计算方式并退还多收的${amount % 5000}元。`, 'credit_card', 'fee_reversal', '信用卡/分期'],
      ['银行卡被冻结无法使用，柜台未说明原因，影响工资到账和房贷还款，要求尽快解冻并书面说明。', 'bank_card', 'explanation', '银行卡/冻结'],
      [`提前还款被收取违约金${amount % 20_000}元，贷款合同中未明确约定该费用，要求退还。`, 'loan', 'refund', '贷款/提前还款'],
    ][t] as [string, ComplaintCreate['productLine'], ComplaintCreate['demandType'], string]
  } else if (sector === 'insurance') {
    const [ref, name] = rng.pick(insurers)
    subject = { type: 'institution', ref, name }
    amount = yuan(rng, 2_000, 200_000)
    const year = rng.int(2015, 2024)
    const t = rng.int(0, 3)
    ;[text, productLine, demandType, category] = [
      [`${year}年在银行柜台办理存款时被推荐购买分红险，业务员未说明是保险产品和退保损失，现要求全额退保，退还已交保费${amount}元。`, 'life_insurance', 'full_surrender', '寿险/退保'],
      [`住院理赔申请被拒，理由是既往症，但投保时业务员未询问健康状况，要求按合同赔付医疗费用${amount % 80_000}元。`, 'health_insurance', 'compensation', '健康险/理赔'],
      [`车辆出险后定损金额仅${amount % 9000}元，维修厂实际报价远高于此，要求重新定损。`, 'auto_insurance', 'compensation', '车险/定损'],
      [`家财险理赔拖延超过两个月，多次催问无果，要求尽快结案赔付${amount % 30_000}元。`, 'property_insurance', 'compensation', '财产险/理赔时效'],
    ][t] as [string, ComplaintCreate['productLine'], ComplaintCreate['demandType'], string]
  } else {
    const [ref, name] = rng.pick(shops)
    subject = { type: 'merchant', ref, name }
    amount = yuan(rng, 20, 8_000)
    const item = rng.pick(items)
    const order = `${rng.int(2026_0100, 2026_0399)}${String(rng.int(0, 999_999)).padStart(6, '0')}`
    const t = rng.int(0, 3)
    ;[text, productLine, demandType, category] = [
      [`在${name}购买的${item}收到后发现是假货，做工粗糙无防伪码，商家拒绝退款，要求退一赔三。`, 'goods', 'compensation', '电商/假冒商品'],
      [`订单${order}物流显示已签收，但本人实际未收到货物，快递称已放代收点，商家不予处理，要求退款${amount}元。`, 'logistics', 'refund', '电商/物流'],
      [`申请七天无理由退货被商家拒绝，称${item}已拆封影响二次销售，但商品详情页未作说明。`, 'goods', 'refund', '电商/退货'],
      [`商品页面宣传与实物严重不符，${item}的材质和尺寸均与描述不一致，要求退货退款${amount}元。`, 'goods', 'refund', '电商/描述不符'],
    ][t] as [string, ComplaintCreate['productLine'], ComplaintCreate['demandType'], string]
  }
  text = narrate(rng, text)
  const channel = rng.pick(['web', 'hotline', 'app', 'app', 'email', 'api'] as const)
  const input: ComplaintCreate = {
    kind, channel, text, category, productLine, demandType, demandAmountFen: amount === undefined ? undefined : amount * 100,
    priority: rng.pick(['normal', 'normal', 'normal', 'high', 'low', 'urgent'] as const), region: rng.pick(regions), subject,
    complainants: [{ ...who, phone: who.phone, idNumber: sector === 'ecommerce' ? undefined : who.idNumber }],
    receivedAt: receivedAt.toISOString(), source: channel === 'api' ? 'partner-app' : undefined, externalId: channel === 'api' ? `PA-${100_000 + i}` : undefined,
  }
  if (kind === 'report') {
    const [ref, name] = rng.pick(shops)
    Object.assign(input, {
      complainants: [], channel: 'web', category: '举报/假冒伪劣', demandType: undefined, demandAmountFen: undefined, productLine: 'marketplace',
      subject: { type: 'merchant', ref, name },
      text: narrate(rng, rng.pick([
        `举报${name}销售高仿${rng.pick(brands)}商品，价格远低于正品，详情页使用“原单”“复刻”等字样规避审核。`,
        `举报${name}组织刷单，近一周好评多为同一模板，晒图重复使用。`,
        `举报${name}客服引导买家加微信私下交易，绕开平台担保。`,
      ])),
    })
  } else if (kind === 'appeal') {
    Object.assign(input, {
      category: '申诉/商品下架', demandType: 'other',
      text: narrate(rng, `本店商品“${rng.pick(items)}”被判定为假冒已下架，现提交品牌授权书和进货发票申诉，请求复核并恢复上架。`),
    })
  } else if (kind === 'regulator_transfer') {
    const ref = `${sector === 'ecommerce' ? '12315' : '12378'}-${receivedAt.getUTCFullYear()}-${String(10_000 + i).padStart(5, '0')}`
    Object.assign(input, {
      channel: 'regulator', source: sector === 'ecommerce' ? '12315' : '12378', externalId: ref,
      regulator: { reference: ref, dueAt: new Date(receivedAt.getTime() + rng.int(7, 20) * DAY).toISOString() },
    })
  } else if (kind === 'public_opinion') {
    Object.assign(input, {
      complainants: [], channel: 'web', category: '舆情/社交媒体', demandType: undefined, demandAmountFen: undefined,
      text: `${rng.pick(['微博', '抖音', '小红书', '知乎', '黑猫投诉'])}用户发帖称${input.subject.name}工作人员${rng.pick(['服务态度恶劣、推诿处理', '拖延理赔、态度冷漠', '诱导消费、拒不退款', '泄露客户信息'])}，${rng.pick(['转发量', '阅读量', '评论数'])}已超过${rng.int(200, 20_000)}，需核实并回应。`,
    })
  }
  return { input, target }
}

const plan: Record<Draft['target'], CaseAction[]> = {
  new: [], triaged: ['triage'], assigned: ['triage', 'assign'], investigating: ['triage', 'assign', 'start'],
  waiting: ['triage', 'assign', 'start', 'wait'], proposed: ['triage', 'assign', 'start', 'propose'],
  resolved: ['triage', 'assign', 'start', 'propose', 'resolve'], closed: ['triage', 'assign', 'start', 'propose', 'resolve', 'close'],
  escalated: ['triage', 'assign', 'start', 'escalate'], withdrawn: ['triage', 'withdraw'],
  on_hold: ['triage', 'assign', 'start', 'hold'], duplicate: ['close_duplicate'],
}

class StepClock implements Clock {
  t = 0
  now(): Date {
    return new Date(this.t)
  }
}

export async function seedDemoCases(base: Ctx, rng: Rng, progress: (m: string) => void = () => {}, count = 300): Promise<number> {
  const now = base.clock.now().getTime()
  const clock = new StepClock()
  clock.t = now - 41 * DAY
  const ctx: Ctx = { ...base, clock }
  const queueIds: Record<string, string> = {}
  for (const [key, name, description] of [
    ['bank', '银行卡与信用卡', '借记卡、信用卡、贷款、理财投诉'], ['insurance', '保险投诉', '退保、理赔、销售误导'],
    ['ecommerce', '电商售后', '退款、物流、假冒商品'], ['report', '举报受理', '匿名与实名举报'], ['regulator', '监管转办', '12378、12315 转办件'],
  ] as const) {
    const existing = await repo.queueByName(base.db, name)
    queueIds[key] = existing?.id ?? (await createQueue(ctx, { name, description, ...(key === 'regulator' ? { minPriority: 'high' as const } : {}) })).id
  }
  const handlerIds = (await repo.usersWithRole(base.db, 'handler')).map((u) => u.id)
  if (handlerIds[0]) await declareInterest(ctx, { userId: handlerIds[0], subjectRef: 'BR-0571-01', reason: '配偶在杭州西湖支行任职（回避）' })
  if (handlerIds.length >= 2) {
    await setQueueMembers(ctx, queueIds.bank!, handlerIds.slice(0, 2))
    await setQueueMembers(ctx, queueIds.insurance!, handlerIds.slice(1))
    await setQueueMembers(ctx, queueIds.ecommerce!, handlerIds)
    // Handlers see only their queues' cases (scope.ts): reports and transfers are everyone's work, as before
    // (an empty queue assigned among all handlers, least loaded: the same choice as now).
    await setQueueMembers(ctx, queueIds.report!, handlerIds)
    await setQueueMembers(ctx, queueIds.regulator!, handlerIds)
  }
  for (const [position, name, match, key] of [
    [10, '监管转办件', { kind: 'regulator_transfer' }, 'regulator'], [20, '举报', { kind: 'report' }, 'report'],
    [30, '银行业务', { sector: 'bank' }, 'bank'], [40, '保险业务', { sector: 'insurance' }, 'insurance'], [50, '电商售后', { sector: 'ecommerce' }, 'ecommerce'],
  ] as const) {
    await createRule(ctx, { position, name, match, queueId: queueIds[key]! })
  }

  const people: ReturnType<typeof person>[] = []
  const drafts: Draft[] = []
  for (let i = 0; i < count; i++) {
    const earlier = drafts.filter((d) => d.input.kind === 'complaint' && !d.input.externalId && !d.repeats).slice(-8)
    if (earlier.length && rng.chance(1 / 15)) {
      // the same complainant comes back about the same matter a few days later: a duplicate to link, and
      // half of them already closed as the duplicate they are
      const prior = rng.pick(earlier)
      const at = Math.min(now - HOUR, Date.parse(prior.input.receivedAt!) + rng.int(1, 10) * DAY)
      const input = { ...prior.input, channel: 'hotline' as const, text: `再次来电：${prior.input.text}`, receivedAt: new Date(at).toISOString() }
      drafts.push({ input, target: rng.chance(0.5) ? 'duplicate' : 'new', repeats: prior })
    } else {
      const d = draft(rng, i, now, people)
      // some investigations are parked (挂起) awaiting an outside ruling or appraisal
      if (d.target === 'investigating' && rng.chance(0.2)) d.target = 'on_hold'
      drafts.push(d)
    }
  }
  drafts.sort((a, b) => Date.parse(a.input.receivedAt!) - Date.parse(b.input.receivedAt!))
  let made = 0
  const batch = 25
  // Staff do the work, as they would: the supervisor triages, assigns and escalates; the assignee handles.
  const supervisor = (await repo.usersWithRole(base.db, 'supervisor'))[0]
  const asUser = (u: repo.UserRef): Actor => ({ kind: 'user', id: u.id, name: u.username, userId: u.id, roles: u.roles, permissions: permissionsOf(u.roles) })
  const users = new Map<string, repo.UserRef>()
  const supervisorActions = new Set<CaseAction>(['triage', 'assign', 'escalate', 'withdraw', 'close_duplicate'])
  for (let start = 0; start < drafts.length; start += batch) {
    await base.db.transaction().execute(async (tx) => {
      const tctx: Ctx = { ...ctx, tx }
      for (const d of drafts.slice(start, start + batch)) {
        const received = Date.parse(d.input.receivedAt!)
        clock.t = received
        const c = await receiveComplaint(tctx, d.input)
        d.caseId = c.id
        const row = await repo.find(tx, c.id)
        const sector = row!.sector
        const queueKey = d.input.kind === 'report' ? 'report' : d.input.kind === 'regulator_transfer' ? 'regulator' : sector
        // each later step happens some hours after the previous one, never in the future
        const step = (maxHours: number) => {
          clock.t = Math.min(now - 60_000, clock.t + rng.int(1, maxHours) * HOUR)
        }
        let assigneeId: string | null = null
        for (const action of plan[d.target]) {
          step(action === 'resolve' ? 72 : 30)
          const doer = !supervisorActions.has(action) && assigneeId ? users.get(assigneeId) : supervisor
          const actx: Ctx = doer ? { ...tctx, actor: asUser(doer) } : tctx
          if (action === 'resolve') {
            await completeSteps(actx, c.id, playbookOf(row!).steps.filter((x) => x.requiredBefore === 'resolve' && !x.optional).map((x) => x.id))
          }
          if (action === 'close') {
            await completeSteps(actx, c.id, playbookOf(row!).steps.filter((x) => x.requiredBefore === 'close' && !x.optional).map((x) => x.id))
          }
          if (action === 'triage' && rng.chance(0.9)) await addNote(actx, c.id, 'external', '您好，您的诉求已受理，我们将尽快核实处理。')
          if (action === 'propose') await addNote(actx, c.id, 'external', '您好，经核实，我们拟提出如下处理方案，请您确认。')
          const body =
            action === 'triage' ? { queueId: queueIds[queueKey] }
              : action === 'resolve' ? { outcome: rng.pick(['upheld', 'partially_upheld', 'not_upheld', 'settled'] as const) }
                : action === 'escalate' ? { body: rng.pick(['supervisor', 'mediation', 'regulator'] as const), reference: `ESC-${rng.int(1000, 9999)}` }
                  : action === 'wait' ? { waitingOn: rng.pick(['complainant', 'third_party'] as const), note: '请补充交易凭证或相关截图' }
                    : action === 'withdraw' ? { reason: '投诉人表示已与机构协商解决，撤回投诉' }
                      : action === 'hold' ? { reason: rng.pick(['等待法院判决', '等待第三方司法鉴定结论', '等待保险公估报告']), until: new Date(now + rng.int(3, 20) * DAY).toISOString() }
                        : action === 'close_duplicate' ? { duplicateOf: d.repeats!.caseId!, note: '同一投诉人就同一事项再次来电，并入原工单处理' }
                          : {}
          try {
            const after = await act(actx, c.id, action, body)
            if (after.assigneeId && !users.has(after.assigneeId)) {
              const u = await repo.user(tx, after.assigneeId)
              if (u) users.set(u.id, u)
            }
            assigneeId = after.assigneeId
          } catch (e) {
            // a recused or missing handler: leave the case where it is, as happens in real queues
            if ((e as { code?: string }).code === 'cases.no_eligible_handler') break
            throw e
          }
        }
        made++
      }
    })
    progress(`demo: cases ${Math.min(start + batch, drafts.length)}/${drafts.length}`)
  }
  // The demo regulator (if seeded) may read five regulator transfers for a month: the redacted view.
  const regulator = (await repo.usersWithRole(base.db, 'regulator'))[0]
  const transfers = drafts.filter((d) => d.input.kind === 'regulator_transfer' && d.caseId).slice(-5).map((d) => d.caseId!)
  if (regulator && transfers.length) {
    await createGrant(base, { granteeId: regulator.id, caseIds: transfers, purpose: '监管调阅：2026 年第四季度投诉处理情况抽查', expiresAt: new Date(now + 30 * DAY).toISOString() })
  }
  return made
}
