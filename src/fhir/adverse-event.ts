import type { AdverseEvent, Extension } from '@medplum/fhirtypes';
import type { AdverseEventFact } from '../eligibility/index.ts';
import type { MapContext, Produced } from './mapping.ts';
import { arr, codesOf, dateOf, firstCode, lower, pushUnique, referenceLabel, str, textOf } from './values.ts';

/** R4 AdverseEvent → AdverseEventFact. A `potential` event (a near miss) did not happen and is dropped. */
export function mapAdverseEvent(event: AdverseEvent, ctx: MapContext): Produced | undefined {
  if (event.actuality === 'potential') return undefined;
  const fact: AdverseEventFact = {
    ref: ctx.ref,
    source: ctx.source,
    codes: codesOf(event.event),
    resolved: false,
    suspects: [],
  };
  const text = textOf(event.event);
  if (text !== undefined) fact.text = text;
  const date =
    dateOf(event.date, 'date', ctx.warn) ??
    dateOf(event.detected, 'detected', ctx.warn) ??
    dateOf(event.recordedDate, 'recordedDate', ctx.warn);
  if (date !== undefined) fact.date = date;
  const grade = gradeOf(event);
  if (grade !== undefined) fact.grade = grade;
  const outcome = firstCode(event.outcome);
  fact.resolved = outcome === 'resolved' || outcome === 'resolvedWithSequelae';
  for (const suspect of arr(event.suspectEntity)) {
    const label = referenceLabel(suspect?.instance);
    if (label !== undefined) pushUnique(fact.suspects, lower(label));
  }
  return { adverseEvents: [fact] };
}

const GRADE_CODE = /^(?:grade[-\s]?)?([0-5])$/i;

/**
 * CTCAE grade: an extension whose url ends in 'ctcae-grade' or 'grade' (valueInteger, or a
 * valueCodeableConcept coded '0'…'5' / 'grade-3'); else a severity coded '1'…'5'; else the FHIR
 * severity mild / moderate / severe read as grade 1 / 2 / 3 — the CTCAE v5.0 general grade
 * definitions (grade 1 mild, grade 2 moderate, grade 3 severe or medically significant).
 */
export function gradeOf(event: AdverseEvent): number | undefined {
  for (const extension of arr<Extension>(event.extension)) {
    const url = str(extension?.url);
    if (url === undefined || !url.toLowerCase().endsWith('grade')) continue;
    const integer = extension.valueInteger as unknown;
    if (typeof integer === 'number' && Number.isInteger(integer) && integer >= 0 && integer <= 5)
      return integer;
    for (const coding of arr(extension.valueCodeableConcept?.coding)) {
      const match = GRADE_CODE.exec(str(coding?.code) ?? '');
      if (match !== null) return Number(match[1]);
    }
  }
  const severities = arr(event.severity?.coding).map((coding) => str(coding?.code) ?? '');
  for (const code of severities) {
    if (/^[1-5]$/.test(code)) return Number(code);
  }
  for (const code of severities) {
    const grade = SEVERITY_GRADES[code];
    if (grade !== undefined) return grade;
  }
  return undefined;
}

const SEVERITY_GRADES: Record<string, number> = { mild: 1, moderate: 2, severe: 3 };
