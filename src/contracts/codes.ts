/**
 * Machine-readable codes of the refusals a page reacts to. The codes are the contract; the messages
 * beside them are for people and may be reworded.
 */

/** Why a subject cannot be randomized (eligibility.blockers, and the 422 of POST …/randomization). */
export const BLOCKER_CODES = [
  'not_screened',
  'not_eligible',
  'not_signed',
  'signature_stale',
  'not_today',
  'subject_status',
  'no_list',
  'duplicate_randomized',
  'factor_mismatch',
] as const;
export type BlockerCode = (typeof BLOCKER_CODES)[number];

/** Refusal codes carried as `error.code`. */
export const REFUSAL_CODES = {
  /** An upload's Patient (or a corrected identity) differs from the subject: `mismatches` lists both values. */
  identityMismatch: 'identity_mismatch',
  /** A locked account (or username): `lockedUntil`, `minutes`, `lockedNow`. */
  accountLocked: 'account_locked',
  /** Randomization refused: `preconditions` lists the blockers. */
  preconditions: 'preconditions_not_met',
} as const;
export type RefusalCode = (typeof REFUSAL_CODES)[keyof typeof REFUSAL_CODES];
