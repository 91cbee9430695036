// Public API of the keywords module: lexicon parsing, the default lexicon, matcher build and scan,
// streaming scan and the normalizer (for modules that compare normalized text, e.g. campaigns).
export { parseTerms, formatTerms, parseTermOptions, defaultTermOptions, severities, termActions, termScopes, separatorPolicies } from './core/lexicon.ts'
export type { LexiconTerm, TermOptions, Severity, TermAction, TermScope, SeparatorPolicy, ParsedLexicon, TermParseError } from './core/lexicon.ts'
export { buildMatcher, matchModes, variantKinds, RawHits, maxGapUnits } from './core/matcher.ts'
export type { Matcher, MatcherOptions, Hit, MatchMode, VariantKind } from './core/matcher.ts'
export { StreamScanner } from './core/stream.ts'
export { normalize, foldString } from './core/normalize.ts'
export type { NormalizedText } from './core/normalize.ts'
export { buildAutomaton, findAll, countAll, MatchBuffer, automatonBytes } from './core/automaton.ts'
export type { Automaton } from './core/automaton.ts'
export { defaultLexicon, defaultLexiconText } from './default-lexicon.ts'
