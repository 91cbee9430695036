// Triage signals at intake: an evasion-aware keyword scan (keywords module) of the complaint text for what
// should reach a person sooner — threats to safety, media exposure, lawsuits, regulators, vulnerable
// complainants. Signals add `risk:<category>` tags and can only raise the priority; they never lower it or
// decide anything else. The lexicon is complaint-specific: governance terms (假货, 刷单) are not risks here.
import * as keywords from '../keywords/index.ts'

export const triageLexiconText = `# complaint triage signals
# term	category	severity	action
自杀	safety	critical	flag
轻生	safety	critical	flag
跳楼	safety	critical	flag
不想活	safety	critical	flag
同归于尽	safety	critical	flag
以死相逼	safety	critical	flag
曝光	public_opinion	high	flag
媒体	public_opinion	high	flag
记者	public_opinion	high	flag
上热搜	public_opinion	high	flag
发微博	public_opinion	high	flag
发抖音	public_opinion	high	flag
网上曝光	public_opinion	high	flag
起诉	legal	medium	flag
律师	legal	medium	flag
律师函	legal	medium	flag
法院	legal	medium	flag
仲裁	legal	medium	flag
诉讼	legal	medium	flag
银保监	regulator	high	flag
金融监管	regulator	high	flag
12378	regulator	high	flag	boundary=on
12315	regulator	high	flag	boundary=on
消协	regulator	high	flag
人民银行	regulator	high	flag
报警	police	high	flag
公安	police	high	flag
老年人	vulnerable	medium	flag
残疾	vulnerable	medium	flag
低保	vulnerable	medium	flag
重病	vulnerable	medium	flag
`

let matcher: keywords.Matcher | null = null
function triageMatcher(): keywords.Matcher {
  if (!matcher) {
    const { terms, errors } = keywords.parseTerms(triageLexiconText)
    if (errors.length) throw new Error(`triage lexicon: line ${errors[0]?.line}: ${errors[0]?.message}`)
    matcher = keywords.buildMatcher(terms)
  }
  return matcher
}

export interface TriageSignals {
  tags: string[]
  /** The priority the signals call for at least, or null. */
  minPriority: 'urgent' | 'high' | null
  hits: { term: string; category: string; severity: string; start: number; end: number }[]
}

const rank: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 }

export function triageSignals(text: string): TriageSignals {
  const hits = triageMatcher()
    .scan(text)
    .filter((h) => h.action !== 'allow')
    .map((h) => ({ term: h.term, category: h.category, severity: h.severity, start: h.start, end: h.end }))
  const tags = [...new Set(hits.map((h) => `risk:${h.category}`))]
  const minPriority = hits.some((h) => h.severity === 'critical') ? 'urgent' : hits.some((h) => h.severity === 'high') ? 'high' : null
  return { tags, minPriority, hits }
}

/** The higher of two priorities (urgent > high > normal > low). */
export function raisePriority(given: string, floor: string | null): string {
  if (!floor) return given
  return (rank[floor] ?? 2) < (rank[given] ?? 2) ? floor : given
}
