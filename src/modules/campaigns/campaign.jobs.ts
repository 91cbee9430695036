// Jobs: place one complaint (enqueued by intake in its transaction), and the scheduled full re-cluster.
import type { JobHandlers } from '../../platform/jobs.ts'
import { INGEST_JOB, RECLUSTER_JOB, ingest, recluster } from './campaign.service.ts'

export const campaignJobHandlers: JobHandlers = {
  [INGEST_JOB]: async (ctx, payload) => {
    await ingest(ctx, String(payload.caseId))
  },
  [RECLUSTER_JOB]: async (ctx) => {
    await recluster(ctx)
  },
}
