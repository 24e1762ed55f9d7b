import type { Patient } from '@medplum/fhirtypes';
import type { AdministrativeSex } from '../eligibility/index.ts';
import type { Demographics, MapContext, Produced } from './mapping.ts';
import { dateOf, parseDatePart } from './values.ts';

const SEXES = new Set<string>(['male', 'female', 'other', 'unknown']);

/** Patient → birth date, administrative sex, date of death. */
export function mapPatient(patient: Patient, ctx: MapContext): Produced {
  const demographics: Demographics = {};
  const birth = parseDatePart(patient.birthDate);
  if (typeof birth === 'string' && birth !== 'partial' && birth !== 'invalid') {
    demographics.birthDate = birth;
  } else if (birth === 'partial') {
    ctx.warn(`birthDate '${patient.birthDate}' is only partial; birth date unknown (age cannot be computed)`);
  } else if (birth === 'invalid') {
    ctx.warn(`birthDate ${JSON.stringify(patient.birthDate)} is not a valid date; birth date unknown`);
  }
  const gender = patient.gender as unknown;
  if (typeof gender === 'string' && SEXES.has(gender)) demographics.sex = gender as AdministrativeSex;
  else if (gender !== undefined)
    ctx.warn(`gender ${JSON.stringify(gender)} is not a FHIR administrative gender; ignored`);
  const deceased = dateOf(patient.deceasedDateTime, 'deceasedDateTime', ctx.warn);
  if (deceased !== undefined) demographics.deceasedDate = deceased;
  else if (patient.deceasedBoolean === true)
    ctx.warn('is recorded as deceased without a date (deceasedBoolean)');
  return { demographics };
}
