// Demo complaint texts told the way people write them: the same grievance in many voices. Without this
// the demo's few hundred complaints share a handful of sentences, and organized-complaint detection
// rightly groups genuine complainants into "campaigns", which is not what a demo should show.
import type { Rng } from '../../platform/random.ts'

const cities = ['杭州', '上海', '北京', '深圳', '成都', '武汉', '南京', '苏州', '西安', '长沙', '郑州', '青岛', '厦门', '合肥']
const openers: ((r: Rng) => string)[] = [
  () => '您好，',
  (r: Rng) => `我是${r.pick(cities)}的用户，`,
  (r: Rng) => `本人是贵行${r.int(3, 15)}年的老客户，`,
  () => '我想反映一个问题：',
  (r: Rng) => `${r.int(1, 12)}月${r.int(1, 28)}日，`,
  () => '作为退休职工，我对这件事非常气愤。',
  () => '实在没办法了才来投诉。',
  (r: Rng) => `上周${r.pick(['一', '二', '三', '四', '五'])}发现的情况，`,
  () => '麻烦工作人员看一下我的情况。',
  () => '我家里老人遇到这种事，代为说明一下：',
  (r: Rng) => `之前在${r.pick(['营业厅', '网点', 'APP', '官网', '客服热线'])}咨询过，`,
  () => '',
]
const contacts: ((r: Rng) => string)[] = [
  (r: Rng) => `前后打了${r.int(2, 9)}次客服电话，每次都说会有专人回电，结果没有下文。`,
  () => '在线客服一直是机器人回复，转人工排队半小时。',
  (r: Rng) => `工单号${r.int(100000, 999999)}，至今没有处理结果。`,
  () => '去现场问，工作人员互相推诿，说不归他们管。',
  (r: Rng) => `已经等了${r.int(3, 30)}天，没有任何进展。`,
  () => '客服让我自己去找对方协商，这不合理。',
  () => '对方答应三天内答复，过了一周也没消息。',
  () => '我保留了聊天记录和通话录音。',
  () => '',
  () => '',
]
const feelings: ((r: Rng) => string)[] = [
  () => '这种做法严重损害消费者权益。',
  () => '希望你们重视。',
  () => '感觉被欺骗了。',
  () => '耽误了我很多时间和精力。',
  () => '身边也有朋友遇到类似情况。',
  () => '我不是故意找麻烦，只想讨个说法。',
  () => '',
  () => '',
]
const closings: ((r: Rng) => string)[] = [
  () => '请尽快处理，谢谢。',
  (r: Rng) => `如果${r.int(3, 10)}个工作日内没有答复，我会向监管部门反映。`,
  () => '盼复。',
  () => '请给出明确的处理方案。',
  () => '希望能有一个合理的解决办法。',
  (r: Rng) => `联系时间：工作日${r.int(9, 11)}点以后。`,
  () => '请核实后回电。',
  () => '',
]

// Everyday alternatives people use for the same words, so one grievance is not one sentence.
const synonyms: [string, string[]][] = [
  ['要求', ['希望', '请求', '强烈要求', '请你们', '我要求']],
  ['退还', ['退回', '返还', '退给我', '退']],
  ['全额', ['全部', '所有']],
  ['商家', ['店家', '卖家', '这家店', '店铺']],
  ['客服', ['售后', '客服人员', '服务热线']],
  ['发现', ['才知道', '注意到', '看到']],
  ['购买', ['买了', '下单了', '购入']],
  ['拒绝', ['不同意', '不给', '拒不']],
  ['严重', ['非常', '完全', '明显']],
  ['本人', ['我', '我本人']],
  ['未告知', ['没有告诉我', '没人提醒', '从来没说过']],
  ['收取', ['扣了', '收了', '扣除']],
  ['业务员', ['销售人员', '工作人员', '理财经理']],
  ['现', ['现在', '目前', '如今']],
  ['但', ['可是', '然而', '但是']],
  ['无法', ['不能', '没办法']],
  ['尽快', ['马上', '抓紧', '尽早']],
]

/** Rewords a sentence: synonyms swapped at random, middle clauses sometimes reordered. */
export function paraphrase(rng: Rng, text: string): string {
  let out = text
  for (const [word, alts] of synonyms) {
    out = out.split(word).reduce((acc, piece, i) => (i === 0 ? piece : acc + (rng.chance(0.7) ? rng.pick(alts) : word) + piece), '')
  }
  const clauses = out.split('，')
  if (clauses.length > 3 && rng.chance(0.5)) {
    const i = rng.int(1, clauses.length - 3)
    ;[clauses[i], clauses[i + 1]] = [clauses[i + 1]!, clauses[i]!]
  }
  return clauses.join('，')
}

/** The grievance (`core`), reworded, with a personal opening, history and closing drawn at random. */
export function narrate(rng: Rng, core: string): string {
  const parts = [rng.pick(openers)(rng), paraphrase(rng, core)]
  const middle = [rng.pick(contacts)(rng), rng.pick(feelings)(rng)]
  if (rng.chance(0.5)) middle.reverse()
  parts.push(...middle, rng.pick(closings)(rng))
  return parts.filter(Boolean).join('')
}
