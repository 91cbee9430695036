/**
 * Settlement helpers, in integer 分 (fen).
 *
 * Ackerman plan: offers at 65 %, 85 % and 95 % of the target, then a final offer that stands for 100 % but is
 * a precise, non-round figure a little under the target. A round final figure (5,000 元) reads as a
 * negotiable opening; a precise one (4,848 元) reads as calculated and final.
 *
 * Rule (deterministic):
 * - The unit is whole 元 when the target is at least 100 元, else 1 分 (small refunds stay exact).
 * - Steps 1-3: the percentage of the target, rounded down to the unit.
 * - Final: 97 % of the target rounded down to the unit, then lowered one unit at a time until its last digit
 *   (in that unit) is not 0, 5 or 9 (round, half-round or "price-tag" endings). E.g. 5,000 元 -> 4,850 ->
 *   4,849 (ends 9) -> 4,848 元. The final figure always lies strictly between the 95 % step and the target
 *   when the target is at least 100 元.
 * - Offers never go below 1 unit nor above the target, and never decrease from one step to the next.
 */

export const ACKERMAN_STEPS = [0.65, 0.85, 0.95] as const
export const ACKERMAN_FINAL_RATIO = 0.97

export interface AckermanOffer {
  step: 1 | 2 | 3 | 4
  /** Nominal share of the target this step stands for (the final stands for 100 %). */
  percent: 65 | 85 | 95 | 100
  amountFen: number
  final: boolean
}

const FEN_PER_YUAN = 100
const roundEndings = new Set([0, 5, 9])

function assertFen(amountFen: number, what: string): void {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    throw new RangeError(`${what} must be a positive whole number of fen (got ${amountFen})`)
  }
}

export function ackermanPlan(targetFen: number): AckermanOffer[] {
  assertFen(targetFen, 'target')
  const unit = targetFen >= 100 * FEN_PER_YUAN ? FEN_PER_YUAN : 1
  const floorToUnit = (fen: number) => Math.max(unit, Math.floor(fen / unit) * unit)
  // Percentages as integer arithmetic on fen, so 0.95 * 1e6 has no float drift.
  const percentOf = (ratio: number) => Math.floor((targetFen * Math.round(ratio * 100)) / 100)

  const steps = ACKERMAN_STEPS.map((r) => Math.min(targetFen, floorToUnit(percentOf(r))))
  let finalUnits = Math.floor(percentOf(ACKERMAN_FINAL_RATIO) / unit)
  const stepThreeUnits = Math.floor((steps[2] ?? 0) / unit)
  while (finalUnits > stepThreeUnits + 1 && roundEndings.has(finalUnits % 10)) finalUnits--
  let finalFen = Math.min(targetFen, Math.max(unit, finalUnits * unit))

  const amounts = [...steps, finalFen]
  for (let i = 1; i < amounts.length; i++) amounts[i] = Math.max(amounts[i] ?? 0, amounts[i - 1] ?? 0)
  finalFen = amounts[3] ?? finalFen
  const percents = [65, 85, 95, 100] as const
  return percents.map((percent, i) => ({
    step: (i + 1) as AckermanOffer['step'],
    percent,
    amountFen: amounts[i] ?? 0,
    final: i === 3,
  }))
}

/** `4848.00 元`-style text for notes (the console formats with locale). */
export function formatYuan(amountFen: number): string {
  const sign = amountFen < 0 ? '-' : ''
  const abs = Math.abs(amountFen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} 元`
}

/** Per-role authority limits in fen: the largest amount a holder of the role may agree without approval. */
export type AuthorityLimits = Readonly<Record<string, number>>

export interface AuthorityCheck {
  needsApproval: boolean
  /** The actor's highest limit over their roles (0 when none of their roles has a limit). */
  actorLimitFen: number
  /** Roles whose limit covers the amount, lowest limit first: whom to ask. Empty when no role can approve. */
  approverRoles: string[]
}

/**
 * Whether an offer of `amountFen` by an actor holding `actorRoles` needs approval. A role missing from
 * `limits` has no authority. Approval is needed when the amount exceeds the actor's highest limit.
 */
export function checkAuthority(
  limits: AuthorityLimits,
  actorRoles: readonly string[],
  amountFen: number,
): AuthorityCheck {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) {
    throw new RangeError(`amount must be a non-negative whole number of fen (got ${amountFen})`)
  }
  let actorLimitFen = 0
  for (const role of actorRoles) actorLimitFen = Math.max(actorLimitFen, limits[role] ?? 0)
  const needsApproval = amountFen > actorLimitFen
  const approverRoles = needsApproval
    ? Object.entries(limits)
        .filter(([, limit]) => limit >= amountFen)
        .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
        .map(([role]) => role)
    : []
  return { needsApproval, actorLimitFen, approverRoles }
}
