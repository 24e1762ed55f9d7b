/**
 * Subject-level oncology endpoints (issue 4, item 2): from one subject's dates and overall responses
 * to ADRS-like response parameters and ADTTE-like time-to-event records, each with its derivation.
 * Pure: no I/O, no clock. Semantics: pharmaverse admiralonco by default (see `prepare.ts`,
 * `response.ts`, `time-to-event.ts`); FDA 2018 PFS censoring with `pfsRules: 'fda-2018'`.
 */
import { dayNumber } from './dates.ts';
import { prepareResponses } from './prepare.ts';
import { deriveResponseRecords } from './response.ts';
import { deriveDor, deriveOs, derivePfs } from './time-to-event.ts';
import {
  DEFAULT_ENDPOINT_OPTIONS,
  EndpointInputError,
  type EndpointIssue,
  type EndpointOptions,
  type SubjectEndpoints,
  type SubjectHistory,
} from './types.ts';

export { durationDays } from './dates.ts';
export { avalResp, confirmResponse } from './response.ts';
export * from './types.ts';

/** Checks the subject-level dates and options; throws `EndpointInputError` naming the field. */
function checkSubject(subject: SubjectHistory, options: EndpointOptions): void {
  const id = subject.usubjid;
  if (typeof id !== 'string' || id === '')
    throw new EndpointInputError(String(id), 'usubjid', 'a non-empty string', id);
  if (dayNumber(subject.randomizationDate) === undefined) {
    throw new EndpointInputError(
      id,
      'randomizationDate',
      'an ISO YYYY-MM-DD date',
      subject.randomizationDate,
    );
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
      throw new EndpointInputError(id, field, 'an ISO YYYY-MM-DD date', v);
    }
  }
  if (!Array.isArray(subject.responses))
    throw new EndpointInputError(id, 'responses', 'an array', subject.responses);
  for (const key of ['confirmMinDays', 'maxNe', 'sdMinDays', 'assessmentIntervalDays'] as const) {
    const v = options[key];
    if (!Number.isInteger(v) || v < 0)
      throw new EndpointInputError(id, `options.${key}`, 'a non-negative integer', v);
  }
  if (options.pfsRules !== 'simple' && options.pfsRules !== 'fda-2018') {
    throw new EndpointInputError(id, 'options.pfsRules', "'simple' or 'fda-2018'", options.pfsRules);
  }
}

/** All endpoints of one subject. */
export function deriveSubjectEndpoints(
  subject: SubjectHistory,
  options: Partial<EndpointOptions> = {},
): SubjectEndpoints {
  const opts: EndpointOptions = { ...DEFAULT_ENDPOINT_OPTIONS, ...options };
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

/** Endpoints of many subjects; a subject whose input cannot be derived throws `EndpointInputError`. */
export function deriveEndpoints(
  subjects: readonly SubjectHistory[],
  options: Partial<EndpointOptions> = {},
): SubjectEndpoints[] {
  return subjects.map((s) => deriveSubjectEndpoints(s, options));
}
