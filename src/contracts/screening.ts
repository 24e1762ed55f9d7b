/**
 * Screening: FHIR documents, entered lab results, answers to the questionnaire, screening episodes
 * with the eligibility engine's result, the investigator's signature, and eligibility as
 * randomization sees it (with its blockers).
 */
import { z } from 'zod';
import { BLOCKER_CODES } from './codes.ts';
import { calendarDate, isoDate, overall, reason, timestamp } from './common.ts';
import { DEFAULT_LIMITS, type ResourceLimits } from './limits.ts';
import { possibleDuplicate, subject, subjectParams } from './subjects.ts';
import {
  fileName,
  hasControlCharacter,
  identifier,
  isWellFormed,
  jsonNestsDeeperThan,
  jsonTextProblems,
  multiLine,
  NO_CONTROL_BUT_LINES,
  secret,
  singleLine,
  WELL_FORMED_TEXT,
} from './text.ts';
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

/** The problems of one NDJSON line: its text, its nesting, and the text inside the resource it holds. */
function ndjsonLineProblems(line: string, maxDepth: number): string[] {
  if (!isWellFormed(line)) return [WELL_FORMED_TEXT];
  if (hasControlCharacter(line, true)) return [NO_CONTROL_BUT_LINES];
  if (jsonNestsDeeperThan(line, maxDepth)) return [`JSON nested at most ${maxDepth} levels deep`];
  let resource: unknown;
  try {
    resource = JSON.parse(line);
  } catch {
    return []; // not JSON: the FHIR reader names the file and line
  }
  return jsonTextProblems(resource).map(
    ({ path, message }) => `${path.join('.') || '(the line)'}: ${message}`,
  );
}

/**
 * An uploaded document's content, within the limits: a Bundle (at most `uploads.maxResources` entries)
 * or a resource, or NDJSON text (at most that many lines, each nested at most `requests.maxJsonDepth`
 * deep like a JSON body). Every key and string in it must be well-formed FHIR text, and a bad one is
 * named by its path (and line): jsonb cannot hold NUL, and a lone surrogate would not be stored as sent.
 * Lines that are not JSON are left to the FHIR reader, which names them by file and line.
 */
export function documentContent(limits: Pick<ResourceLimits, 'uploads' | 'requests'>) {
  const { maxResources } = limits.uploads;
  const json = z.record(z.string(), z.unknown()).superRefine((document, ctx) => {
    const entry = document.entry;
    if (Array.isArray(entry) && entry.length > maxResources) {
      ctx.addIssue({
        code: 'custom',
        path: ['entry'],
        message: `at most ${maxResources} entries in one upload (got ${entry.length})`,
      });
      return;
    }
    for (const problem of jsonTextProblems(document))
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });
  // Checked line by line (not as `dataText`, whose refusal a union would hide behind "Invalid input").
  const ndjson = z.string().superRefine((text, ctx) => {
    const lines = text.split('\n');
    const resources = lines.filter((line) => line.trim() !== '').length;
    if (resources > maxResources) {
      ctx.addIssue({
        code: 'custom',
        message: `at most ${maxResources} resources (lines) in one upload (got ${resources})`,
      });
      return;
    }
    const problems: string[] = [];
    for (const [i, line] of lines.entries()) {
      if (problems.length >= 10) break;
      if (line.trim() !== '')
        problems.push(
          ...ndjsonLineProblems(line, limits.requests.maxJsonDepth).map((p) => `line ${i + 1}: ${p}`),
        );
    }
    for (const message of problems.slice(0, 10)) ctx.addIssue({ code: 'custom', message });
  });
  return z.union([json, ndjson]);
}

/** The upload body within the protocol's limits (the server's); `documentBody` is it within the defaults. */
export function documentBodyWithin(limits: Pick<ResourceLimits, 'uploads' | 'requests'>) {
  return z.strictObject({
    fileName,
    mediaType: z.enum(MEDIA_TYPES),
    /** A Bundle or resource as JSON (fhir+json), or NDJSON text (fhir+ndjson). */
    content: documentContent(limits),
    /** A person's reason why the file's patient is the subject although they differ. */
    identityMismatchReason: reason.optional(),
  });
}
export const documentBody = documentBodyWithin(DEFAULT_LIMITS);
export type DocumentBody = z.input<typeof documentBody>;
export const documentUploaded = screeningRun.extend({
  documentId: z.string(),
  resourceCount: z.number(),
  sha256: z.string(),
  possibleDuplicates: z.array(possibleDuplicate),
});
export type DocumentUploaded = z.infer<typeof documentUploaded>;
export const documentParams = subjectParams.extend({ documentId: z.uuid() });
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
  labId: identifier(64),
  value: z.number(),
  /** UCUM, as typed (`10*9/L`, `mg/dL`). */
  unit: singleLine(64),
};
export const labResultBody = z.strictObject({ ...labValue, date: calendarDate });
export const labPanelBody = z.strictObject({
  date: calendarDate,
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
        linkId: identifier(64),
        /** true/false, a date or a code: one line. */
        value: z.union([z.boolean(), singleLine(64, 0)]),
        comment: multiLine(2000, 0).optional(),
      }),
    )
    .min(1)
    .max(500),
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

export const rescreenBody = z.strictObject({ asOf: calendarDate.optional() });

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
  password: secret(256),
  resultSha256: z.string().regex(/^[0-9a-f]{64}$/),
  meaning: singleLine(200, 0),
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
