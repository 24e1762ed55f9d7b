import type { Immunization } from '@medplum/fhirtypes';
import type { ImmunizationFact } from '../eligibility/index.ts';
import type { MapContext, Produced } from './mapping.ts';
import { codesOf, dateOf, describe, str, textOf } from './values.ts';

/** Immunization → ImmunizationFact (vaccineCode, usually CVX); not-done and entered-in-error are dropped. */
export function mapImmunization(immunization: Immunization, ctx: MapContext): Produced | undefined {
  const status = str(immunization.status) ?? 'unknown';
  if (status === 'not-done' || status === 'entered-in-error') return undefined;
  const fact: ImmunizationFact = {
    ref: ctx.ref,
    source: ctx.source,
    codes: codesOf(immunization.vaccineCode),
    status,
  };
  const text = textOf(immunization.vaccineCode);
  if (text !== undefined) fact.text = text;
  if (immunization.occurrenceDateTime !== undefined) {
    const date = dateOf(immunization.occurrenceDateTime, 'occurrenceDateTime', ctx.warn);
    if (date !== undefined) fact.date = date;
  } else if (immunization.occurrenceString !== undefined) {
    ctx.warn(`occurrence given as text (${describe(immunization.occurrenceString)}); no date`);
  }
  return { immunizations: [fact] };
}
