// campaigns: organised-complaint detection (templates, identity rings, agents, bursts) with reasons.
export {
  CampaignDetector,
  detect,
  defaultDetectorOptions,
  identityValues,
  type AddResult,
  type AgentInput,
  type BurstResult,
  type Campaign,
  type CampaignSignals,
  type ComplainantInput,
  type ComplaintInput,
  type DetectionResult,
  type DetectorOptions,
  type RecordResult,
  type SharedAttribute,
} from './core/detector.ts'
export { BurstDetector, poissonUpperTail, type BurstAlert, type BurstOptions } from './core/burst.ts'
export { shingles, normalizeText } from './core/text.ts'
export { RepeatedKeys, CountMinSketch } from './core/rarity.ts'
export { hash53 } from './core/hash.ts'
export { SignatureStore } from './core/minhash.ts'
export { LshIndex } from './core/lsh.ts'
export { UnionFind } from './core/union-find.ts'
export { maskPhone, maskValue, normalizeAddress, normalizePhone, type LinkKind } from './core/identity.ts'
export { formatDay, dayOf } from './core/days.ts'
