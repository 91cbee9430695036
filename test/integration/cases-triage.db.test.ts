import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { testEnv, type TestEnv, type LoginHeaders } from '../support/env.ts'
import { fileComplaint } from '../support/cases.ts'
import { triageSignals } from '../../src/modules/cases/triage.service.ts'

let env: TestEnv
let handler: LoginHeaders
before(async () => {
  env = await testEnv()
  handler = await env.login('handler')
})
after(() => env.close())

test('risk words at intake raise the priority and tag the case; ordinary text is left alone', async () => {
  const safety = await fileComplaint(env, handler, { text: '扣了我三千块钱，再不退我真的不想活了。', complainants: [{ name: '甲', phone: '13800000101' }] })
  assert.equal(safety.priority, 'urgent')
  assert.deepEqual(safety.tags, ['risk:safety'])
  const media = await fileComplaint(env, handler, { text: '不处理我就去找媒体曝光，还要向银保监投诉。', priority: 'low', complainants: [{ name: '乙', phone: '13800000102' }] })
  assert.equal(media.priority, 'high')
  assert.deepEqual((media.tags as string[]).sort(), ['risk:public_opinion', 'risk:regulator'])
  const legal = await fileComplaint(env, handler, { text: '我已经请了律师准备起诉。', complainants: [{ name: '丙', phone: '13800000103' }] })
  assert.equal(legal.priority, 'normal', 'a medium signal tags without raising')
  assert.deepEqual(legal.tags, ['risk:legal'])
  const plain = await fileComplaint(env, handler, { complainants: [{ name: '丁', phone: '13800000104' }] })
  assert.deepEqual(plain.tags, [])
  const urgentAlready = await fileComplaint(env, handler, { priority: 'urgent', text: '记者已经联系我了', complainants: [{ name: '戊', phone: '13800000105' }] })
  assert.equal(urgentAlready.priority, 'urgent', 'never lowered')
  const tl = (await env.app.inject({ method: 'GET', url: `/api/v1/cases/${safety.id}/timeline`, headers: handler })).json()
  const sig = tl.items.find((e: { type: string }) => e.type === 'triage_signals')
  assert.equal(sig.body.hits[0].term, '不想活')
  assert.equal('扣了我三千块钱，再不退我真的不想活了。'.slice(sig.body.hits[0].start, sig.body.hits[0].end), '不想活')
})

test('evasion-aware: separators inside a risk word are seen through', () => {
  assert.deepEqual(triageSignals('我要去 媒 体 曝 光').tags, ['risk:public_opinion'])
  assert.deepEqual(triageSignals('信用卡年费扣了300元').tags, [])
})
