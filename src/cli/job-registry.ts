// The one registry of job handlers run by `tianping serve`/`start` (and later `tianping worker`).
import type { JobHandlers } from '../platform/jobs.ts'

export const jobHandlers: JobHandlers = {}
