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

const KINDS: ReadonlyArray<{
  count: (facts: PatientFacts, asOf: IsoDate) => number;
  one: string;
  many: string;
}> = [
  {
    count: (f, asOf) => countAfter(f.observations, (o) => o.date, asOf),
    one: 'observation',
    many: 'observations',
  },
  {
    count: (f, asOf) => countAfter(f.conditions, (c) => c.onset ?? c.recorded, asOf),
    one: 'condition',
    many: 'conditions',
  },
  {
    count: (f, asOf) => countAfter(f.medications, (m) => m.start, asOf),
    one: 'medication record',
    many: 'medication records',
  },
  {
    count: (f, asOf) => countAfter(f.procedures, (p) => p.start ?? p.date, asOf),
    one: 'procedure',
    many: 'procedures',
  },
  {
    count: (f, asOf) => countAfter(f.immunizations, (i) => i.date, asOf),
    one: 'immunization',
    many: 'immunizations',
  },
  { count: (f, asOf) => countAfter(f.allergies, (a) => a.recorded, asOf), one: 'allergy', many: 'allergies' },
  {
    count: (f, asOf) => countAfter(f.adverseEvents, (e) => e.date, asOf),
    one: 'adverse event',
    many: 'adverse events',
  },
  {
    count: (f, asOf) => countAfter(f.tumorLesions, (l) => l.date, asOf),
    one: 'tumour measurement',
    many: 'tumour measurements',
  },
  {
    count: (f, asOf) => countAfter(f.answers, (a) => a.authored, asOf),
    one: 'questionnaire answer',
    many: 'questionnaire answers',
  },
];

/** "records dated after T0 (…) were not used: 2 observations, 1 condition", or undefined. */
export function laterRecordsNote(facts: PatientFacts, asOf: IsoDate): string | undefined {
  // Runs for every patient: nothing is allocated unless some record is dated after T0.
  let parts: string[] | undefined;
  for (const kind of KINDS) {
    const n = kind.count(facts, asOf);
    if (n === 0) continue;
    parts ??= [];
    parts.push(`${n} ${n === 1 ? kind.one : kind.many}`);
  }
  return parts ? `records dated after T0 (${asOf}) were not used: ${parts.join(', ')}` : undefined;
}
