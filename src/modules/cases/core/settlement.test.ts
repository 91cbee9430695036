 
 
import { test } from 'node:test'
 
import assert from 'node:assert/strict'
import { ackermanPlan, checkAuthority, formatYuan } from './settlement.ts'

const yuan = (n: number) => n * 100

test('5,000 元 target: 3,250 / 4,250 / 4,750 then 4,848', () => {
  assert.deepEqual(
    ackermanPlan(yuan(5000)).map((o) => [o.percent, o.amountFen, o.final]),
    [
      [65, yuan(3250), false],
      [85, yuan(4250), false],
      [95, yuan(4750), false],
      [100, yuan(4848), true], // 97 % = 4,850 -> 4,849 (ends 9) -> 4,848
    ],
  )
})

test('odd targets round steps down to whole 元', () => {
  // 12,345.67 元: 65 % = 8,024.6855 -> 8,024; 85 % = 10,493.81 -> 10,493; 95 % = 11,728.39 -> 11,728;
  // 97 % = 11,975.30 -> 11,975 (ends 5) -> 11,974.
  assert.deepEqual(
    ackermanPlan(1_234_567).map((o) => o.amountFen),
    [yuan(8024), yuan(10_493), yuan(11_728), yuan(11_974)],
  )
})

test('the final figure is precise, under the target and above the 95 % step', () => {
  for (let target = yuan(100); target <= yuan(2_000_000); target = Math.floor(target * 1.37) + 13) {
    const plan = ackermanPlan(target)
    const final = plan[3]?.amountFen ?? 0
    const step3 = plan[2]?.amountFen ?? 0
    assert.ok(final < target && final > step3, `target ${target}`)
    assert.equal(final % 100, 0, 'whole 元')
    assert.ok(![0, 5, 9].includes((final / 100) % 10), `final ${final} ends round`)
    for (let i = 1; i < plan.length; i++)
      assert.ok((plan[i]?.amountFen ?? 0) >= (plan[i - 1]?.amountFen ?? 0))
  }
})

test('small targets are planned in fen', () => {
  // 50 元: 32.50, 42.50, 47.50, then 97 % = 48.50 -> 48.49 -> 48.48.
  assert.deepEqual(
    ackermanPlan(5000).map((o) => o.amountFen),
    [3250, 4250, 4750, 4848],
  )
  // 1 分 cannot be split: every offer is the whole amount.
  assert.deepEqual(
    ackermanPlan(1).map((o) => o.amountFen),
    [1, 1, 1, 1],
  )
})

test('the plan is deterministic and rejects non-fen input', () => {
  assert.deepEqual(ackermanPlan(yuan(8888)), ackermanPlan(yuan(8888)))
  for (const bad of [0, -100, 10.5, Number.NaN]) assert.throws(() => ackermanPlan(bad), RangeError)
  assert.equal(formatYuan(484_800), '4848.00 元')
  assert.equal(formatYuan(5), '0.05 元')
})

test('authority limits: within the limit needs no approval; above it names who can approve', () => {
  const limits = {
    handler: yuan(2000),
    team_lead: yuan(10_000),
    supervisor: yuan(50_000),
    director: yuan(200_000),
  }
  assert.deepEqual(checkAuthority(limits, ['handler'], yuan(2000)), {
    needsApproval: false,
    actorLimitFen: yuan(2000),
    approverRoles: [],
  })
  assert.deepEqual(checkAuthority(limits, ['handler'], yuan(2000) + 1), {
    needsApproval: true,
    actorLimitFen: yuan(2000),
    approverRoles: ['team_lead', 'supervisor', 'director'],
  })
  // The highest of the actor's roles counts.
  assert.equal(checkAuthority(limits, ['handler', 'supervisor'], yuan(30_000)).needsApproval, false)
  // Beyond every limit: nobody in the map can approve alone.
  assert.deepEqual(checkAuthority(limits, ['director'], yuan(300_000)).approverRoles, [])
  // A role without a limit has no authority; zero is always within authority.
  assert.equal(checkAuthority(limits, ['auditor'], 1).needsApproval, true)
  assert.equal(checkAuthority(limits, ['auditor'], 0).needsApproval, false)
  assert.throws(() => checkAuthority(limits, ['handler'], 1.5), RangeError)
})
