 
 
import { test } from 'node:test'
 
import assert from 'node:assert/strict'
import {
  type FiveDimensionAnalysis,
  type FiveDimensionKey,
  defaultPlaybooks,
  fiveDimensionKeys,
  fiveDimensionWeights,
  missingSteps,
  overallRisk,
  unknownSteps,
  validateFiveDimensions,
} from './playbook.ts'

const bank = defaultPlaybooks.bank

test('closing a bank case needs every step, follow-up and root cause included', () => {
  const ids = (steps: { id: string }[]) => steps.map((s) => s.id)
  assert.deepEqual(ids(missingSteps(bank, [])), [
    'listen_record',
    'verify_facts',
    'explain_policy',
    'propose',
    'confirm_with_complainant',
    'follow_up',
    'root_cause',
  ])
  const handled = ['listen_record', 'verify_facts', 'explain_policy', 'propose', 'confirm_with_complainant']
  assert.deepEqual(ids(missingSteps(bank, handled, 'resolve')), [])
  assert.deepEqual(ids(missingSteps(bank, handled, 'close')), ['follow_up', 'root_cause'])
  assert.deepEqual(ids(missingSteps(bank, [...handled, 'follow_up', 'root_cause'])), [])
  assert.deepEqual(ids(missingSteps(bank, ['propose'], 'resolve')), [
    'listen_record',
    'verify_facts',
    'explain_policy',
    'confirm_with_complainant',
  ])
})

test('optional steps never block; sector playbooks differ', () => {
  const ecommerce = defaultPlaybooks.ecommerce
  const required = ecommerce.steps.filter((s) => !s.optional).map((s) => s.id)
  assert.deepEqual(missingSteps(ecommerce, required), [])
  assert.ok(!required.includes('follow_up'))
  assert.ok(defaultPlaybooks.insurance.steps.some((s) => s.id === 'check_terms'))
  assert.ok(ecommerce.steps.some((s) => s.id === 'contact_merchant'))
  for (const pb of Object.values(defaultPlaybooks)) {
    assert.equal(new Set(pb.steps.map((s) => s.id)).size, pb.steps.length, pb.id)
  }
  assert.deepEqual(unknownSteps(bank, ['listen_record', 'lisen_record']), ['lisen_record'])
})

function analysis(scores: Partial<Record<FiveDimensionKey, number>>): FiveDimensionAnalysis {
  const out = {} as Record<FiveDimensionKey, { score: number; note: string }>
  for (const k of fiveDimensionKeys) out[k] = { score: scores[k] ?? 0, note: '' }
  return out
}

test('overall risk spans 0-100 with levels at 25 / 50 / 75', () => {
  const weightSum = Object.values(fiveDimensionWeights).reduce((a, b) => a + b, 0)
  assert.ok(Math.abs(weightSum - 1) < 1e-12)
  assert.deepEqual(overallRisk(analysis({})), { score: 0, level: 'low', drivers: [] })
  const all5 = overallRisk(
    analysis({ demand: 5, factsEvidence: 5, liability: 5, legalRisk: 5, publicOpinionRisk: 5 }),
  )
  assert.equal(all5.score, 100)
  assert.equal(all5.level, 'critical')
  // demand 3, facts 3, liability 2: (0.15*3 + 0.15*3 + 0.2*2) / 5 * 100 = 26.
  assert.deepEqual(overallRisk(analysis({ demand: 3, factsEvidence: 3, liability: 2 })), {
    score: 26,
    level: 'medium',
    drivers: [],
  })
  // All 2s: 40 (medium); all 3s: 60 (high).
  assert.equal(
    overallRisk(analysis({ demand: 2, factsEvidence: 2, liability: 2, legalRisk: 2, publicOpinionRisk: 2 }))
      .level,
    'medium',
  )
  assert.equal(
    overallRisk(analysis({ demand: 3, factsEvidence: 3, liability: 3, legalRisk: 3, publicOpinionRisk: 3 }))
      .level,
    'high',
  )
})

test('a severe external risk is not averaged away', () => {
  const viral = overallRisk(analysis({ publicOpinionRisk: 5 }))
  assert.equal(viral.score, 25)
  assert.equal(viral.level, 'high')
  assert.deepEqual(viral.drivers, ['publicOpinionRisk'])
  const both = overallRisk(analysis({ legalRisk: 4, publicOpinionRisk: 4 }))
  assert.equal(both.score, 40)
  assert.equal(both.level, 'critical')
  // A large demand alone stays low: 5 * 0.15 = 15.
  assert.equal(overallRisk(analysis({ demand: 5 })).level, 'low')
})

test('raising any one score never lowers the overall score', () => {
  for (const k of fiveDimensionKeys) {
    for (let s = 0; s < 5; s++) {
      const lower = overallRisk(analysis({ liability: 2, [k]: s }))
      const higher = overallRisk(analysis({ liability: 2, [k]: s + 1 }))
      assert.ok(higher.score >= lower.score, `${k} ${s}`)
    }
  }
})

test('validateFiveDimensions checks ranges, integers, notes and unknown keys', () => {
  assert.deepEqual(validateFiveDimensions(analysis({ legalRisk: 3 })), [])
  const bad = {
    ...analysis({}),
    demand: { score: 6, note: '' },
    liability: { score: 2.5, note: 'x' },
    extra: { score: 1, note: '' },
  }
  const { publicOpinionRisk: _omit, ...missing } = bad
  assert.deepEqual(
    validateFiveDimensions(missing).map((p) => p.path),
    ['demand.score', 'liability.score', 'publicOpinionRisk', 'extra'],
  )
  assert.equal(validateFiveDimensions(null).length, 1)
  assert.deepEqual(
    validateFiveDimensions({ ...analysis({}), facts: undefined, factsEvidence: { score: 1, note: 7 } }).map(
      (p) => p.path,
    ),
    ['factsEvidence.note', 'facts'],
  )
})
