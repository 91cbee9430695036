// Scores campaign output against planted truth: B-cubed over complaints in a true ring or a flagged campaign.
export interface TruthRow {
  id: string
  ring: string | null
}

export interface CampaignScores {
  precision: number
  recall: number
  f1: number
  memberRecall: number
  organicFlagged: number
}

export function scoreCampaigns(truth: readonly TruthRow[], predicted: ReadonlyMap<string, string | null>): CampaignScores {
  const byRing = new Map<string, number>()
  const byCampaign = new Map<string, number>()
  const both = new Map<string, number>()
  for (const t of truth) {
    const c = predicted.get(t.id) ?? null
    if (t.ring) byRing.set(t.ring, (byRing.get(t.ring) ?? 0) + 1)
    if (c) byCampaign.set(c, (byCampaign.get(c) ?? 0) + 1)
    if (t.ring && c) both.set(`${t.ring}\u0000${c}`, (both.get(`${t.ring}\u0000${c}`) ?? 0) + 1)
  }
  let p = 0
  let r = 0
  let n = 0
  let ringMembers = 0
  let ringFlagged = 0
  let others = 0
  let othersFlagged = 0
  for (const t of truth) {
    const c = predicted.get(t.id) ?? null
    if (t.ring) {
      ringMembers++
      if (c) ringFlagged++
    } else {
      others++
      if (c) othersFlagged++
    }
    if (!t.ring && !c) continue
    const inter = t.ring && c ? both.get(`${t.ring}\u0000${c}`)! : 1
    p += inter / (c ? byCampaign.get(c)! : 1)
    r += inter / (t.ring ? byRing.get(t.ring)! : 1)
    n++
  }
  const precision = n ? p / n : 1
  const recall = n ? r / n : 1
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    memberRecall: ringMembers ? ringFlagged / ringMembers : 1,
    organicFlagged: others ? othersFlagged / others : 0,
  }
}
