import { test } from 'node:test'
import assert from 'node:assert/strict'
import { covers, route, ruleMatches, nextRoundRobin, shadowedBy, type RoutingRule } from './routing.ts'

test('first matching rule by position; prefixes for category and region; missing facts do not match', () => {
  const rules: RoutingRule[] = [
    { id: 'b', position: 20, match: { sector: 'bank' }, queueId: 'q-bank' },
    { id: 'a', position: 10, match: { category: '信用卡', region: '浙江省' }, queueId: 'q-zj-card' },
    { id: 'c', position: 5, match: { kind: 'regulator_transfer' }, queueId: 'q-reg' },
  ]
  assert.equal(route(rules, { sector: 'bank', category: '信用卡/年费', region: '浙江省杭州市', kind: 'complaint' })?.queueId, 'q-zj-card')
  assert.equal(route(rules, { sector: 'bank', category: '信用卡/年费', region: '上海市', kind: 'complaint' })?.queueId, 'q-bank')
  assert.equal(route(rules, { sector: 'bank', kind: 'regulator_transfer' })?.queueId, 'q-reg')
  assert.equal(route(rules, { sector: 'ecommerce', kind: 'complaint' }), null)
  assert.equal(ruleMatches({ category: '信用卡' }, { category: null }), false)
  assert.equal(ruleMatches({ channel: 'web' }, { channel: 'webhook' }), false, 'exact, not prefix, for channel')
  assert.equal(ruleMatches({}, {}), true)
})

test('round robin continues after the last assignee and wraps', () => {
  const m = [{ id: '3', username: 'c' }, { id: '1', username: 'a' }, { id: '2', username: 'b' }]
  assert.equal(nextRoundRobin(m, null)?.username, 'a')
  assert.equal(nextRoundRobin(m, '1')?.username, 'b')
  assert.equal(nextRoundRobin(m, '3')?.username, 'a')
  assert.equal(nextRoundRobin(m, 'gone')?.username, 'a')
  assert.equal(nextRoundRobin([], null), null)
  assert.equal(nextRoundRobin(m, '1', (x) => x.username !== 'b')?.username, 'c', 'a recused member is skipped')
  assert.equal(nextRoundRobin(m, '1', () => false), null)
})

test('a rule is shadowed when an earlier one matches everything it matches (prefix fields by prefix)', () => {
  assert.equal(covers({ sector: 'bank' }, { sector: 'bank', category: '信用卡' }), true)
  assert.equal(covers({ category: '信用卡' }, { category: '信用卡/年费', region: '浙江省' }), true)
  assert.equal(covers({ category: '信用卡/年费' }, { category: '信用卡' }), false, 'narrower earlier rule leaves the rest')
  assert.equal(covers({ sector: 'bank', channel: 'web' }, { sector: 'bank' }), false)
  assert.equal(covers({ region: '浙江' }, { region: '浙江省杭州市' }), true)
  const rules: RoutingRule[] = [
    { id: 'a', position: 10, match: { sector: 'bank' }, queueId: 'q1' },
    { id: 'b', position: 20, match: { sector: 'bank', category: '信用卡' }, queueId: 'q2' },
    { id: 'c', position: 5, match: { category: '信用卡/年费' }, queueId: 'q3' },
    { id: 'd', position: 30, match: { kind: 'report' }, queueId: 'q4' },
  ]
  const s = shadowedBy(rules)
  assert.deepEqual(Object.fromEntries(s), { c: null, a: null, b: 'a', d: null })
  // consistent with routing: the shadowed rule really never wins
  assert.equal(route(rules, { sector: 'bank', category: '信用卡/挂失' })?.id, 'a')
})
