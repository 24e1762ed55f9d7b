import { describe, expect, it } from 'vitest';
import type { CriterionResult } from '../contracts.ts';
import {
  countByStatus,
  countFor,
  defaultFilter,
  describeEvidence,
  evidenceSummary,
  filterCriteria,
  groupCriteria,
} from './checklist.ts';

const c = (id: string, status: CriterionResult['status'], evidence: string[] = []): CriterionResult => ({
  id,
  type: id.startsWith('I') ? 'inclusion' : 'exclusion',
  status,
  reason: `${id} reason`,
  evidence,
});

// Unsorted on purpose, with every status: I10 before I02 checks numeric ID order.
const criteria = [
  c('E18', 'met'),
  c('I10', 'unknown'),
  c('I16', 'not_met', ['Observation/plt-1']),
  c('I02', 'met', ['Patient/p1']),
  c('E01', 'needs_review'),
  c('I00', 'unknown'),
  c('E29', 'met'),
];

describe('the criteria checklist', () => {
  it('groups inclusion and exclusion criteria, each in ID order', () => {
    const groups = groupCriteria(criteria);
    expect(groups.inclusion.map((x) => x.id)).toEqual(['I00', 'I02', 'I10', 'I16']);
    expect(groups.exclusion.map((x) => x.id)).toEqual(['E01', 'E18', 'E29']);
  });

  it('counts each status and the total', () => {
    expect(countByStatus(criteria)).toEqual({ met: 3, not_met: 1, unknown: 2, needs_review: 1, total: 7 });
    expect(countByStatus([])).toEqual({ met: 0, not_met: 0, unknown: 0, needs_review: 0, total: 0 });
  });

  it('filters failing, missing, needs confirmation and all, with matching counts', () => {
    const counts = countByStatus(criteria);
    expect(filterCriteria(criteria, 'failing').map((x) => x.id)).toEqual(['I16']);
    expect(filterCriteria(criteria, 'missing').map((x) => x.id)).toEqual(['I10', 'I00']);
    expect(filterCriteria(criteria, 'needs_confirmation').map((x) => x.id)).toEqual(['E01']);
    expect(filterCriteria(criteria, 'all')).toHaveLength(7);
    for (const f of ['failing', 'missing', 'needs_confirmation', 'all'] as const)
      expect(countFor(f, counts)).toBe(filterCriteria(criteria, f).length);
  });

  it('opens on what stands in the way: failing, then missing, then confirmation, else all', () => {
    expect(defaultFilter(countByStatus(criteria))).toBe('failing');
    expect(defaultFilter(countByStatus([c('I00', 'unknown'), c('E01', 'needs_review')]))).toBe('missing');
    expect(defaultFilter(countByStatus([c('E01', 'needs_review'), c('I02', 'met')]))).toBe(
      'needs_confirmation',
    );
    expect(defaultFilter(countByStatus([c('I02', 'met')]))).toBe('all');
  });

  it('describes evidence references by where they came from', () => {
    expect(describeEvidence('Observation/example-eligible-observation-5')).toEqual({
      ref: 'Observation/example-eligible-observation-5',
      resourceType: 'Observation',
      id: 'example-eligible-observation-5',
      label: 'FHIR Observation',
    });
    expect(describeEvidence('Attestation/0c4045e0').label).toBe('answer entered in trialkit');
    expect(describeEvidence('QuestionnaireResponse/qr-9').label).toBe('screening questionnaire (uploaded)');
    expect(describeEvidence('no-slash').resourceType).toBe('Reference');
    expect(evidenceSummary([])).toBe('no references');
    expect(evidenceSummary(['a/1'])).toBe('1 reference');
    expect(evidenceSummary(['a/1', 'b/2'])).toBe('2 references');
  });
});
