/**
 * The criteria checklist as data: the screener's criteria grouped inclusion / exclusion, filtered by
 * what the coordinator must act on, and counted per status. Status words are spelled out everywhere
 * (colour is never the only cue: WCAG 1.4.1).
 */
import type { CriterionResult, CriterionStatus, EligibilityState } from '../contracts.ts';

export const CRITERION_STATUSES: readonly CriterionStatus[] = ['not_met', 'unknown', 'needs_review', 'met'];

export const STATUS_LABEL: Record<CriterionStatus, string> = {
  met: 'Met',
  not_met: 'Not met',
  unknown: 'Unknown',
  needs_review: 'Needs review',
};

/** A symbol beside the word, for scanning a long list; the word carries the meaning. */
export const STATUS_SYMBOL: Record<CriterionStatus, string> = {
  met: '✓',
  not_met: '✗',
  unknown: '?',
  needs_review: '!',
};

export const OVERALL_LABEL: Record<EligibilityState['overall'], string> = {
  eligible: 'Eligible',
  ineligible: 'Ineligible',
  incomplete: 'Incomplete',
  not_screened: 'Not screened',
};

/** The checklist's filters: what fails, what data is missing, what a person must confirm, or all. */
export type ChecklistFilter = 'failing' | 'missing' | 'needs_confirmation' | 'all';

export const FILTERS: readonly {
  id: ChecklistFilter;
  label: string;
  statuses: readonly CriterionStatus[];
}[] = [
  { id: 'failing', label: 'Failing', statuses: ['not_met'] },
  { id: 'missing', label: 'Missing data', statuses: ['unknown'] },
  { id: 'needs_confirmation', label: 'Needs confirmation', statuses: ['needs_review'] },
  { id: 'all', label: 'All', statuses: CRITERION_STATUSES },
];

export type StatusCounts = Record<CriterionStatus, number> & { total: number };

export function countByStatus(criteria: readonly CriterionResult[]): StatusCounts {
  const counts: StatusCounts = { met: 0, not_met: 0, unknown: 0, needs_review: 0, total: 0 };
  for (const c of criteria) {
    counts[c.status]++;
    counts.total++;
  }
  return counts;
}

/** How many criteria a filter shows. */
export function countFor(filter: ChecklistFilter, counts: StatusCounts): number {
  const statuses = FILTERS.find((f) => f.id === filter)?.statuses ?? [];
  return statuses.reduce((n, s) => n + counts[s], 0);
}

export function filterCriteria(
  criteria: readonly CriterionResult[],
  filter: ChecklistFilter,
): CriterionResult[] {
  const statuses = FILTERS.find((f) => f.id === filter)?.statuses ?? CRITERION_STATUSES;
  return criteria.filter((c) => statuses.includes(c.status));
}

export interface CriteriaGroups {
  inclusion: CriterionResult[];
  exclusion: CriterionResult[];
}

/** Inclusion then exclusion, each in criterion-ID order (I00 … I26, E01 … E29). */
export function groupCriteria(criteria: readonly CriterionResult[]): CriteriaGroups {
  const byId = (a: CriterionResult, b: CriterionResult) => a.id.localeCompare(b.id, 'en', { numeric: true });
  return {
    inclusion: criteria.filter((c) => c.type === 'inclusion').sort(byId),
    exclusion: criteria.filter((c) => c.type === 'exclusion').sort(byId),
  };
}

/**
 * The filter to open the checklist with: what stands in the way first (failing), else what is missing
 * or awaits confirmation, else everything (an eligible result is read in full before it is signed).
 */
export function defaultFilter(counts: StatusCounts): ChecklistFilter {
  if (counts.not_met > 0) return 'failing';
  if (counts.unknown > 0) return 'missing';
  if (counts.needs_review > 0) return 'needs_confirmation';
  return 'all';
}

export interface EvidenceRef {
  /** The reference as the screener gave it, e.g. `Observation/example-eligible-observation-5`. */
  ref: string;
  resourceType: string;
  id: string;
  /** A short description of where it came from. */
  label: string;
}

/** A `ResourceType/id` reference, described; `Attestation/…` are answers entered in trialkit. */
export function describeEvidence(ref: string): EvidenceRef {
  const slash = ref.indexOf('/');
  const resourceType = slash > 0 ? ref.slice(0, slash) : 'Reference';
  const id = slash > 0 ? ref.slice(slash + 1) : ref;
  const label =
    resourceType === 'Attestation'
      ? 'answer entered in trialkit'
      : resourceType === 'QuestionnaireResponse'
        ? 'screening questionnaire (uploaded)'
        : `FHIR ${resourceType}`;
  return { ref, resourceType, id, label };
}

/** "3 references" / "1 reference" / "no references". */
export function evidenceSummary(evidence: readonly string[]): string {
  if (evidence.length === 0) return 'no references';
  return `${evidence.length} ${evidence.length === 1 ? 'reference' : 'references'}`;
}
