import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint } from '../support/cases.ts'
import { runDueJobs } from '../../src/platform/jobs.ts'
import { jobHandlers } from '../../src/cli/job-registry.ts'
import * as campaigns from '../../src/modules/campaigns/index.ts'

let env: TestEnv
let handler: LoginHeaders
let supervisor: LoginHeaders
before(async () => {
  env = await testEnv()
  handler = await env.login('handler')
  supervisor = await env.login('supervisor')
})
after(() => env.close())

const get = (url: string, headers: Record<string, string>) => env.app.inject({ method: 'GET', url, headers })
const post = (url: string, headers: Record<string, string>, payload: object = {}) => env.app.inject({ method: 'POST', url, headers, payload })
const runJobs = () => runDueJobs(env.services, jobHandlers, { limit: 500 })

// An agent's 全额退保 template with the personal details swapped.
const surrender = (name: string, year: number, amount: number, product: string) =>
  `本人${name}于${year}年在贵公司业务员推荐下购买了${product}，业务员承诺保本保息随时可以退，隐瞒了犹豫期和退保损失，` +
  `属于销售误导，现要求贵公司全额退保并退还已交保费${amount}元，如十五日内不予处理将向金融监管部门投诉并向媒体反映。`
const people = [
  { name: '王建国', phone: '13700001111', idNumber: '330106198001011111' },
  { name: '李秀英', phone: '13911112222', idNumber: '310115197502022222' },
  { name: '赵德明', phone: '15822223333', idNumber: '440305198803033333' },
  { name: '陈美华', phone: '18633334444', idNumber: '510107199004044444' },
]
const insurer = { type: 'institution', ref: 'INS-001', name: '某人寿保险股份有限公司' }

test('3 templated complaints from distinct complainants, through intake and the ingest job, make a campaign with reasons', async () => {
  const ids: string[] = []
  const filed: { status: string; priority: unknown }[] = []
  for (const [i, p] of people.slice(0, 3).entries()) {
    const c = await fileComplaint(env, handler, {
      productLine: 'life_insurance', demandType: 'full_surrender', subject: insurer,
      text: surrender(p.name, 2019 + i, 36_000 + i * 1500, ['鑫享人生分红险', '金福年金险', '安康两全险'][i]!),
      complainants: [p],
    })
    ids.push(c.id)
    filed.push({ status: c.status, priority: c.priority })
  }
  const queued = await env.database.db.selectFrom('job').select(['kind', 'status']).where('kind', '=', campaigns.INGEST_JOB).execute()
  assert.equal(queued.length, 3, 'intake enqueued one ingest job per complaint')
  assert.equal(await env.database.db.selectFrom('campaign').select('id').executeTakeFirst(), undefined, 'nothing before the jobs run')
  // only the campaign jobs: whatever they change on a case is theirs (triage may rightly change priority)
  await runDueJobs(env.services, campaigns.campaignJobHandlers)

  const list = await get('/api/v1/campaigns', handler)
  assert.equal(list.statusCode, 200, list.body)
  const items = list.json().items
  assert.equal(items.length, 1)
  assert.equal(items[0].members, 3)
  assert.equal(items[0].complainants, 3)
  assert.equal(items[0].status, 'open')
  assert.ok(items[0].score > 0.3, `score ${items[0].score}`)
  assert.equal(items[0].growth7d, 3)

  const detail = (await get(`/api/v1/campaigns/${items[0].id}`, handler)).json()
  assert.ok(detail.reasons.some((r: string) => /share a template/.test(r)), detail.reasons.join('\n'))
  assert.ok(detail.reasons.some((r: string) => /全额退保/.test(r)), detail.reasons.join('\n'))
  assert.deepEqual(new Set(detail.members.map((m: { caseId: string }) => m.caseId)), new Set(ids))
  assert.ok(detail.members.every((m: { similarity: number; number: string }) => m.similarity > 0.3 && /^TP-/.test(m.number)))
  assert.ok(detail.template.text.includes('全额退保'))
  assert.ok(detail.graph.nodes.some((n: { kind: string }) => n.kind === 'template'))
  assert.ok(!JSON.stringify(detail).includes('13700001111'), 'no raw phone in the campaign')

  // the case carries the link; detection did not touch status or priority, nor wrote on the case's audit trail
  const c0 = (await get(`/api/v1/cases/${ids[0]}`, handler)).json()
  assert.equal(c0.campaignId, items[0].id)
  assert.deepEqual({ status: c0.status, priority: c0.priority }, filed[0])
  // the complainant profile is fed by the same data
  const profile = (await get(`/api/v1/cases/${ids[0]}/profile`, handler)).json()
  assert.deepEqual(profile.complainants[0].campaigns, { [items[0].id]: 1 })
  assert.deepEqual(await env.auditActions(ids[0]), ['case.received'])
  await runJobs()
  assert.deepEqual(await env.auditActions(items[0].id), ['campaign.opened'])

  // a fourth joins the same campaign
  await fileComplaint(env, handler, {
    productLine: 'life_insurance', demandType: 'full_surrender', subject: insurer, text: surrender(people[3]!.name, 2022, 41_000, '福满堂终身寿险'), complainants: [people[3]],
  })
  await runJobs()
  const again = (await get(`/api/v1/campaigns/${items[0].id}`, handler)).json()
  assert.equal(again.members.length, 4)
  assert.deepEqual(await env.auditActions(items[0].id), ['campaign.opened', 'campaign.member_added'])
  assert.deepEqual(again.history.map((h: { event: string }) => h.event), ['opened', 'member_added'])
})

test('the same complainant repeating a text is not a campaign', async () => {
  const before = (await get('/api/v1/campaigns', handler)).json().items.length
  const me = { name: '孙立平', phone: '13566667777', idNumber: '420111198506065555' }
  for (const [i, bank] of ['某银行杭州分行', '某银行上海分行', '某银行深圳分行'].entries()) {
    await fileComplaint(env, handler, {
      subject: { type: 'branch', ref: `BR-${i}`, name: bank },
      text: `信用卡中心未经本人同意擅自调低我的信用额度并收取分期手续费共计2380元，多次致电客服均推诿，请求退还全部手续费并恢复额度，第${i + 1}次反映。`,
      complainants: [me],
    })
  }
  await runJobs()
  assert.equal((await get('/api/v1/campaigns', handler)).json().items.length, before)
})

const surgeTexts = [
  '手机银行转账一直显示处理中，钱扣了对方没收到，急用。',
  '今天上午登录APP闪退三次，工资卡查不了余额。',
  '刷卡买菜被拒，柜员说系统维护，为什么没有提前通知？',
  'ATM取款吐不出钞票但是账户少了两千，请尽快核实。',
  '房贷自动扣款失败，担心影响征信记录，要求出具说明。',
  '网银付款页面卡住，重复支付了一笔学费，要求退回多付的钱。',
  '信用卡还款显示成功但账单仍然提示逾期，请修正。',
  '客服电话排队一个半小时没人接听，服务太差。',
  '基金定投今天没有扣款，错过了净值，损失谁承担？',
  '扫码支付失败商家不给货，这已经是本周第二次。',
  '短信验证码一直收不到，无法办理任何业务。',
  '理财到期资金没有按时回到活期账户，请说明原因。',
]

// Ordinary complaints in ordinary words (templated text from distinct people would rightly be a campaign).
const quietTexts = [
  '年费明明说首年免收，结果第二个月就扣了。',
  '每个月被收短信提醒费，我从来没有开通过。',
  '挂失补卡收了工本费，柜台也没有告知。',
  '转账限额突然降低，影响我给供应商付款。',
  '存款利率调整没有任何通知，到期才发现。',
  '网点只开一个窗口，老人排了两个小时。',
  '注销账户要求本人回开户地办理，太不方便。',
  '信用卡积分没有提醒就过期清零了。',
  '重置密码反复验证失败，账户被冻结。',
  '外币兑换汇率和页面显示的不一致。',
]
// Scattered numbers: sequential ones (one SIM batch) are a ring signal of their own.
const phoneOf = (i: number) => `1${['35', '37', '39', '50', '52', '58', '66', '77', '86', '89'][i % 10]}${String((i * 7_919_333 + 1_234_567) % 100_000_000).padStart(8, '0')}`

test('a genuine surge (distinct people, distinct words, one subject) is a burst alert, not a campaign', async () => {
  const bank = { type: 'institution', ref: 'BANK-9', name: '某城市商业银行' }
  const campaignsBefore = (await get('/api/v1/campaigns', handler)).json().items.length
  // ten quiet days: one complaint a day
  for (let d = 10; d >= 1; d--) {
    await fileComplaint(env, handler, {
      subject: bank, receivedAt: new Date(env.clock.now().getTime() - d * 86_400_000).toISOString(),
      text: quietTexts[d - 1]!,
      complainants: [{ name: `客户${d}`, phone: phoneOf(d), idNumber: `11010519900101${String(1000 + d)}` }],
    })
  }
  await runJobs()
  assert.equal((await get('/api/v1/burst-alerts', handler)).json().items.length, 0)
  for (const [i, text] of surgeTexts.entries()) {
    await fileComplaint(env, handler, {
      subject: bank, text, complainants: [{ name: `用户${i}`, phone: phoneOf(100 + i), idNumber: `31011519850101${String(2000 + i)}` }],
    })
  }
  await runJobs()
  const alerts = (await get('/api/v1/burst-alerts', handler)).json().items
  const mine = alerts.filter((a: { key: string }) => a.key === 'subject:某城市商业银行')
  assert.equal(mine.length, 1, JSON.stringify(alerts))
  assert.equal(mine[0].observed, surgeTexts.length)
  assert.ok(mine[0].expected < 2)
  assert.equal(mine[0].status, 'open')
  assert.deepEqual(await env.auditActions(mine[0].id), ['burst.alerted'])
  assert.equal((await get('/api/v1/campaigns', handler)).json().items.length, campaignsBefore, 'no campaign from a surge')

  assert.equal((await post(`/api/v1/burst-alerts/${mine[0].id}/ack`, handler)).statusCode, 403)
  const ack = await post(`/api/v1/burst-alerts/${mine[0].id}/ack`, supervisor)
  assert.equal(ack.statusCode, 200, ack.body)
  assert.equal(ack.json().status, 'acknowledged')
})

test('confirm and dismiss: campaigns:manage only, reason required, audited, feedback stored', async () => {
  const [c] = (await get('/api/v1/campaigns', handler)).json().items
  assert.equal((await post(`/api/v1/campaigns/${c.id}/confirm`, handler, { reason: '同一代理' })).statusCode, 403)
  assert.equal((await post(`/api/v1/campaigns/${c.id}/confirm`, supervisor, {})).statusCode, 400)
  const ok = await post(`/api/v1/campaigns/${c.id}/confirm`, supervisor, { reason: '模板一致且同一代理机构，确认为组织化投诉' })
  assert.equal(ok.statusCode, 200, ok.body)
  assert.equal(ok.json().status, 'confirmed')
  assert.equal((await post(`/api/v1/campaigns/${c.id}/confirm`, supervisor, { reason: 'again' })).statusCode, 409)
  const dismissed = await post(`/api/v1/campaigns/${c.id}/dismiss`, supervisor, { reason: '复核后为真实集体诉求' })
  assert.equal(dismissed.json().status, 'dismissed')
  const actions = await env.auditActions(c.id)
  assert.deepEqual(actions.slice(-2), ['campaign.confirmed', 'campaign.dismissed'])
  const fb = (await get('/api/v1/campaign-feedback', handler)).json()
  assert.deepEqual(fb.items.map((f: { verdict: string }) => f.verdict).sort(), ['confirmed', 'dismissed'])
  // a reviewer without campaigns:read sees nothing
  assert.equal((await get('/api/v1/campaigns', await env.login('reviewer'))).statusCode, 403)
})

test('the playbook tags and notes every member through the cases module, audited', async () => {
  const [c] = (await get('/api/v1/campaigns', handler)).json().items
  const r = await post(`/api/v1/campaigns/${c.id}/playbook`, supervisor, { tag: '疑似黑产', note: '团伙投诉：统一口径处理，保留证据。' })
  assert.equal(r.statusCode, 200, r.body)
  assert.equal(r.json().tagged, c.members)
  const detail = (await get(`/api/v1/campaigns/${c.id}`, handler)).json()
  const member = (await get(`/api/v1/cases/${detail.members[0].caseId}`, handler)).json()
  assert.ok(member.tags.includes('疑似黑产'))
  assert.ok((await env.auditActions(c.id)).includes('campaign.playbook_applied'))
})

test('evidence: JSON with members and the audit head; PDF starts with %PDF; both audited', async () => {
  const [c] = (await get('/api/v1/campaigns', handler)).json().items
  const j = await get(`/api/v1/campaigns/${c.id}/evidence?format=json`, handler)
  assert.equal(j.statusCode, 200, j.body)
  const pkg = j.json()
  assert.equal(pkg.campaign.members.length, c.members)
  assert.ok(pkg.campaign.members.every((m: { number: string; text: string }) => m.number && m.text))
  assert.match(pkg.auditHead.hash, /^[0-9a-f]{64}$/)
  const head = await env.database.db.selectFrom('auditLog').select(['seq', 'hash']).orderBy('seq', 'desc').executeTakeFirstOrThrow()
  assert.equal(pkg.auditHead.hash, head.hash, 'the package is sealed by the head of the chain')
  assert.ok(pkg.auditTrail.some((a: { action: string }) => a.action === 'campaign.opened'))
  const pdf = await get(`/api/v1/campaigns/${c.id}/evidence?format=pdf`, handler)
  assert.equal(pdf.statusCode, 200)
  if (campaigns.cjkFont()) {
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.equal(pdf.rawPayload.subarray(0, 4).toString('latin1'), '%PDF')
  } else {
    assert.match(String(pdf.headers['content-type']), /text\/html/) // no CJK font on this machine: HTML summary
  }
  const exported = (await env.auditActions(c.id)).filter((a) => a === 'campaign.evidence_exported')
  assert.equal(exported.length, 2)
})

test('recluster: admin only; rebuilds from all cases, keeps the campaign id and its review', async () => {
  const [c] = (await get('/api/v1/campaigns', handler)).json().items
  assert.equal((await post('/api/v1/campaigns/recluster', supervisor)).statusCode, 403)
  const r = await post('/api/v1/campaigns/recluster', await env.login('admin'))
  assert.equal(r.statusCode, 202, r.body)
  await runJobs()
  const after = (await get('/api/v1/campaigns', handler)).json().items
  assert.equal(after.length, 1)
  assert.equal(after[0].id, c.id)
  assert.equal(after[0].status, 'dismissed')
  assert.ok((await env.auditActions()).includes('campaign.reclustered'))
  const next = await env.database.db.selectFrom('job').select(['runAt', 'status']).where('uniqueKey', '=', campaigns.RECLUSTER_JOB).executeTakeFirstOrThrow()
  assert.equal(next.status, 'pending', 'the next nightly re-cluster is scheduled')
})

test('threshold tuning learns the cut that agrees with most verdicts, capped at 0.6', () => {
  assert.equal(campaigns.tuneThreshold([{ verdict: 'confirmed', score: 0.9 }]), null)
  const t = campaigns.tuneThreshold([
    { verdict: 'confirmed', score: 0.9 }, { verdict: 'confirmed', score: 0.7 }, { verdict: 'dismissed', score: 0.3 }, { verdict: 'dismissed', score: 0.2 },
  ])
  assert.equal(t, 0.5)
  assert.equal(campaigns.tuneThreshold([{ verdict: 'dismissed', score: 0.95 }, { verdict: 'dismissed', score: 0.9 }, { verdict: 'dismissed', score: 0.85 }, { verdict: 'confirmed', score: 0.99 }]), 0.6)
})
