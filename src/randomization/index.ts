/**
 * Randomization (pure): stratified permuted-block lists and Pocock–Simon minimization, driven by a
 * configuration (protocols/<id>/randomization.yaml), plus a rehearsal mode that reports balance.
 *
 * No database, no clock, no ambient randomness: every draw comes from an HMAC-SHA256 stream keyed by
 * the trial's secret seed (`stream.ts`), so the same seed and inputs always give the same list or
 * allocation, and an auditor holding the seed can regenerate them. Keeping the seed secret, storing the
 * list, and handing out entries in order are the store's job.
 */
export {
  type Arm,
  DEFAULT_RANDOMIZATION_LIMITS,
  type Factor,
  type MinimizationConfig,
  type PermutedBlocksConfig,
  parseRandomizationConfig,
  type RandomizationConfig,
  randomizationConfigSchema,
  randomizationConfigSchemaWithin,
  strataCount,
} from './config.ts';
export { minimize, type PreviousAllocation } from './minimization.ts';
export { generateAllocationList } from './permuted-blocks.ts';
export { checkProtocolMatch, type ProtocolRandomizationFacts } from './protocol-match.ts';
export { type GeneratedSubjects, type RehearsalSubjects, rehearse } from './rehearsal.ts';
export { listStrata, stratumKey, UNSTRATIFIED } from './strata.ts';
export { ALGORITHM, MIN_SEED_HEX_CHARS, newSeed } from './stream.ts';
export * from './types.ts';
