/**
 * The shapes the subject, screening and randomization routes answer with, as the browser sees them
 * (src/store/subjects.ts, screening.ts, signatures.ts, randomization.ts, audit.ts and
 * src/eligibility/screen.ts). Kept here rather than imported so the web app does not pull server code.
 */

import type { PossibleDuplicate } from './identity.ts';

export const SUBJECT_STATUSES = [
  'screening',
  'eligible',
  'screen_failed',
  'randomized',
  'withdrawn',
] as const;
export type SubjectStatus = (typeof SUBJECT_STATUSES)[number];
export type Sex = 'female' | 'male' | 'other' | 'unknown';
export const SEXES: readonly Sex[] = ['female', 'male', 'other', 'unknown'];

export interface Subject {
  id: string;
  studyId: string;
  siteId: string;
  initials: string;
  birthDate: string;
  sex: Sex;
  status: SubjectStatus;
  withdrawalReason: string | null;
  createdAt: string;
  version: number;
}

/** The catalog's four results of a criterion. */
export type CriterionStatus = 'met' | 'not_met' | 'unknown' | 'needs_review';
export type Overall = 'eligible' | 'ineligible' | 'incomplete';

export interface CriterionResult {
  id: string;
  type: 'inclusion' | 'exclusion';
  status: CriterionStatus;
  reason: string;
  /** `ResourceType/id` references that support the reason. */
  evidence: string[];
}

export interface ScreeningResult {
  patientId: string;
  overall: Overall;
  criteria: CriterionResult[];
  warnings: string[];
}

export interface EpisodeSummary {
  id: string;
  number: number;
  asOf: string;
  overall: Overall;
  failing: string[];
  resultSha256: string;
  screenedAt: string;
}

export interface Episode extends EpisodeSummary {
  result: ScreeningResult;
}

export interface Signature {
  id: string;
  episodeId: string;
  signerId: string;
  signerName: string;
  meaning: string;
  resultSha256: string;
  signedAt: string;
}

export interface EligibilityState {
  overall: Overall | 'not_screened';
  episodeId: string | null;
  episodeNumber: number | null;
  asOf: string | null;
  resultSha256: string | null;
  signature: Signature | null;
  /** Stratification factors the current screening answered (planned-mki): what randomization insists on. */
  stratification: Record<string, string>;
  /** Every randomization precondition not met today (GET /api/subjects/:id adds the list and duplicates). */
  blockers: Blocker[];
}

/** Why a subject cannot be randomized: the code is the contract, the message is for people. */
export interface Blocker {
  code: string;
  message: string;
}

/** GET /api/subjects/:id — the allocation row comes straight from the database (snake case). */
export interface SubjectDetail extends Subject {
  eligibility: EligibilityState;
  possibleDuplicates: PossibleDuplicate[];
  allocation: { arm: string; stratum: string; sequence: number; randomized_at: string } | null;
}

/** GET /api/subjects/:id/screening */
export interface CurrentScreening {
  episode: Episode | null;
  eligibility: EligibilityState;
}

/** POST documents, attestations and screenings answer with the episode they led to. */
export interface ScreeningRun {
  episode: Episode;
  warnings: string[];
  created: boolean;
}

export interface DocumentUploaded extends ScreeningRun {
  documentId: string;
  resourceCount: number;
  sha256: string;
  /** Other subjects that may be the same person (after this upload). */
  possibleDuplicates: PossibleDuplicate[];
}

/** GET /api/subjects/:id/documents — every upload, removed ones marked. */
export interface DocumentView {
  id: string;
  fileName: string;
  mediaType: string;
  sha256: string;
  resourceCount: number;
  uploadedAt: string;
  uploadedBy: string;
  removedAt: string | null;
  removedBy: string | null;
  removalReason: string | null;
  /** The reason a person gave that the file's differing patient is the subject. */
  identityConfirmation: string | null;
}

/** GET /api/subjects/:id/answers — the answers in force. */
export interface AnswerInForce {
  linkId: string;
  value: { kind: 'boolean' | 'date' | 'code'; value: boolean | string };
  comment: string | null;
  answeredAt: string;
  answeredBy: string;
}

export interface Receipt {
  subjectId: string;
  studyId: string;
  arm: string;
  armLabel: string;
  stratum: string;
  sequence: number;
  randomizedAt: string;
  randomizedBy: string;
  existing: boolean;
}

export interface AuditEvent {
  seq: number;
  occurred_at: string;
  actor_id: string | null;
  actor: string;
  role: string | null;
  site_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  subject_id: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  reason: string | null;
  request_id: string | null;
  sha256: string;
}

export interface SiteSummary {
  id: string;
  code: string;
  name: string;
  city: string;
  state: string;
  recruitingStatus: string;
}

/** The parts of GET /api/protocol the subject pages use. */
export interface ProtocolCriterion {
  id: string;
  type: 'inclusion' | 'exclusion';
  title: string;
  text: string;
  attestation?: { prompt: string };
}

/**
 * A named fact of the screening questionnaire (GET /api/protocol `questionnaire.items`, from
 * protocols/<id>/questionnaire.yaml): the form's question, its input and the criteria it decides.
 */
export interface ProtocolQuestionnaireItem {
  linkId: string;
  label: string;
  kind: 'boolean' | 'date' | 'code';
  decides: string[];
  offerToday?: boolean;
  /** Coded items: each code and its label, in the form's order. */
  answers?: { code: string; label: string }[];
}

export interface ProtocolSummary {
  criteria: ProtocolCriterion[];
  arms: { id: string; label: string }[];
  stratification: { id: string; label: string; levels: string[] }[];
  /** The screening questionnaire's named facts (criterion confirmations are the criteria's IDs). */
  questionnaire: { items: ProtocolQuestionnaireItem[] };
  /** How the endpoints are derived (protocol.yaml endpointParameters); the analysis view reads the PFS rules. */
  endpointParameters: { pfsCensoring: { value: 'simple' | 'fda-2018' } };
  /** The protocol's terminology; only the labs are read here (the lab-result form). */
  terminology?: { labs: LabSummary[] };
}

/** A lab of the protocol's terminology (terminology/labs.yaml): its LOINC codes and canonical UCUM unit. */
export interface LabSummary {
  id: string;
  name: string;
  loinc: string[];
  kind: string;
  unit?: string;
  unitLabel?: string;
}

/** The meaning of the investigator's eligibility signature; the server accepts only these words. */
export const ELIGIBILITY_MEANING = 'I confirm eligibility';
