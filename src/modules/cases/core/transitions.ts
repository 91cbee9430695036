// The case state machine. One table says which action moves which status where; everything else is derived
// from it, so the API can answer an illegal transition with the actions that are allowed.

export const caseStatuses = [
  'new', // 新建: received, not yet triaged
  'triaged', // 已分类: category and priority set
  'assigned', // 已分派: a handler owns it
  'investigating', // 处理中: facts being verified
  'waiting', // 等待中: waiting on the complainant (补充材料) or a third party (鉴定, 检测, 评估)
  'proposed', // 已提出方案: a decision or settlement put to the complainant
  'resolved', // 已办结: decision made and communicated
  'closed', // 已归档: follow-up done, file closed
  'reopened', // 已重开: a resolved or closed case reopened (复议, new facts)
  'escalated', // 已升级: to a supervisor, or out to mediation, arbitration, regulator, police
  'withdrawn', // 已撤回: the complainant withdrew; handling ends that day
  'on_hold', // 挂起: parked with a reason (e.g. awaiting a court ruling); the statutory clock keeps running
] as const
export type CaseStatus = (typeof caseStatuses)[number]

export const caseActions = [
  'triage',
  'assign', // first assignment, or assignment after a reopen
  'reassign', // change handler without changing status
  'start',
  'wait',
  'resume',
  'propose',
  'return', // proposal rejected or needs rework: back to investigating
  'resolve',
  'close',
  'reopen',
  'escalate',
  'deescalate', // escalation returned for ordinary handling
  'withdraw',
  'hold', // park a case with a reason and an optional until-date
  'unhold', // back to investigating
  'appeal', // 复议: the complainant contests a resolved or closed case within the appeal window
  'close_duplicate', // 作为重复件关闭: the same complaint again; the original carries the handling, no playbook here
] as const
export type CaseAction = (typeof caseActions)[number]

type TransitionTable = Readonly<Record<CaseStatus, Readonly<Partial<Record<CaseAction, CaseStatus>>>>>

export const transitionTable: TransitionTable = {
  // close_duplicate only before a decision is put to the complainant (up to investigating, waiting, held, or
  // reopened): once a proposal or a decision exists, the case is handled on its own merits.
  new: { triage: 'triaged', escalate: 'escalated', withdraw: 'withdrawn', close_duplicate: 'closed' },
  triaged: { assign: 'assigned', escalate: 'escalated', withdraw: 'withdrawn', close_duplicate: 'closed' },
  assigned: { start: 'investigating', reassign: 'assigned', escalate: 'escalated', withdraw: 'withdrawn', hold: 'on_hold', close_duplicate: 'closed' },
  investigating: {
    wait: 'waiting',
    propose: 'proposed',
    reassign: 'investigating',
    escalate: 'escalated',
    withdraw: 'withdrawn',
    hold: 'on_hold',
    close_duplicate: 'closed',
  },
  waiting: { resume: 'investigating', reassign: 'waiting', escalate: 'escalated', withdraw: 'withdrawn', close_duplicate: 'closed' },
  proposed: {
    resolve: 'resolved',
    return: 'investigating',
    reassign: 'proposed',
    escalate: 'escalated',
    withdraw: 'withdrawn',
    hold: 'on_hold',
  },
  resolved: { close: 'closed', reopen: 'reopened', escalate: 'escalated', appeal: 'reopened' },
  closed: { reopen: 'reopened', appeal: 'reopened' },
  reopened: { assign: 'assigned', start: 'investigating', escalate: 'escalated', withdraw: 'withdrawn', hold: 'on_hold', close_duplicate: 'closed' },
  escalated: {
    deescalate: 'investigating',
    resolve: 'resolved',
    close: 'closed',
    reassign: 'escalated',
    withdraw: 'withdrawn',
    hold: 'on_hold',
  },
  withdrawn: {},
  // Held from any active status except waiting (whose clock pause belongs to resume); unhold goes back to
  // investigating rather than to the status before the hold, so the table stays the only source of moves.
  on_hold: { unhold: 'investigating', reassign: 'on_hold', escalate: 'escalated', withdraw: 'withdrawn', close_duplicate: 'closed' },
}

/** The status `action` leads to from `status`, or null when the action is not allowed there. */
export function nextStatus(status: CaseStatus, action: CaseAction): CaseStatus | null {
  return transitionTable[status][action] ?? null
}

/** Actions allowed from `status`, in the order of `caseActions`. */
export function allowedActions(status: CaseStatus): CaseAction[] {
  const row = transitionTable[status]
  return caseActions.filter((a) => row[a] !== undefined)
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (caseStatuses as readonly string[]).includes(value)
}

export function isCaseAction(value: unknown): value is CaseAction {
  return typeof value === 'string' && (caseActions as readonly string[]).includes(value)
}

export type TransitionResult =
  | { ok: true; from: CaseStatus; to: CaseStatus }
  | { ok: false; from: CaseStatus; action: CaseAction; allowed: CaseAction[]; message: string }

/** nextStatus with the refusal spelled out for a 409 (`cases.invalid_transition`). */
export function transition(status: CaseStatus, action: CaseAction): TransitionResult {
  const to = nextStatus(status, action)
  if (to !== null) return { ok: true, from: status, to }
  const allowed = allowedActions(status)
  const list = allowed.length > 0 ? allowed.join(', ') : 'none'
  return {
    ok: false,
    from: status,
    action,
    allowed,
    message: `cannot ${action} a ${status} case; allowed: ${list}`,
  }
}

/** No action leaves a terminal status. */
export function isTerminal(status: CaseStatus): boolean {
  return allowedActions(status).length === 0
}

/**
 * What a status does to the SLA clock. 'paused': waiting on the complainant or on an outside appraisal
 * does not count (the service opens a pause on `wait` and closes it on `resume`, `withdraw` or `escalate`).
 * 'stopped': the decision has been made or handling ended, so the decision clock is met or moot.
 * Escalated cases keep running: escalation inside the institution does not stop the statutory clock.
 * So do held cases (挂起): the 2020 banking and insurance complaint rules know no internal hold, so a hold is
 * shown on the case but never pauses or extends a deadline (use wait or a recorded extension for that).
 */
export function clockEffect(status: CaseStatus): 'running' | 'paused' | 'stopped' {
  switch (status) {
    case 'waiting':
      return 'paused'
    case 'resolved':
    case 'closed':
    case 'withdrawn':
      return 'stopped'
    case 'new':
    case 'triaged':
    case 'assigned':
    case 'investigating':
    case 'proposed':
    case 'reopened':
    case 'escalated':
    case 'on_hold':
      return 'running'
  }
}

export function pausesClock(status: CaseStatus): boolean {
  return clockEffect(status) === 'paused'
}
