/**
 * The API's fixed vocabularies as plain constants, without zod: the schemas (common.ts and the others)
 * are built from them, and the web app's pages that need only a list of values (roles, sexes,
 * statuses) import them without downloading a schema library.
 */

export const ROLES = ['admin', 'coordinator', 'investigator', 'monitor', 'statistician'] as const;
export type Role = (typeof ROLES)[number];

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const SUBJECT_STATUSES = [
  'screening',
  'eligible',
  'screen_failed',
  'randomized',
  'withdrawn',
] as const;
export type SubjectStatus = (typeof SUBJECT_STATUSES)[number];

/** The registry's recruiting statuses (ClinicalTrials.gov). */
export const RECRUITING_STATUSES = [
  'NOT_YET_RECRUITING',
  'RECRUITING',
  'ACTIVE_NOT_RECRUITING',
  'SUSPENDED',
  'COMPLETED',
  'WITHDRAWN',
] as const;
export type RecruitingStatus = (typeof RECRUITING_STATUSES)[number];

export const OVERALLS = ['eligible', 'ineligible', 'incomplete'] as const;
export type Overall = (typeof OVERALLS)[number];

export const CRITERION_STATUSES = ['met', 'not_met', 'unknown', 'needs_review'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

/** The username rule (the database's CHECK says the same). */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;
export const USERNAME_RULE_TEXT =
  'lower-case letters, digits, . _ -; 2 to 63 characters, starting with a letter or digit';

/** The meaning of the investigator's eligibility signature; the server accepts only these words. */
export const ELIGIBILITY_MEANING = 'I confirm eligibility';

export const DUPLICATE_BASES = ['identifier', 'demographics'] as const;
export const MEDIA_TYPES = ['application/fhir+json', 'application/fhir+ndjson'] as const;
export const ACCRUAL_PERIODS = ['week', 'month'] as const;
export type AccrualPeriod = (typeof ACCRUAL_PERIODS)[number];
export const TIME_UNIT_NAMES = ['days', 'weeks', 'months'] as const;
export type TimeUnit = (typeof TIME_UNIT_NAMES)[number];
