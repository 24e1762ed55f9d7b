/**
 * Plain-data types of the subject-level oncology endpoints (issue 4, item 2).
 *
 * Names follow CDISC ADaM where a variable exists there: `ADT` analysis date, `AVALC`/`AVAL`
 * character/numeric analysis value, `STARTDT` time-to-event origin, `CNSR` censoring (0 = event,
 * ≥ 1 = censored), `EVNTDESC` event or censoring description, `CNSDTDSC` censoring date description,
 * `SRCDOM`/`SRCVAR` the source of the date. Parameter codes are those of pharmaverse admiralonco's
 * ADRS and ADTTE templates (OVR, PD, RSP, CB, BOR, BCP, CRSP, CCB, CBOR, CBCP, DEATH, LSTA, MDIS;
 * PFS, OS, RSD).
 */

/** RECIST 1.1 overall response at one time point; NED = no evidence of disease (no disease at baseline). */
export type OverallResponse = 'CR' | 'PR' | 'SD' | 'NON-CR/NON-PD' | 'PD' | 'NE' | 'NED';

export const OVERALL_RESPONSES: readonly OverallResponse[] = [
  'CR',
  'PR',
  'SD',
  'NON-CR/NON-PD',
  'PD',
  'NE',
  'NED',
];

/** One overall response assessment (an SDTM RS OVRLRESP record after date imputation). */
export interface ResponseAssessment {
  /** ADT, ISO `YYYY-MM-DD`. */
  date: string;
  visit?: string;
  /** `null`/absent = the response was not recorded (admiralonco drops such records: AVAL is NA). */
  response?: OverallResponse | null;
}

/** The subject-level dates (ADSL-like) and the subject's overall responses. */
export interface SubjectHistory {
  usubjid: string;
  arm?: string;
  /** RANDDT: origin of PFS and OS, reference of the stable-disease window. */
  randomizationDate: string;
  /** TRTSDT (informational). */
  treatmentStartDate?: string;
  /** DTHDT. */
  deathDate?: string;
  /** LSTALVDT: last date known alive (OS censoring). */
  lastKnownAliveDate?: string;
  /** NACTDT: first date of a new anticancer therapy. */
  newAnticancerTherapyDate?: string;
  /**
   * Date of the baseline (screening) tumor assessment; `null` = there was none. Only the `fda-2018`
   * PFS rules use it; absent (undefined) there means unknown and is reported as an issue.
   */
  baselineAssessmentDate?: string | null;
  /** MDIS: measurable disease at baseline, when the caller knows it; absent = no MDIS record. */
  measurableDiseaseAtBaseline?: boolean;
  responses: readonly ResponseAssessment[];
}

/**
 * Which PFS censoring rules apply.
 * - `simple`: admiralonco ADTTE template — event = first PD or death; otherwise censored at the last
 *   tumor assessment, or at randomization when there is none.
 * - `fda-2018`: FDA guidance "Clinical Trial Endpoints for the Approval of Cancer Drugs and Biologics"
 *   (2018), PFS censoring table — see `time-to-event.ts`.
 */
export type PfsRules = 'simple' | 'fda-2018';

/**
 * The trial's parameters of the derivations: no default here, the caller passes the protocol's
 * (protocols/<id>/protocol.yaml `endpointParameters` and the tumor-assessment interval, read by
 * src/protocol's `endpointParametersOf`), so that one trial never has two answers.
 */
export interface EndpointParameters {
  /** PFS censoring rule set (NCT05168163: `fda-2018`). */
  pfsRules: PfsRules;
  /** Minimum days between a CR/PR and its confirmation (admiralonco `ref_confirm`, no +1). */
  confirmMinDays: number;
  /** Days after randomization from which SD / NON-CR/NON-PD counts (admiralonco `ref_start_window`). */
  sdMinDays: number;
  /** Protocol tumor-assessment interval in days (the FDA rules' "≥ 2 missed assessments"). */
  assessmentIntervalDays: number;
}

/** How the derivations read the data: admiralonco's semantics unless a caller chooses otherwise. */
export interface EndpointMethodOptions {
  /** NE assessments accepted between a response and its confirmation (admiralonco `max_nr_ne`). Default 1. */
  maxNe: number;
  /** Accept one SD between a PR and its confirmation (admiralonco `accept_sd`). Default false. */
  acceptSd: boolean;
  /**
   * Origin of duration of response (RSD): first response (admiralonco ADTTE vignette uses RSP) or
   * the first response that was later confirmed (CRSP; RECIST 1.1 §4.6.2 dates DoR from when the criteria
   * are first met, i.e. that response's scan, not the confirming one). Default `response`.
   */
  dorStart: 'response' | 'confirmed-response';
  /**
   * Drop assessments on or after the first new anticancer therapy before any derivation (the
   * admiralonco ADRS vignette's alternative ANL01FL: `ADT < NACTDT`). Default false (its main example).
   */
  excludeAfterNewTherapy: boolean;
  /**
   * Keep NED assessments: admiralonco's `aval_resp()` maps NED to NA, so its template drops them
   * (default false). When true, NED counts as the vignette's `bor_ned` event (after NON-CR/NON-PD,
   * from `sdMinDays`) and as an assessment for LSTA and PFS.
   */
  acceptNed: boolean;
}

export type EndpointOptions = EndpointParameters & EndpointMethodOptions;

/** What a caller passes: the trial's parameters, and any method option that differs from admiralonco's. */
export type EndpointRequest = EndpointParameters & Partial<EndpointMethodOptions>;

/** admiralonco's method defaults (its ADRS/ADTTE templates and vignettes). */
export const ADMIRALONCO_METHOD_OPTIONS: Readonly<EndpointMethodOptions> = Object.freeze({
  maxNe: 1,
  acceptSd: false,
  dorStart: 'response',
  excludeAfterNewTherapy: false,
  acceptNed: false,
});

export type AdrsParamcd =
  | 'PD'
  | 'DEATH'
  | 'RSP'
  | 'CB'
  | 'BOR'
  | 'BCP'
  | 'CRSP'
  | 'CCB'
  | 'CBOR'
  | 'CBCP'
  | 'LSTA'
  | 'MDIS';

/** One subject-level ADRS parameter record. */
export interface AdrsRecord {
  USUBJID: string;
  PARAMCD: AdrsParamcd;
  PARAM: string;
  /** Y/N for flags; a response (CR … NE, MISSING) for BOR/CBOR/LSTA; `null` when nothing can be said. */
  AVALC: string | null;
  /** admiralonco: `aval_resp()` for responses (CR 1 … NE 6, MISSING 7), `yn_to_numeric()` for Y/N (1/0). */
  AVAL: number | null;
  /** Date of the record the value was taken from; `null` when it comes from no assessment. */
  ADT: string | null;
  AVISIT?: string;
  derivation: string;
}

export type AdtteParamcd = 'PFS' | 'OS' | 'RSD';

/** One time-to-event (ADTTE) record. */
export interface AdtteRecord {
  USUBJID: string;
  PARAMCD: AdtteParamcd;
  PARAM: string;
  STARTDT: string;
  ADT: string;
  /** Days, ADT − STARTDT + 1. */
  AVAL: number;
  /** 0 = event, 1 = censored. */
  CNSR: number;
  EVNTDESC: string;
  /** Censoring date description; `null` for events. */
  CNSDTDSC: string | null;
  SRCDOM: 'ADRS' | 'ADSL';
  SRCVAR: string;
  derivation: string;
}

export type EndpointIssueCode =
  | 'invalid-date'
  | 'invalid-response'
  | 'missing-response'
  | 'ned-excluded'
  | 'before-randomization'
  | 'after-new-therapy'
  | 'duplicate-date'
  | 'cr-followed-by-pr'
  | 'baseline-unknown';

/** Something about the input the derivations had to decide on; never silent. */
export interface EndpointIssue {
  usubjid: string;
  code: EndpointIssueCode;
  date?: string;
  message: string;
}

export interface SubjectEndpoints {
  usubjid: string;
  adrs: AdrsRecord[];
  adtte: AdtteRecord[];
  issues: EndpointIssue[];
}
