/**
 * Screening: FHIR documents, entered lab results, answers to the questionnaire, screening episodes
 * with the eligibility engine's result, the investigator's signature, and eligibility as
 * randomization sees it (with its blockers).
 */
import { z } from 'zod';
import { BLOCKER_CODES } from './codes.ts';
import { isoDate, overall, reason, timestamp } from './common.ts';
import { possibleDuplicate, subject } from './subjects.ts';
import { CRITERION_STATUSES, MEDIA_TYPES } from './vocabulary.ts';

export const criterionResult = z.strictObject({
  id: z.string(),
  type: z.enum(['inclusion', 'exclusion']),
  status: z.enum(CRITERION_STATUSES),
  reason: z.string(),
  /** `ResourceType/id` references that support the reason. */
  evidence: z.array(z.string()),
});
export type CriterionResult = z.infer<typeof criterionResult>;

export const screeningResult = z.strictObject({
  patientId: z.string(),
  overall,
  criteria: z.array(criterionResult),
  warnings: z.array(z.string()),
});
export type ScreeningResult = z.infer<typeof screeningResult>;

export const episodeSummary = z.strictObject({
  id: z.string(),
  number: z.number(),
  asOf: isoDate,
  overall,
  failing: z.array(z.string()),
  resultSha256: z.string(),
  screenedAt: timestamp,
});
export type EpisodeSummary = z.infer<typeof episodeSummary>;
export const episode = episodeSummary.extend({ result: screeningResult });
export type Episode = z.infer<typeof episode>;

/** What a change that re-screens answers: the episode it led to (`created` false: inputs unchanged). */
export const screeningRun = z.strictObject({ episode, warnings: z.array(z.string()), created: z.boolean() });
export type ScreeningRun = z.infer<typeof screeningRun>;

export const documentBody = z.strictObject({
  fileName: z.string().min(1).max(255),
  mediaType: z.enum(MEDIA_TYPES),
  /** A Bundle or resource as JSON (fhir+json), or NDJSON text (fhir+ndjson). */
  content: z.union([z.record(z.string(), z.unknown()), z.string()]),
  /** A person's reason why the file's patient is the subject although they differ. */
  identityMismatchReason: reason.optional(),
});
export type DocumentBody = z.input<typeof documentBody>;
export const documentUploaded = screeningRun.extend({
  documentId: z.string(),
  resourceCount: z.number(),
  sha256: z.string(),
  possibleDuplicates: z.array(possibleDuplicate),
});
export type DocumentUploaded = z.infer<typeof documentUploaded>;
export const documentParams = z.strictObject({ id: z.string().max(64), documentId: z.uuid() });
export const removeDocumentBody = z.strictObject({ reason });

/** Every document uploaded for a subject; removed ones stay listed, marked. */
export const subjectDocument = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  sha256: z.string(),
  resourceCount: z.number(),
  uploadedAt: timestamp,
  uploadedBy: z.string(),
  removedAt: timestamp.nullable(),
  removedBy: z.string().nullable(),
  removalReason: z.string().nullable(),
  /** The reason a person gave that the file's differing patient is the subject. */
  identityConfirmation: z.string().nullable(),
});
export type SubjectDocument = z.infer<typeof subjectDocument>;

const labValue = {
  labId: z.string().min(1).max(64),
  value: z.number(),
  unit: z.string().trim().min(1).max(64),
};
export const labResultBody = z.strictObject({ ...labValue, date: isoDate });
export const labPanelBody = z.strictObject({
  date: isoDate,
  results: z.array(z.strictObject(labValue)).min(1).max(50),
});
export type LabPanelBody = z.input<typeof labPanelBody>;

/** An answer as stored: its kind and value. */
export const answerValue = z.strictObject({
  kind: z.enum(['boolean', 'date', 'code']),
  value: z.union([z.boolean(), z.string()]),
});
export const attestationsBody = z.strictObject({
  answers: z
    .array(
      z.strictObject({
        linkId: z.string().max(64),
        value: z.union([z.boolean(), z.string().max(64)]),
        comment: z.string().max(2000).optional(),
      }),
    )
    .min(1),
  /** Required when an answer already given changes. */
  reason: reason.optional(),
});
export type AttestationsBody = z.input<typeof attestationsBody>;
/** The answers in force: the newest per question. */
export const answerInForce = z.strictObject({
  linkId: z.string(),
  value: answerValue,
  comment: z.string().nullable(),
  answeredAt: timestamp,
  answeredBy: z.string(),
});
export type AnswerInForce = z.infer<typeof answerInForce>;

export const rescreenBody = z.strictObject({ asOf: isoDate.optional() });

/** 21 CFR 11.50: who signed, when, what it means; bound to the hash of the signed result (§11.70). */
export const signature = z.strictObject({
  id: z.string(),
  episodeId: z.string(),
  signerId: z.string(),
  signerName: z.string(),
  meaning: z.string(),
  resultSha256: z.string(),
  signedAt: timestamp,
});
export type Signature = z.infer<typeof signature>;
export const signatureBody = z.strictObject({
  password: z.string().min(1).max(256),
  resultSha256: z.string().regex(/^[0-9a-f]{64}$/),
  meaning: z.string().max(200),
});

export const blocker = z.strictObject({ code: z.enum(BLOCKER_CODES), message: z.string() });
export type Blocker = z.infer<typeof blocker>;

/** Eligibility as randomization sees it today. */
export const eligibilityState = z.strictObject({
  overall: z.enum(['eligible', 'ineligible', 'incomplete', 'not_screened']),
  episodeId: z.string().nullable(),
  episodeNumber: z.number().nullable(),
  asOf: isoDate.nullable(),
  resultSha256: z.string().nullable(),
  signature: signature.nullable(),
  /** Stratification factors the screening answered (planned-mki): randomization insists on them. */
  stratification: z.record(z.string(), z.string()),
  /** Every randomization precondition not met today (empty: it can be randomized, factors aside). */
  blockers: z.array(blocker),
});
export type EligibilityState = z.infer<typeof eligibilityState>;

export const currentScreening = z.strictObject({
  episode: episode.nullable(),
  eligibility: eligibilityState,
});
export type CurrentScreening = z.infer<typeof currentScreening>;

/** GET /api/subjects/:id — the allocation row as stored (snake case). */
export const subjectDetail = subject.extend({
  eligibility: eligibilityState,
  allocation: z
    .strictObject({ arm: z.string(), stratum: z.string(), sequence: z.number(), randomized_at: timestamp })
    .nullable(),
  possibleDuplicates: z.array(possibleDuplicate),
});
export type SubjectDetail = z.infer<typeof subjectDetail>;

export const screeningLogEntry = z.strictObject({
  id: z.string(),
  studyId: z.string(),
  siteId: z.string(),
  status: z.string(),
  screenedAt: timestamp.nullable(),
  overall: z.string().nullable(),
  failing: z.array(z.string()),
  arm: z.string().nullable(),
  randomizedAt: timestamp.nullable(),
  withdrawalReason: z.string().nullable(),
});
/** CONSORT 2010, enrolment: every subject assessed in exactly one box. */
export const consortCounts = z.strictObject({
  assessed: z.number(),
  inScreening: z.number(),
  eligibleNotRandomized: z.number(),
  excluded: z.strictObject({
    total: z.number(),
    notMeetingCriteria: z.number(),
    withdrawn: z.number(),
    byCriterion: z.record(z.string(), z.number()),
  }),
  randomized: z.number(),
  allocated: z.record(z.string(), z.number()),
});
export type ConsortCounts = z.infer<typeof consortCounts>;
export const screeningLog = z.strictObject({ entries: z.array(screeningLogEntry), consort: consortCounts });
