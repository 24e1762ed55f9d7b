/**
 * Records dated after T0 are never used (screening as of T0 reproduces what was known then). Each
 * criterion says so where such a record would have spoken to it (labs, answers, assessments); this
 * patient-level note counts every kind, so a reviewer re-screening an old date sees what was left out.
 */
import type { IsoDate, PatientFacts } from './patient-facts.ts';

function countAfter<T>(items: readonly T[], dateOf: (item: T) => IsoDate | undefined, asOf: IsoDate): number {
  let n = 0;
  for (const item of items) {
    const date = dateOf(item);
    if (date !== undefined && date > asOf) n++;
  }
  return n;
}

/** "records dated after T0 (…) were not used: 2 observations, 1 condition", or undefined. */
export function laterRecordsNote(facts: PatientFacts, asOf: IsoDate): string | undefined {
  const counts: [number, string, string][] = [
    [countAfter(facts.observations, (o) => o.date, asOf), 'observation', 'observations'],
    [countAfter(facts.conditions, (c) => c.onset ?? c.recorded, asOf), 'condition', 'conditions'],
    [countAfter(facts.medications, (m) => m.start, asOf), 'medication record', 'medication records'],
    [countAfter(facts.procedures, (p) => p.start ?? p.date, asOf), 'procedure', 'procedures'],
    [countAfter(facts.immunizations, (i) => i.date, asOf), 'immunization', 'immunizations'],
    [countAfter(facts.allergies, (a) => a.recorded, asOf), 'allergy', 'allergies'],
    [countAfter(facts.adverseEvents, (e) => e.date, asOf), 'adverse event', 'adverse events'],
    [countAfter(facts.tumorLesions, (l) => l.date, asOf), 'tumour measurement', 'tumour measurements'],
    [countAfter(facts.answers, (a) => a.authored, asOf), 'questionnaire answer', 'questionnaire answers'],
  ];
  const parts = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return parts.length ? `records dated after T0 (${asOf}) were not used: ${parts.join(', ')}` : undefined;
}
