// SLA dashboard (时限看板): open cases by clock state, on-time rates by queue and handler, a daily trend.
import { z } from 'zod'
import { endpoint } from './endpoint.ts'

export const DashboardLimits = { daysDefault: 14, daysMax: 90 } as const

export const SlaDashboardQuery = z.object({
  days: z.coerce.number().int().min(1).max(DashboardLimits.daysMax).default(DashboardLimits.daysDefault)
    .describe('window for the on-time rates and the trend, in Asia/Shanghai days ending today'),
})

const Compliance = z.object({
  open: z.number().int().describe('cases not resolved, closed or withdrawn'),
  breached: z.number().int().describe('open cases past their due instant'),
  done: z.number().int().describe('cases resolved in the window'),
  onTime: z.number().int().describe('of those, resolved within their clock'),
  rate: z.number().nullable().describe('onTime / done; null when none was resolved'),
})

export const SlaDashboard = z.object({
  asOf: z.date(),
  days: z.number().int(),
  open: z.number().int(),
  dueToday: z.number().int().describe('open cases due before the end of today (Asia/Shanghai), not yet breached'),
  breached: z.number().int(),
  warning: z.number().int(),
  paused: z.number().int(),
  compliance: Compliance,
  byQueue: z.array(Compliance.extend({ queueId: z.string().nullable(), queueName: z.string().nullable() })),
  byAssignee: z.array(Compliance.extend({ assigneeId: z.string().nullable(), assigneeName: z.string().nullable() })),
  trend: z.array(
    z.object({
      date: z.string().describe('YYYY-MM-DD, Asia/Shanghai'),
      received: z.number().int(),
      resolved: z.number().int(),
      breached: z.number().int().describe('clock breaches recorded that day'),
    }),
  ),
})
export type SlaDashboard = z.output<typeof SlaDashboard>

export const slaDashboard = endpoint({
  method: 'GET', path: '/api/v1/cases/dashboard', permission: 'cases:read', tags: ['cases'],
  summary: 'SLA dashboard: due today, breached, warning, on-time rate by queue and handler, daily trend',
  query: SlaDashboardQuery, response: SlaDashboard,
})
