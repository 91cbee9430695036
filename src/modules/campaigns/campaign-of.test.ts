import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CampaignDetector } from './index.ts'

const template = (name: string, amount: number) =>
  `本人${name}在贵公司购买分红险，业务员承诺保本保息随时可退，隐瞒退保损失，属于销售误导，现要求全额退保并退还保费${amount}元，否则向监管部门投诉。`

test('campaignOf describes the one group as result() does, and is null below the minimum', () => {
  const d = new CampaignDetector()
  d.add({ id: 'x', text: '快递三天没有更新物流信息，客服一直不回复。', submittedAt: 0, complainant: { id: 'px' } })
  const a = d.add({ id: 'a', text: template('王一', 1000), submittedAt: 1, complainant: { id: 'pa' } })
  d.add({ id: 'b', text: template('李二', 2000), submittedAt: 2, complainant: { id: 'pb' } })
  assert.equal(d.campaignOf(a.doc), null, 'two complainants are not a campaign')
  d.add({ id: 'c', text: template('赵三', 3000), submittedAt: 3, complainant: { id: 'pc' } })
  const one = d.campaignOf(a.doc)
  const all = d.result().campaigns.find((c) => c.members.includes('a'))!
  assert.ok(one)
  assert.deepEqual(one.campaign.members, all.members)
  assert.equal(one.campaign.score, all.score)
  assert.deepEqual(one.campaign.reasons, all.reasons)
  assert.deepEqual(one.records.map((r) => r.id), ['a', 'b', 'c'])
})
