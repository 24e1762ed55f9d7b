import type { Condition } from '@medplum/fhirtypes';
import type { ConditionClinicalStatus, ConditionFact } from '../eligibility/index.ts';
import type { MapContext, Produced } from './mapping.ts';
import { arr, codesOf, codesOfAll, dateOf, describe, firstCode, labelOf, notesOf, textOf } from './values.ts';

const CLINICAL_STATUSES = new Set<string>([
  'active',
  'recurrence',
  'relapse',
  'inactive',
  'remission',
  'resolved',
]);
/** Verification statuses that mean "the patient does not have this". */
export const DROPPED_VERIFICATION_STATUSES = new Set(['refuted', 'entered-in-error']);

/** Condition → ConditionFact; refuted and entered-in-error conditions are dropped. */
export function mapCondition(condition: Condition, ctx: MapContext): Produced | undefined {
  const verificationStatus = firstCode(condition.verificationStatus);
  if (verificationStatus !== undefined && DROPPED_VERIFICATION_STATUSES.has(verificationStatus))
    return undefined;

  const fact: ConditionFact = {
    ref: ctx.ref,
    source: ctx.source,
    codes: codesOf(condition.code),
    categories: codesOfAll(arr(condition.category)),
    severity: codesOf(condition.severity),
    stages: [],
    bodySites: codesOfAll(arr(condition.bodySite)),
    notes: notesOf(condition.note),
  };
  const text = textOf(condition.code);
  if (text !== undefined) fact.text = text;
  if (verificationStatus !== undefined) fact.verificationStatus = verificationStatus;

  const clinical = firstCode(condition.clinicalStatus);
  if (clinical !== undefined && CLINICAL_STATUSES.has(clinical)) {
    fact.clinicalStatus = clinical as ConditionClinicalStatus;
  } else if (clinical !== undefined) {
    ctx.warn(`clinicalStatus '${clinical}' is not a FHIR condition-clinical code; ignored`);
  }

  const onset =
    condition.onsetDateTime !== undefined
      ? dateOf(condition.onsetDateTime, 'onsetDateTime', ctx.warn)
      : (dateOf(condition.onsetPeriod?.start, 'onsetPeriod.start', ctx.warn) ??
        dateOf(condition.onsetPeriod?.end, 'onsetPeriod.end', ctx.warn));
  if (onset !== undefined) fact.onset = onset;
  else if (condition.onsetAge !== undefined)
    ctx.warn(`onset given as an age (${describeAge(condition.onsetAge)}); no onset date`);
  else if (condition.onsetRange !== undefined) ctx.warn('onset given as an age range; no onset date');
  else if (condition.onsetString !== undefined)
    ctx.warn(`onset given as text (${describe(condition.onsetString)}); no onset date`);

  const abatement =
    condition.abatementDateTime !== undefined
      ? dateOf(condition.abatementDateTime, 'abatementDateTime', ctx.warn)
      : dateOf(condition.abatementPeriod?.end, 'abatementPeriod.end', ctx.warn);
  if (abatement !== undefined) fact.abatement = abatement;
  else if (condition.abatementAge !== undefined)
    ctx.warn(`abatement given as an age (${describeAge(condition.abatementAge)}); no abatement date`);
  else if (condition.abatementRange !== undefined)
    ctx.warn('abatement given as an age range; no abatement date');
  else if (condition.abatementString !== undefined)
    ctx.warn(`abatement given as text (${describe(condition.abatementString)}); no abatement date`);
  // abatementBoolean (STU3, still sent by some systems; not in R4's abatement[x]) true says the
  // condition is over without saying when.
  const abated = (condition as { abatementBoolean?: unknown }).abatementBoolean;
  if (abated === true && fact.clinicalStatus === undefined) fact.clinicalStatus = 'resolved';

  const recorded = dateOf(condition.recordedDate, 'recordedDate', ctx.warn);
  if (recorded !== undefined) fact.recorded = recorded;
  for (const stage of arr(condition.stage)) {
    const summary = labelOf(stage?.summary);
    if (summary !== undefined) fact.stages.push(summary);
  }
  return { conditions: [fact] };
}

function describeAge(age: { value?: number; unit?: string; code?: string }): string {
  return [age?.value, age?.unit ?? age?.code].filter((x) => x !== undefined).join(' ') || 'no value';
}
