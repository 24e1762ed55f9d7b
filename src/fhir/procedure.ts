import type { Procedure } from '@medplum/fhirtypes';
import type { ProcedureFact } from '../eligibility/index.ts';
import type { MapContext, Produced } from './mapping.ts';
import {
  arr,
  codesOf,
  codesOfAll,
  dateOf,
  describe,
  lower,
  namesOf,
  notesOf,
  pushUnique,
  str,
  textOf,
} from './values.ts';

/** Procedure → ProcedureFact; not-done and entered-in-error procedures are dropped. */
export function mapProcedure(procedure: Procedure, ctx: MapContext): Produced | undefined {
  const status = str(procedure.status) ?? 'unknown';
  if (status === 'not-done' || status === 'entered-in-error') return undefined;
  const fact: ProcedureFact = {
    ref: ctx.ref,
    source: ctx.source,
    codes: codesOf(procedure.code),
    status,
    categories: codesOf(procedure.category),
    reasons: codesOfAll(arr(procedure.reasonCode)),
    reasonText: [],
    bodySites: codesOfAll(arr(procedure.bodySite)),
    notes: notesOf(procedure.note),
  };
  const text = textOf(procedure.code);
  if (text !== undefined) fact.text = text;
  for (const reason of arr(procedure.reasonCode)) namesOf(reason, fact.reasonText);
  for (const reason of arr(procedure.reasonReference)) {
    const display = str(reason?.display);
    if (display !== undefined) pushUnique(fact.reasonText, lower(display));
  }

  if (procedure.performedPeriod !== undefined) {
    const start = dateOf(procedure.performedPeriod?.start, 'performedPeriod.start', ctx.warn);
    const end = dateOf(procedure.performedPeriod?.end, 'performedPeriod.end', ctx.warn);
    if (start !== undefined) fact.start = start;
    // The most recent day of the procedure decides "≤ N days before T0" windows.
    const date = end ?? start;
    if (date !== undefined) fact.date = date;
  } else if (procedure.performedDateTime !== undefined) {
    const date = dateOf(procedure.performedDateTime, 'performedDateTime', ctx.warn);
    if (date !== undefined) fact.date = date;
  } else if (procedure.performedString !== undefined) {
    ctx.warn(`performed given as text (${describe(procedure.performedString)}); no date`);
  } else if (procedure.performedAge !== undefined || procedure.performedRange !== undefined) {
    ctx.warn('performed given as an age; no date');
  }
  return { procedures: [fact] };
}
