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

// Stored, incremental detection (the product side).
export {
  enqueueIngest,
  enqueueReclusterSoon,
  ingest,
  recluster,
  requestRecluster,
  review,
  applyPlaybook,
  tuneThreshold,
  threshold,
  resetState,
  INGEST_JOB,
  RECLUSTER_JOB,
  type PlaybookInput,
  type PlaybookSteps,
  type IngestOutcome,
} from './campaign.service.ts'
export { listCampaigns, getCampaign, listBursts, acknowledgeBurst, listFeedback } from './campaign.view.ts'
export { evidencePackage, renderPdf, renderHtml, cjkFont, type EvidencePackage } from './campaign.evidence.ts'
export { campaignJobHandlers } from './campaign.jobs.ts'
export { seedDemoCampaigns } from './demo.ts'
