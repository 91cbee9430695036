 
 
import { test } from 'node:test'
 
import assert from 'node:assert/strict'
import { type LocalDate, formatShanghai, shanghaiInstant as at } from './local-date.ts'
import {
  type ClockInput,
  type GrantedExtension,
  type SlaPolicy,
  bankingInsurance2020Preset,
  checkExtension,
  computeSla,
  ecommercePreset,
  regulatorTransferPreset,
  validatePauses,
  validatePolicy,
} from './sla-clock.ts'
import { createWorkCalendar } from './work-calendar.ts'

const HOUR = 3_600_000
/** The last on-time millisecond of a local day, as a readable string. */
const endOf = (d: LocalDate) => `${d}T23:59:59.999+08:00`

function clock(input: Partial<ClockInput> & Pick<ClockInput, 'policy' | 'receivedAt'>) {
  return computeSla({ now: input.receivedAt, ...input })
}
function target(input: Partial<ClockInput> & Pick<ClockInput, 'policy' | 'receivedAt'>, key = 'decision') {
  const t = clock(input).targets.find((x) => x.key === key)
  assert.ok(t, `target ${key}`)
  return t
}
const due = (input: Parameters<typeof target>[0], key?: string) => formatShanghai(target(input, key).dueAt)

const banking = bankingInsurance2020Preset()
const bankingWorking = bankingInsurance2020Preset({ dayCounting: 'working_days' })
const bankingNoRoll = bankingInsurance2020Preset({ rollForwardFromRestDay: false })

const complex = (grantedAt: number, extra: Partial<GrantedExtension> = {}): GrantedExtension => ({
  targetKey: 'decision',
  ruleId: 'complex',
  grantedAt,
  reason: '需调取录音并核对三方交易记录',
  noticeSentAt: grantedAt,
  ...extra,
})
const special = (grantedAt: number, extra: Partial<GrantedExtension> = {}): GrantedExtension => ({
  targetKey: 'decision',
  ruleId: 'special',
  grantedAt,
  reason: '涉及司法鉴定',
  noticeSentAt: grantedAt,
  approvedBy: { actorId: 'u-sup', role: 'supervisor' },
  ...extra,
})

test('presets are valid policies', () => {
  for (const p of [banking, bankingWorking, bankingNoRoll, ecommercePreset(), regulatorTransferPreset()]) {
    assert.deepEqual(validatePolicy(p), [], p.id)
  }
})

// --- 15 calendar days (default reading) ------------------------------------------------------------------

test('15 calendar days: receipt day excluded, due at the end of day 15', () => {
  // 2025-11-03 (Mon) + 15 = 2025-11-18 (Tue), an ordinary workday.
  assert.equal(due({ policy: banking, receivedAt: at('2025-11-03', 10) }), endOf('2025-11-18'))
  // Received one millisecond before local midnight: the receipt day is 11-02.
  assert.equal(due({ policy: banking, receivedAt: at('2025-11-02', 23, 59, 59, 999) }), endOf('2025-11-17'))
  assert.equal(due({ policy: banking, receivedAt: at('2025-11-03') }), endOf('2025-11-18'))
})

test('国庆 2025: a last day inside Golden Week rolls to the first working day after it', () => {
  // 09-23 + 15 = 10-08, a holiday -> 10-09 (Thu).
  assert.equal(due({ policy: banking, receivedAt: at('2025-09-23', 10) }), endOf('2025-10-09'))
  // Without roll-forward the deadline stays on the holiday.
  assert.equal(due({ policy: bankingNoRoll, receivedAt: at('2025-09-23', 10) }), endOf('2025-10-08'))
  // 09-26 + 15 = 10-11, the 调休 Saturday: a working day, so no roll.
  assert.equal(due({ policy: banking, receivedAt: at('2025-09-26', 15) }), endOf('2025-10-11'))
  // 09-27 + 15 = 10-12, an ordinary Sunday -> Monday 10-13.
  assert.equal(due({ policy: banking, receivedAt: at('2025-09-27', 15) }), endOf('2025-10-13'))
})

test('国庆 2026: roll over Oct 1-7, keep the 调休 Saturday Oct 10', () => {
  assert.equal(due({ policy: banking, receivedAt: at('2026-09-22', 9) }), endOf('2026-10-08'))
  assert.equal(due({ policy: banking, receivedAt: at('2026-09-25', 9) }), endOf('2026-10-10'))
})

test('春节 2026: a last day inside the nine-day holiday rolls to Feb 24', () => {
  // 02-06 + 15 = 02-21.
  assert.equal(due({ policy: banking, receivedAt: at('2026-02-06', 9) }), endOf('2026-02-24'))
})

// --- 15 working days (policy option) -----------------------------------------------------------------------

test('15 working days across 国庆 2025 count both 调休 days', () => {
  // From Fri 09-26: 28(Sun 调休), 29, 30, 10-09, 10, 11(Sat 调休), 13, 14, 15, 16, 17, 20, 21, 22, 23.
  assert.equal(due({ policy: bankingWorking, receivedAt: at('2025-09-26', 10) }), endOf('2025-10-23'))
})

test('15 working days across 中秋 and 国庆 2026', () => {
  // From Fri 09-18: 20(Sun 调休), 21-24, (中秋 25-27), 28-30, (国庆 10-01..07), 08, 09, 10(Sat 调休), 12-15.
  assert.equal(due({ policy: bankingWorking, receivedAt: at('2026-09-18', 16) }), endOf('2026-10-15'))
})

test('15 working days across 春节 2026', () => {
  // From Fri 02-13: 14(Sat 调休), 24, 25, 26, 27, 28(Sat 调休), 03-02..06, 09..12.
  assert.equal(due({ policy: bankingWorking, receivedAt: at('2026-02-13', 9) }), endOf('2026-03-12'))
})

test('received on a holiday: working days start after it', () => {
  // Received on 10-03 (holiday): 10-09 is working day 1, so day 15 is 10-29.
  // 09, 10, 11, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 27, 28 -> 10-28.
  assert.equal(due({ policy: bankingWorking, receivedAt: at('2025-10-03', 11) }), endOf('2025-10-28'))
})

// --- state, warning, breach ---------------------------------------------------------------------------------

test('warning at 80 %, breach only after the last on-time millisecond (hours)', () => {
  const policy = ecommercePreset()
  const receivedAt = at('2025-11-03', 10)
  const first = (now: number, completedAt?: number) =>
    target(
      { policy, receivedAt, now, ...(completedAt ? { completedAt: { first_response: completedAt } } : {}) },
      'first_response',
    )
  assert.equal(formatShanghai(first(receivedAt).dueAt), '2025-11-04T10:00:00.000+08:00')
  // 80 % of 24 h is 19 h 12 min.
  const warnAt = at('2025-11-04', 5, 12)
  assert.equal(first(receivedAt).warningAt, warnAt)
  assert.equal(first(warnAt - 1).state, 'ok')
  assert.equal(first(warnAt).state, 'warning')
  const dueAt = at('2025-11-04', 10)
  assert.equal(first(dueAt).state, 'warning')
  assert.equal(first(dueAt).msUntilDue, 0)
  assert.equal(first(dueAt + 1).state, 'breached')
  assert.equal(first(dueAt + 1).msUntilDue, -1)
  assert.equal(first(dueAt + HOUR, dueAt).state, 'met')
  assert.equal(first(dueAt + HOUR, dueAt + 1).state, 'breached')
})

test('day clocks breach at 00:00:00.000 of the next local day', () => {
  const receivedAt = at('2025-11-03', 10)
  const lastOnTime = at('2025-11-18', 23, 59, 59, 999)
  assert.equal(target({ policy: banking, receivedAt, now: lastOnTime }).state, 'warning')
  assert.equal(target({ policy: banking, receivedAt, now: lastOnTime + 1 }).state, 'breached')
  assert.equal(
    target({ policy: banking, receivedAt, now: at('2025-11-20'), completedAt: { decision: lastOnTime } })
      .state,
    'met',
  )
})

test('elapsed fraction and warningAt of a day clock', () => {
  // Received at 00:00 on 11-03: the window is 16 whole days (receipt day + 15), due end of 11-18.
  const receivedAt = at('2025-11-03')
  assert.equal(target({ policy: banking, receivedAt, now: at('2025-11-11') }).elapsedFraction, 0.5)
  // 80 % of 16 days = 12.8 days -> 11-15 19:12.
  assert.equal(
    formatShanghai(target({ policy: banking, receivedAt }).warningAt ?? 0),
    '2025-11-15T19:12:00.000+08:00',
  )
  assert.equal(target({ policy: banking, receivedAt, now: at('2025-11-15', 19, 12) }).state, 'warning')
  assert.equal(target({ policy: banking, receivedAt, now: at('2025-11-15', 19, 11) }).state, 'ok')
})

test('a working-day clock does not advance over Golden Week', () => {
  const receivedAt = at('2025-09-26', 10)
  const f1 = target({ policy: bankingWorking, receivedAt, now: at('2025-10-02', 12) }).elapsedFraction
  const f2 = target({ policy: bankingWorking, receivedAt, now: at('2025-10-08', 20) }).elapsedFraction
  const f3 = target({ policy: bankingWorking, receivedAt, now: at('2025-10-09', 12) }).elapsedFraction
  assert.equal(f1, f2)
  assert.ok(f3 > f2)
})

test('nextCheckAt points at the next state change', () => {
  const receivedAt = at('2025-11-03', 10)
  const r = clock({ policy: ecommercePreset(), receivedAt })
  assert.equal(r.nextCheckAt, at('2025-11-04', 5, 12)) // first response warning comes first
  const later = clock({
    policy: ecommercePreset(),
    receivedAt,
    now: at('2025-11-04', 6),
    completedAt: { first_response: at('2025-11-03', 11) },
  })
  // first response met; resolution (due end of 11-10) is still ok, so its warning is next.
  assert.equal(later.state, 'ok')
  assert.equal(later.nextCheckAt, later.targets[1]?.warningAt)
  const warning = clock({ policy: ecommercePreset(), receivedAt, now: at('2025-11-04', 6) })
  assert.equal(warning.state, 'warning')
  assert.equal(warning.nextCheckAt, at('2025-11-04', 10) + 1)
})

test('overall state: breached beats warning beats ok; all met is met', () => {
  const receivedAt = at('2025-11-03', 10)
  const policy = ecommercePreset()
  const breached = clock({
    policy,
    receivedAt,
    now: at('2025-11-11'),
    completedAt: { first_response: at('2025-11-03', 11) },
  })
  assert.deepEqual(
    breached.targets.map((t) => t.state),
    ['met', 'breached'],
  )
  assert.equal(breached.state, 'breached')
  const met = clock({
    policy,
    receivedAt,
    now: at('2025-11-11'),
    completedAt: { first_response: at('2025-11-03', 11), resolution: at('2025-11-09') },
  })
  assert.equal(met.state, 'met')
  assert.equal(met.nextCheckAt, null)
})

// --- pauses -------------------------------------------------------------------------------------------------

test('day clocks skip only days the pause covers entirely', () => {
  const receivedAt = at('2025-11-03', 10)
  const dueWith = (from: number, to: number | null, now = at('2025-11-12')) =>
    due({ policy: bankingNoRoll, receivedAt, now, pauses: [{ from, to }] })
  // Two hours, or overnight: no whole day lost.
  assert.equal(dueWith(at('2025-11-05', 10), at('2025-11-05', 12)), endOf('2025-11-18'))
  assert.equal(dueWith(at('2025-11-05', 22), at('2025-11-06', 8)), endOf('2025-11-18'))
  // Exactly one whole day.
  assert.equal(dueWith(at('2025-11-06'), at('2025-11-07')), endOf('2025-11-19'))
  // 11-05 14:00 to 11-10 09:00 covers 11-06..11-09 entirely: 4 days.
  assert.equal(dueWith(at('2025-11-05', 14), at('2025-11-10', 9)), endOf('2025-11-22'))
  // With roll-forward, 11-22 is a Saturday -> Monday 11-24.
  assert.equal(
    due({
      policy: banking,
      receivedAt,
      now: at('2025-11-12'),
      pauses: [{ from: at('2025-11-05', 14), to: at('2025-11-10', 9) }],
    }),
    endOf('2025-11-24'),
  )
})

test('pausing a working-day clock over Golden Week costs only the working days inside the pause', () => {
  // Paused 09-29 09:00 to 10-10 09:00: whole days 09-30 and 10-01..10-09; of those only 09-30 and 10-09 are
  // working days, so the deadline moves two working days: 10-23 -> 10-27 (Mon).
  const input = {
    policy: bankingWorking,
    receivedAt: at('2025-09-26', 10),
    now: at('2025-10-15'),
    pauses: [{ from: at('2025-09-29', 9), to: at('2025-10-10', 9) }],
  }
  assert.equal(due(input), endOf('2025-10-27'))
})

test('hours clocks move by exactly the paused time; non-pausable targets ignore pauses', () => {
  const policy: SlaPolicy = {
    id: 'h',
    name: 'hours',
    targets: [{ key: 'reply', label: 'reply', basis: 'relative', amount: 24, unit: 'hours' }],
  }
  const receivedAt = at('2025-11-03', 10)
  const pauses = [{ from: at('2025-11-03', 12), to: at('2025-11-03', 15) }]
  assert.equal(
    due({ policy, receivedAt, pauses, now: at('2025-11-03', 16) }, 'reply'),
    '2025-11-04T13:00:00.000+08:00',
  )
  const half = target({ policy, receivedAt, pauses, now: at('2025-11-03', 22) }, 'reply')
  assert.equal(half.elapsedFraction, 9 / 24)
  assert.equal(half.pausedMs, 3 * HOUR)
  // E-commerce first response is not pausable.
  assert.equal(
    due({ policy: ecommercePreset(), receivedAt, pauses, now: at('2025-11-03', 16) }, 'first_response'),
    '2025-11-04T10:00:00.000+08:00',
  )
})

test('an open pause: state paused, provisional due assuming resume now, frozen fraction, no timer', () => {
  const receivedAt = at('2025-11-03', 10)
  const pauses = [{ from: at('2025-11-05', 14), to: null }]
  const t1 = target({ policy: bankingNoRoll, receivedAt, pauses, now: at('2025-11-08', 10) })
  const t2 = target({ policy: bankingNoRoll, receivedAt, pauses, now: at('2025-11-10', 9) })
  assert.equal(t2.state, 'paused')
  assert.equal(t2.paused, true)
  assert.equal(t2.dueIsProvisional, true)
  assert.equal(t2.warningAt, null)
  // Same as the closed pause ending now: 4 whole days lost.
  assert.equal(formatShanghai(t2.dueAt), endOf('2025-11-22'))
  assert.ok(t1.dueAt < t2.dueAt)
  assert.equal(t1.elapsedFraction, t2.elapsedFraction)
  assert.equal(
    clock({ policy: bankingNoRoll, receivedAt, pauses, now: at('2025-11-10', 9) }).nextCheckAt,
    null,
  )
  // Resumed: running again.
  const resumed = target({
    policy: bankingNoRoll,
    receivedAt,
    pauses: [{ from: at('2025-11-05', 14), to: at('2025-11-10', 9) }],
    now: at('2025-11-10', 10),
  })
  assert.equal(resumed.state, 'ok')
  assert.equal(resumed.dueIsProvisional, false)
})

test('a pause begun after the deadline does not undo the breach', () => {
  const receivedAt = at('2025-11-03', 10)
  const t = target({
    policy: banking,
    receivedAt,
    pauses: [{ from: at('2025-11-20'), to: null }],
    now: at('2025-11-25'),
  })
  assert.equal(t.state, 'breached')
  assert.equal(formatShanghai(t.dueAt), endOf('2025-11-18'))
})

test('more pause never brings the deadline earlier (deterministic sweep)', () => {
  let seed = 7
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648
  const receivedAt = at('2025-09-20', 9)
  for (let i = 0; i < 200; i++) {
    const from = receivedAt + Math.floor(rand() * 20 * 24) * HOUR
    const short = from + Math.floor(rand() * 72) * HOUR
    const long = short + Math.floor(rand() * 120) * HOUR
    for (const policy of [banking, bankingWorking]) {
      const a = target({ policy, receivedAt, now: long, pauses: [{ from, to: short }] }).dueAt
      const b = target({ policy, receivedAt, now: long, pauses: [{ from, to: long }] }).dueAt
      const none = target({ policy, receivedAt, now: long }).dueAt
      assert.ok(none <= a && a <= b, `${policy.id} pause from ${formatShanghai(from)}`)
    }
  }
})

test('validatePauses reports bad intervals', () => {
  const r = at('2025-11-03', 10)
  assert.deepEqual(
    validatePauses(
      [
        { from: r + HOUR, to: r + 2 * HOUR },
        { from: r + 3 * HOUR, to: null },
      ],
      r,
    ),
    [],
  )
  const problems = validatePauses(
    [
      { from: r - HOUR, to: r },
      { from: r + 5 * HOUR, to: r + 4 * HOUR },
      { from: r + 6 * HOUR, to: null },
      { from: r + 7 * HOUR, to: null },
    ],
    r,
  )
  assert.deepEqual(
    problems.map((p) => p.index),
    [0, 1, 3, 3],
  )
})

// --- extensions -----------------------------------------------------------------------------------------------

test('extension to 30 days, then a further 30 with supervisor approval', () => {
  const receivedAt = at('2025-11-03', 10)
  const base = { policy: banking, receivedAt, now: at('2025-11-12') }
  // 11-03 + 30 = 12-03 (Wed).
  const ext1 = target({ ...base, extensions: [complex(at('2025-11-10', 9))] })
  assert.equal(ext1.amount, 30)
  assert.equal(formatShanghai(ext1.dueAt), endOf('2025-12-03'))
  // + 30 more = 2026-01-02, inside 元旦 2026 (01-01..03) -> 01-04, a 调休 Sunday worked.
  const ext2 = target({
    ...base,
    now: at('2025-12-01'),
    extensions: [complex(at('2025-11-10', 9)), special(at('2025-12-01', 9))],
  })
  assert.equal(ext2.amount, 60)
  assert.equal(formatShanghai(ext2.dueAt), endOf('2026-01-04'))
  assert.deepEqual(
    ext2.appliedExtensions.map((e) => e.ruleId),
    ['complex', 'special'],
  )
  assert.deepEqual(ext2.unappliedExtensions, [])
})

test('extensions in working days extend to 30 working days', () => {
  // From Fri 2025-09-26, working day 30: after day 15 (10-23): 24, 27, 28, 29, 30, 31, 11-03..07, 10, 11, 12, 13 -> 11-13.
  const t = target({
    policy: bankingWorking,
    receivedAt: at('2025-09-26', 10),
    now: at('2025-10-20'),
    extensions: [complex(at('2025-10-20'))],
  })
  assert.equal(formatShanghai(t.dueAt), endOf('2025-11-13'))
})

test('extensions missing their conditions do not count', () => {
  const receivedAt = at('2025-11-03', 10)
  const input = { policy: banking, receivedAt, now: at('2025-11-12') }
  const codes = (extensions: GrantedExtension[]) =>
    target({ ...input, extensions }).unappliedExtensions.map((u) => [
      u.extension.ruleId,
      u.problems.map((p) => p.code),
    ])
  assert.deepEqual(codes([complex(at('2025-11-10'), { reason: '  ' })]), [['complex', ['reason_required']]])
  assert.deepEqual(codes([complex(at('2025-11-10'), { noticeSentAt: null })]), [
    ['complex', ['notice_required']],
  ])
  assert.deepEqual(codes([special(at('2025-11-10'))]), [['special', ['prior_extension_required']]])
  assert.deepEqual(
    codes([
      complex(at('2025-11-10')),
      special(at('2025-11-11'), { approvedBy: { actorId: 'u1', role: 'handler' } }),
    ]),
    [['special', ['approval_required']]],
  )
  assert.deepEqual(codes([complex(at('2025-11-10')), complex(at('2025-11-11'))]), [
    ['complex', ['already_granted']],
  ])
  // Granted after the 15-day deadline (end of 11-18) had passed.
  assert.deepEqual(codes([complex(at('2025-11-19'))]), [['complex', ['after_due']]])
  assert.deepEqual(codes([{ ...complex(at('2025-11-10')), ruleId: 'forever' }]), [
    ['forever', ['unknown_rule']],
  ])
  // The unapplied grant leaves the deadline at 15 days.
  assert.equal(
    formatShanghai(target({ ...input, extensions: [complex(at('2025-11-10'), { reason: '' })] }).dueAt),
    endOf('2025-11-18'),
  )
})

test('checkExtension validates a grant before it is recorded', () => {
  const receivedAt = at('2025-11-03', 10)
  const input: ClockInput = { policy: banking, receivedAt, now: at('2025-11-10') }
  assert.deepEqual(checkExtension(input, complex(at('2025-11-10'))), [])
  assert.deepEqual(
    checkExtension(input, special(at('2025-11-10'))).map((p) => p.code),
    ['prior_extension_required'],
  )
  const withComplex = { ...input, extensions: [complex(at('2025-11-10'))] }
  assert.deepEqual(checkExtension(withComplex, special(at('2025-11-25'))), [])
  // The 30-day deadline is end of 12-03; a special extension on 12-04 is too late.
  assert.deepEqual(
    checkExtension(withComplex, special(at('2025-12-04'))).map((p) => p.code),
    ['after_due'],
  )
  assert.deepEqual(
    checkExtension(input, { ...complex(at('2025-11-10')), targetKey: 'nope' }).map((p) => p.code),
    ['unknown_target'],
  )
  const decided = { ...input, completedAt: { decision: at('2025-11-09') } }
  assert.deepEqual(
    checkExtension(decided, complex(at('2025-11-10'))).map((p) => p.code),
    ['target_completed'],
  )
})

// --- policy change, regulator, calendar gaps ------------------------------------------------------------------

test('policy change mid-case recomputes from receipt with the new policy', () => {
  const receivedAt = at('2025-11-03', 10)
  const now = at('2025-11-12')
  const before = clock({ policy: ecommercePreset(), receivedAt, now })
  assert.equal(formatShanghai(before.targets[1]?.dueAt ?? 0), endOf('2025-11-10'))
  assert.equal(before.state, 'breached')
  // Reclassified as a bank complaint: 15 days from the same receipt.
  const after = clock({ policy: banking, receivedAt, now })
  assert.deepEqual(
    after.targets.map((t) => t.key),
    ['decision'],
  )
  assert.equal(formatShanghai(after.targets[0]?.dueAt ?? 0), endOf('2025-11-18'))
  assert.equal(after.state, 'ok')
  // Extensions recorded under one reading carry over to the other when the rule exists there.
  const ext = [complex(at('2025-11-10'))]
  assert.equal(target({ policy: bankingWorking, receivedAt, now, extensions: ext }).amount, 30)
  const moved = target(
    { policy: ecommercePreset(), receivedAt, now, extensions: [{ ...ext[0]!, targetKey: 'resolution' }] },
    'resolution',
  )
  assert.deepEqual(
    moved.unappliedExtensions.map((u) => u.problems.map((p) => p.code)),
    [['unknown_rule']],
  )
})

test('regulator transfer: absolute deadline, not paused, not extendable', () => {
  const policy = regulatorTransferPreset()
  const receivedAt = at('2025-10-10', 9)
  const input = {
    policy,
    receivedAt,
    absoluteDeadlines: { regulator_reply: { date: '2025-10-20' } },
    pauses: [{ from: at('2025-10-12'), to: at('2025-10-15') }],
  }
  const t = target({ ...input, now: at('2025-10-11') }, 'regulator_reply')
  assert.equal(formatShanghai(t.dueAt), endOf('2025-10-20'))
  assert.equal(t.unit, 'absolute')
  assert.equal(target({ ...input, now: at('2025-10-21') }, 'regulator_reply').state, 'breached')
  const instant = target(
    { ...input, absoluteDeadlines: { regulator_reply: { at: at('2025-10-18', 17) } } },
    'regulator_reply',
  )
  assert.equal(instant.dueAt, at('2025-10-18', 17))
  const grant = {
    targetKey: 'regulator_reply',
    ruleId: 'complex',
    grantedAt: at('2025-10-12'),
    reason: 'x',
    noticeSentAt: 1,
  }
  assert.deepEqual(
    checkExtension({ ...input, now: at('2025-10-12') }, grant).map((p) => p.code),
    ['not_extendable'],
  )
  assert.throws(() => clock({ policy, receivedAt }), RangeError)
})

test('working-day arithmetic into a year without holiday data is flagged until admins add it', () => {
  const input = { policy: bankingWorking, receivedAt: at('2026-12-22', 9), now: at('2026-12-23') }
  assert.deepEqual(clock(input).uncoveredYears, [2027])
  const calendar = createWorkCalendar([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }])
  assert.deepEqual(clock({ ...input, calendar }).uncoveredYears, [])
  // 2026-12-22 (Tue) + 15 working days with 2027-01-01 off: 23, 24, 25, 28, 29, 30, 31, 01-04..08, 11, 12, 13.
  assert.equal(due({ ...input, calendar }), endOf('2027-01-13'))
  assert.equal(due(input), endOf('2027-01-12'))
  // Calendar-day policies without roll-forward never consult the calendar.
  assert.deepEqual(clock({ ...input, policy: ecommercePreset() }).uncoveredYears, [])
})

test('validatePolicy catches malformed targets and rules', () => {
  const bad: SlaPolicy = {
    id: 'bad',
    name: 'bad',
    targets: [
      {
        key: 'a',
        label: 'a',
        basis: 'relative',
        amount: 1.5,
        unit: 'working_days',
        warnAt: 1.2,
        rollForwardFromRestDay: true,
        extensions: [
          {
            id: 'x',
            label: 'x',
            mode: 'extend_to',
            amount: 1,
            requiresReason: false,
            requiresNotice: false,
            approvalRoles: [],
            after: 'y',
          },
        ],
      },
      { key: 'a', label: 'dup', basis: 'absolute' },
    ],
  }
  assert.deepEqual(
    validatePolicy(bad).map((p) => p.path),
    [
      'targets[0].warnAt',
      'targets[0].amount',
      'targets[0].rollForwardFromRestDay',
      'targets[0].extensions[0].amount',
      'targets[0].extensions[0].after',
      'targets[1].key',
    ],
  )
  assert.equal(validatePolicy({ id: 'e', name: 'e', targets: [] }).length, 1)
})
