/**
 * Subject-level oncology endpoints (issue 4, item 2): from one subject's dates and overall responses
 * to ADRS-like response parameters and ADTTE-like time-to-event records, each with its derivation.
 * Pure: no I/O, no clock. Semantics: pharmaverse admiralonco's (see `prepare.ts`, `response.ts`,
 * `time-to-event.ts`); PFS censoring by its ADTTE template (`simple`) or the FDA 2018 guidance
 * (`fda-2018`). The trial's parameters have no default here: callers pass the protocol's.
 */
import { InputError } from '../contracts/index.ts';
import { dayNumber } from './dates.ts';
import { prepareResponses } from './prepare.ts';
import { deriveResponseRecords } from './response.ts';
import { deriveDor, deriveOs, derivePfs } from './time-to-event.ts';
import {
  ADMIRALONCO_METHOD_OPTIONS,
  type EndpointIssue,
  type EndpointOptions,
  type EndpointRequest,
  type SubjectEndpoints,
  type SubjectHistory,
} from './types.ts';

export { durationDays } from './dates.ts';
export { avalResp, confirmResponse } from './response.ts';
export * from './types.ts';

/** A subject that cannot be derived at all: the engines' one `InputError`, its message led by the subject. */
const subjectError = (usubjid: string | undefined, path: string, expected: string, value: unknown) =>
  new InputError({ path, expected, value }, usubjid);

/** Checks the subject-level dates and options; throws an `InputError` naming the subject and the field. */
function checkSubject(subject: SubjectHistory, options: EndpointOptions): void {
  const id = subject.usubjid;
  if (typeof id !== 'string' || id === '') throw subjectError(undefined, 'usubjid', 'a non-empty string', id);
  if (dayNumber(subject.randomizationDate) === undefined) {
    throw subjectError(id, 'randomizationDate', 'an ISO YYYY-MM-DD date', subject.randomizationDate);
  }
  const optionalDates = [
    'treatmentStartDate',
    'deathDate',
    'lastKnownAliveDate',
    'newAnticancerTherapyDate',
    'baselineAssessmentDate',
  ] as const;
  for (const field of optionalDates) {
    const v = subject[field];
    if (v !== undefined && v !== null && dayNumber(v) === undefined) {
      throw subjectError(id, field, 'an ISO YYYY-MM-DD date', v);
    }
  }
  if (!Array.isArray(subject.responses)) throw subjectError(id, 'responses', 'an array', subject.responses);
  for (const key of ['confirmMinDays', 'maxNe', 'sdMinDays', 'assessmentIntervalDays'] as const) {
    const v = options[key];
    if (!Number.isInteger(v) || v < 0) throw subjectError(id, `options.${key}`, 'a non-negative integer', v);
  }
  if (options.pfsRules !== 'simple' && options.pfsRules !== 'fda-2018') {
    throw subjectError(id, 'options.pfsRules', "'simple' or 'fda-2018'", options.pfsRules);
  }
}

/** All endpoints of one subject, with the trial's parameters (no default: the protocol's, from the caller). */
export function deriveSubjectEndpoints(subject: SubjectHistory, options: EndpointRequest): SubjectEndpoints {
  const opts: EndpointOptions = { ...ADMIRALONCO_METHOD_OPTIONS, ...options };
  checkSubject(subject, opts);
  const prepared = prepareResponses(subject, opts);
  const issues: EndpointIssue[] = [...prepared.issues];
  if (opts.pfsRules === 'fda-2018' && subject.baselineAssessmentDate === undefined) {
    issues.push({
      usubjid: subject.usubjid,
      code: 'baseline-unknown',
      message: 'baseline tumor assessment not given: the FDA no-baseline censoring rule was not applied',
    });
  }
  const response = deriveResponseRecords(subject, prepared, opts);
  issues.push(...response.issues);

  const adtte = [derivePfs(subject, prepared.anl01, opts), deriveOs(subject)];
  const dorFrom = opts.dorStart === 'confirmed-response' ? response.firstConfirmed : response.firstResponse;
  if (dorFrom) adtte.push(deriveDor(subject, prepared.anl01, dorFrom, opts));

  return { usubjid: subject.usubjid, adrs: response.records, adtte, issues };
}

/** Endpoints of many subjects; a subject whose input cannot be derived throws an `InputError`. */
export function deriveEndpoints(
  subjects: readonly SubjectHistory[],
  options: EndpointRequest,
): SubjectEndpoints[] {
  return subjects.map((s) => deriveSubjectEndpoints(s, options));
}
