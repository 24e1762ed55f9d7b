/**
 * RECIST 1.1 engine (Eisenhauer et al., Eur J Cancer 2009;45:228–247): pure functions over plain data.
 *
 * - `validateBaseline(lesions, baseline)`: measurability and target selection (§3, §4.2), every problem
 *   per lesion; feeds eligibility criterion I10 and the CDISC reader.
 * - `assessSubject({ lesions, baseline, followUps }, options)`: per follow-up time point the SLD,
 *   change from baseline and nadir, target / non-target / new-lesion / overall response (Tables 1
 *   and 2, NED), each with a derivation, plus every data problem and implausible sequence.
 * - `overallResponse(target, nonTarget, newLesions)`: Tables 1 and 2 alone, e.g. to cross-check a
 *   recorded response.
 */
export { MAX_TARGETS, MAX_TARGETS_PER_ORGAN, validateBaseline } from './baseline.ts';
export { overallResponse } from './overall.ts';
export { assessSubject } from './subject.ts';
export type * from './types.ts';
