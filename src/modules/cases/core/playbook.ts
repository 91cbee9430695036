// Handling standard (处理规范): per-category playbooks of required steps that gate resolving and closing, and
// the five-dimension analysis 五维度 as scored fields with an overall risk.

export interface PlaybookStep {
  id: string
  label: { zh: string; en: string }
  /** The first action this step must be done before: 'resolve' gates 办结, 'close' gates 归档. */
  requiredBefore: 'resolve' | 'close'
  /** Optional steps are shown but never block. */
  optional?: boolean
}

export interface Playbook {
  id: string
  /** The sector or category it applies to; the service maps categories to playbooks. */
  appliesTo: string
  steps: readonly PlaybookStep[]
}

const listenRecord: PlaybookStep = {
  id: 'listen_record',
  label: { zh: '倾听记录', en: 'Listen and record' },
  requiredBefore: 'resolve',
}
const verifyFacts: PlaybookStep = {
  id: 'verify_facts',
  label: { zh: '核实事实', en: 'Verify facts' },
  requiredBefore: 'resolve',
}
const explainPolicy: PlaybookStep = {
  id: 'explain_policy',
  label: { zh: '解释政策', en: 'Explain policy' },
  requiredBefore: 'resolve',
}
const propose: PlaybookStep = {
  id: 'propose',
  label: { zh: '提出方案', en: 'Propose a remedy' },
  requiredBefore: 'resolve',
}
const confirm: PlaybookStep = {
  id: 'confirm_with_complainant',
  label: { zh: '与投诉人确认', en: 'Confirm with the complainant' },
  requiredBefore: 'resolve',
}
const followUp: PlaybookStep = {
  id: 'follow_up',
  label: { zh: '回访', en: 'Follow up' },
  requiredBefore: 'close',
}
const rootCause: PlaybookStep = {
  id: 'root_cause',
  label: { zh: '溯源整改', en: 'Trace the root cause' },
  requiredBefore: 'close',
}

export const defaultPlaybooks: Readonly<Record<'bank' | 'insurance' | 'ecommerce', Playbook>> = {
  bank: {
    id: 'bank-default',
    appliesTo: 'bank',
    steps: [
      listenRecord,
      {
        ...verifyFacts,
        label: { zh: '核实事实（交易流水、录音录像）', en: 'Verify facts (transactions, recordings)' },
      },
      explainPolicy,
      propose,
      confirm,
      followUp,
      rootCause,
    ],
  },
  insurance: {
    id: 'insurance-default',
    appliesTo: 'insurance',
    steps: [
      listenRecord,
      {
        ...verifyFacts,
        label: { zh: '核实事实（保单、理赔材料、销售过程）', en: 'Verify facts (policy, claim file, sale)' },
      },
      {
        id: 'check_terms',
        label: { zh: '核对合同条款', en: 'Check the policy terms' },
        requiredBefore: 'resolve',
      },
      explainPolicy,
      propose,
      confirm,
      followUp,
      rootCause,
    ],
  },
  ecommerce: {
    id: 'ecommerce-default',
    appliesTo: 'ecommerce',
    steps: [
      listenRecord,
      {
        ...verifyFacts,
        label: { zh: '核实事实（订单、物流、聊天记录）', en: 'Verify facts (order, shipping, chat)' },
      },
      {
        id: 'contact_merchant',
        label: { zh: '联系商家', en: 'Contact the merchant' },
        requiredBefore: 'resolve',
      },
      explainPolicy,
      propose,
      confirm,
      { ...followUp, optional: true },
    ],
  },
}

/**
 * Required steps not yet done before `action` (default 'close', which needs every required step), in
 * playbook order. Empty means the action may proceed; otherwise the service refuses and lists them.
 */
export function missingSteps(
  playbook: Playbook,
  completedStepIds: Iterable<string>,
  action: 'resolve' | 'close' = 'close',
): PlaybookStep[] {
  const done = new Set(completedStepIds)
  return playbook.steps.filter((s) => {
    if (s.optional || done.has(s.id)) return false
    return action === 'close' || s.requiredBefore === 'resolve'
  })
}

/** Step ids the playbook does not know: a typo in a completion record. */
export function unknownSteps(playbook: Playbook, completedStepIds: Iterable<string>): string[] {
  const known = new Set(playbook.steps.map((s) => s.id))
  return [...new Set(completedStepIds)].filter((id) => !known.has(id))
}

// ---------------------------------------------------------------------------------------------------------
// 五维度 five-dimension analysis. Every score is 0-5 in the same direction: 0 = no concern for the case,
// 5 = the most serious concern.

export const fiveDimensionKeys = [
  'demand', // 诉求: size and reasonableness of what is asked (5: excessive, e.g. 全额退保 or multiples of price)
  'factsEvidence', // 事实证据: how far facts and evidence support the complaint (5: fully established)
  'liability', // 责任: the institution's share of responsibility (5: entirely ours)
  'legalRisk', // 法律合规风险: legal or regulatory exposure (5: likely breach of rules, penalty)
  'publicOpinionRisk', // 舆情风险: publicity risk (5: media or social posts already spreading)
] as const
export type FiveDimensionKey = (typeof fiveDimensionKeys)[number]

export const fiveDimensionLabels: Readonly<Record<FiveDimensionKey, { zh: string; en: string }>> = {
  demand: { zh: '诉求', en: 'Demand' },
  factsEvidence: { zh: '事实证据', en: 'Facts and evidence' },
  liability: { zh: '责任', en: 'Liability' },
  legalRisk: { zh: '法律合规风险', en: 'Legal and regulatory risk' },
  publicOpinionRisk: { zh: '舆情风险', en: 'Public-opinion risk' },
}

export interface DimensionScore {
  score: number // integer 0-5
  note: string
}

export type FiveDimensionAnalysis = Readonly<Record<FiveDimensionKey, DimensionScore>>

/** Weights of the overall score; the two external risks weigh most. */
export const fiveDimensionWeights: Readonly<Record<FiveDimensionKey, number>> = {
  demand: 0.15,
  factsEvidence: 0.15,
  liability: 0.2,
  legalRisk: 0.25,
  publicOpinionRisk: 0.25,
}

export const MAX_DIMENSION_SCORE = 5
export const DIMENSION_NOTE_MAX = 2000

export interface AnalysisProblem {
  path: string
  message: string
}

/** Structural check of an analysis (for input that did not come through the zod contract). */
export function validateFiveDimensions(value: unknown): AnalysisProblem[] {
  if (typeof value !== 'object' || value === null)
    return [{ path: '', message: 'analysis must be an object' }]
  const record = value as Record<string, unknown>
  const problems: AnalysisProblem[] = []
  for (const key of fiveDimensionKeys) {
    const dim = record[key]
    if (typeof dim !== 'object' || dim === null) {
      problems.push({ path: key, message: `${key} is missing` })
      continue
    }
    const { score, note } = dim as Record<string, unknown>
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > MAX_DIMENSION_SCORE) {
      problems.push({
        path: `${key}.score`,
        message: `${key}.score must be a whole number from 0 to 5 (got ${String(score)})`,
      })
    }
    if (typeof note !== 'string') problems.push({ path: `${key}.note`, message: `${key}.note must be text` })
    else if (note.length > DIMENSION_NOTE_MAX) {
      problems.push({
        path: `${key}.note`,
        message: `${key}.note is longer than ${DIMENSION_NOTE_MAX} characters`,
      })
    }
  }
  for (const key of Object.keys(record)) {
    if (!(fiveDimensionKeys as readonly string[]).includes(key))
      problems.push({ path: key, message: `unknown dimension ${key}` })
  }
  return problems
}

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical'

export interface OverallRisk {
  /** 0-100: the weighted mean of the scores scaled to 100, rounded. */
  score: number
  level: RiskLevel
  /** Dimensions scoring 4 or 5, highest first: what drives the level. */
  drivers: FiveDimensionKey[]
}

const levelOrder: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical']

/**
 * Overall risk. Level by score: < 25 low, < 50 medium, < 75 high, else critical. A single severe external
 * risk is not averaged away: legal or public-opinion risk at 5 makes the level at least high, and both at 4 or
 * more make it critical.
 */
export function overallRisk(analysis: FiveDimensionAnalysis): OverallRisk {
  let weighted = 0
  for (const key of fiveDimensionKeys) weighted += fiveDimensionWeights[key] * analysis[key].score
  const score = Math.round((weighted / MAX_DIMENSION_SCORE) * 100)
  let level: RiskLevel = score < 25 ? 'low' : score < 50 ? 'medium' : score < 75 ? 'high' : 'critical'
  const legal = analysis.legalRisk.score
  const opinion = analysis.publicOpinionRisk.score
  const atLeast = (floor: RiskLevel) => {
    if (levelOrder.indexOf(level) < levelOrder.indexOf(floor)) level = floor
  }
  if (legal >= 5 || opinion >= 5) atLeast('high')
  if (legal >= 4 && opinion >= 4) atLeast('critical')
  const drivers = fiveDimensionKeys
    .filter((k) => analysis[k].score >= 4)
    .sort(
      (a, b) => analysis[b].score - analysis[a].score || fiveDimensionWeights[b] - fiveDimensionWeights[a],
    )
  return { score, level, drivers }
}
