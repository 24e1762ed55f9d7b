/**
 * Specimens due from a subject (issue 15 §4): each of the protocol's specimen definitions that applies
 * to the subject, at each of its time points that the subject's calendar reaches, with its window (the
 * time point's visit window; the given days after the end of treatment for EOT) and what was recorded.
 */
import { addDays } from '../clinical/index.ts';
import type { SpecimenDefinition, SpecimenDue, Visit } from '../contracts/index.ts';
import { openStatus } from './calendar.ts';

export interface SpecimenFacts {
  /** Whether the criterion's site rule selects the subject (I13: among the first per arm at its site). */
  siteRuleSelects: (criterion: string) => boolean;
  /** The subject's answer to a criterion's attestation: true, false, or null (not answered). */
  consented: (criterion: string) => boolean | null;
}

export interface SpecimenRecord {
  specimenId: string;
  timepoint: string;
  date: string;
  status: 'collected' | 'not-collected';
  reason?: string;
}

function applies(definition: SpecimenDefinition, facts: SpecimenFacts): boolean {
  if (definition.requiredFor === 'all') return true;
  if (definition.requiredFor === 'site-rule') return facts.siteRuleSelects(definition.criterion);
  return facts.consented(definition.criterion) === true;
}

export function specimensDue(
  definitions: readonly SpecimenDefinition[],
  /** Days after the end of treatment in which its specimens are due (specimens.yaml). */
  endOfTreatmentWindowDays: number,
  facts: SpecimenFacts,
  visits: readonly Visit[],
  endOfTreatment: string | null,
  records: readonly SpecimenRecord[],
  asOf: string,
): SpecimenDue[] {
  const out: SpecimenDue[] = [];
  for (const definition of definitions) {
    if (!applies(definition, facts)) continue;
    for (const timepoint of definition.timepoints) {
      const visit = visits.find((v) => v.id === timepoint);
      const window =
        timepoint === 'EOT'
          ? endOfTreatment && {
              start: endOfTreatment,
              end: addDays(endOfTreatment, endOfTreatmentWindowDays),
            }
          : visit && visit.status !== 'cancelled' && { start: visit.window_start, end: visit.window_end };
      // A time point the calendar does not (yet) reach, or a cycle that will not happen: nothing due.
      if (!window) continue;
      const record = records.find((r) => r.specimenId === definition.id && r.timepoint === timepoint);
      out.push({
        specimenId: definition.id,
        label: definition.label,
        timepoint,
        window_start: window.start,
        window_end: window.end,
        status: record ? record.status : openStatus(window.start, window.end, asOf),
        ...(record?.status === 'collected' ? { collected: record.date } : {}),
        ...(record?.reason ? { reason: record.reason } : {}),
      });
    }
  }
  return out;
}
