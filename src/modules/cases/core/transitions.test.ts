 
 
import { test } from 'node:test'
 
import assert from 'node:assert/strict'
import {
  type CaseAction,
  type CaseStatus,
  allowedActions,
  caseActions,
  caseStatuses,
  clockEffect,
  isCaseAction,
  isCaseStatus,
  isTerminal,
  nextStatus,
  pausesClock,
  transition,
} from './transitions.ts'

// The specification, written out independently of the table in transitions.ts: "from action to".
const spec = `
  new triage triaged          new escalate escalated            new withdraw withdrawn
  triaged assign assigned     triaged escalate escalated        triaged withdraw withdrawn
  assigned start investigating   assigned reassign assigned     assigned escalate escalated    assigned withdraw withdrawn
  investigating wait waiting     investigating propose proposed investigating reassign investigating
  investigating escalate escalated  investigating withdraw withdrawn
  waiting resume investigating   waiting reassign waiting       waiting escalate escalated     waiting withdraw withdrawn
  proposed resolve resolved      proposed return investigating  proposed reassign proposed
  proposed escalate escalated    proposed withdraw withdrawn
  resolved close closed          resolved reopen reopened       resolved escalate escalated
  closed reopen reopened
  reopened assign assigned       reopened start investigating   reopened escalate escalated    reopened withdraw withdrawn
  escalated deescalate investigating  escalated resolve resolved  escalated close closed
  escalated reassign escalated   escalated withdraw withdrawn
  assigned hold on_hold          investigating hold on_hold     proposed hold on_hold
  reopened hold on_hold          escalated hold on_hold
  on_hold unhold investigating   on_hold reassign on_hold       on_hold escalate escalated     on_hold withdraw withdrawn
  resolved appeal reopened       closed appeal reopened
  new close_duplicate closed     triaged close_duplicate closed assigned close_duplicate closed
  investigating close_duplicate closed  waiting close_duplicate closed  reopened close_duplicate closed
  on_hold close_duplicate closed
`
const words = spec.trim().split(/\s+/)
const allowed = new Map<string, string>()
for (let i = 0; i < words.length; i += 3) allowed.set(`${words[i]} ${words[i + 1]}`, words[i + 2] as string)

test('the spec uses only known statuses and actions', () => {
  for (const [key, to] of allowed) {
    const [from, action] = key.split(' ')
    assert.ok(isCaseStatus(from) && isCaseAction(action) && isCaseStatus(to), key)
  }
  assert.equal(allowed.size, 55) // 3+3+4+5+4+5+3+1+4+5, then 5 holds, 4 from on_hold, 2 appeals, 7 close_duplicate
})

test('every status x action pair is allowed or denied exactly as specified', () => {
  let checked = 0
  for (const status of caseStatuses) {
    for (const action of caseActions) {
      const expected = allowed.get(`${status} ${action}`) ?? null
      assert.equal(nextStatus(status, action), expected, `${status} --${action}-->`)
      checked++
    }
  }
  assert.equal(checked, caseStatuses.length * caseActions.length)
})

test('the happy path from intake to closure', () => {
  const path: CaseAction[] = ['triage', 'assign', 'start', 'wait', 'resume', 'propose', 'resolve', 'close']
  let s: CaseStatus = 'new'
  const seen: CaseStatus[] = [s]
  for (const a of path) {
    const next = nextStatus(s, a)
    assert.ok(next, `${s} ${a}`)
    s = next
    seen.push(s)
  }
  assert.deepEqual(seen, [
    'new',
    'triaged',
    'assigned',
    'investigating',
    'waiting',
    'investigating',
    'proposed',
    'resolved',
    'closed',
  ])
})

test('illegal transitions list the allowed actions', () => {
  const r = transition('closed', 'resolve')
  assert.equal(r.ok, false)
  if (!r.ok) {
    assert.deepEqual(r.allowed, ['reopen', 'appeal'])
    assert.equal(r.message, 'cannot resolve a closed case; allowed: reopen, appeal')
  }
  const w = transition('withdrawn', 'reopen')
  assert.equal(w.ok, false)
  if (!w.ok) assert.equal(w.message, 'cannot reopen a withdrawn case; allowed: none')
  assert.deepEqual(transition('waiting', 'resume'), { ok: true, from: 'waiting', to: 'investigating' })
  assert.deepEqual(allowedActions('waiting'), ['reassign', 'resume', 'escalate', 'withdraw', 'close_duplicate'])
})

test('only withdrawn is terminal; every status is reachable from new', () => {
  assert.deepEqual(caseStatuses.filter(isTerminal), ['withdrawn'])
  const reached = new Set<CaseStatus>(['new'])
  const queue: CaseStatus[] = ['new']
  while (queue.length) {
    const s = queue.shift() as CaseStatus
    for (const a of allowedActions(s)) {
      const n = nextStatus(s, a)
      if (n && !reached.has(n)) {
        reached.add(n)
        queue.push(n)
      }
    }
  }
  assert.deepEqual([...reached].sort(), [...caseStatuses].sort())
})

test('resolving needs a proposal (or an escalation outcome); closing needs a resolution or an exit', () => {
  for (const s of caseStatuses) {
    if (nextStatus(s, 'resolve')) assert.ok(['proposed', 'escalated'].includes(s), s)
    if (nextStatus(s, 'close')) assert.ok(['resolved', 'escalated'].includes(s), s)
  }
  assert.equal(nextStatus('investigating', 'resolve'), null)
  assert.equal(nextStatus('new', 'close'), null)
})

test('only waiting pauses the clock; decided or ended cases stop it', () => {
  assert.deepEqual(caseStatuses.filter(pausesClock), ['waiting'])
  assert.deepEqual(
    caseStatuses.filter((s) => clockEffect(s) === 'stopped'),
    ['resolved', 'closed', 'withdrawn'],
  )
  assert.equal(clockEffect('escalated'), 'running')
  assert.equal(clockEffect('on_hold'), 'running') // an internal hold never stops the statutory clock
  assert.equal(isCaseStatus('open'), false)
  assert.equal(isCaseAction('delete'), false)
})
