// The cases module's API: what routes, the CLI and other modules may import.
export { receiveComplaint, getCase, act, completeStep, extend, addNote, timeline, revealParty, listCases, formatCaseNumber } from './case.service.ts'
export { fileReport, reportStatus, addReporterMessage, receiptHash } from './report.service.ts'
export { createOffer, approveOffer, listOffers, defaultAuthorityLimits } from './settlement.service.ts'
export { createQueue, listQueues, declareInterest } from './admin.service.ts'
export { caseJobHandlers, checkClock } from './case.jobs.ts'
export { ackermanPlan } from './core/settlement.ts'
export { SLA_CHECK_JOB, slaJobKey } from './sla.service.ts'
export { caseStatuses, caseActions } from './core/transitions.ts'
