// The one registry of job handlers run by `tianping serve`/`start` (and later `tianping worker`).
import type { JobHandlers } from '../platform/jobs.ts'
import * as cases from '../modules/cases/index.ts'
import * as campaigns from '../modules/campaigns/index.ts'

export const jobHandlers: JobHandlers = {
  ...cases.caseJobHandlers,
  ...campaigns.campaignJobHandlers,
}
