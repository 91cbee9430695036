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
// Stored lexicons (API and console): CRUD, import/export, scanning through the matcher cache, feedback.
export {
  listLexicons, getLexicon, createLexicon, updateLexicon, deleteLexicon, listTerms, addTerm, updateTerm, deleteTerm, importTerms,
  exportTerms, ensureDefaultLexicon, scan, termStats, submitFeedback, listFeedback, acceptFeedback, rejectFeedback, proposeAllowEntry,
  shanghaiDay, defaultLexiconName,
} from './lexicon.service.ts'
export type { LexiconView, TermView } from './lexicon.mapping.ts'
export type { ApiHit, ScanInput, ScanOutput, FeedbackView, ImportResult, ImportFormat } from './lexicon.service.ts'
export { matcherCache, MatcherCache } from './matcher-cache.ts'
export { seedDemoKeywords } from './demo.ts'
