/** Specimens due (issue 15 §4): who owes which specimen, at which time points, with which window and status. */
import { describe, expect, it } from 'vitest';
import type { SpecimenDefinition, Visit } from '../contracts/index.ts';
import { type SpecimenFacts, specimensDue } from './index.ts';

const definition = (over: Partial<SpecimenDefinition>): SpecimenDefinition => ({
  id: 'research-blood',
  label: 'Research blood',
  type: 'blood',
  criterion: 'I12',
  requiredFor: 'all',
  timepoints: ['C1D1', 'EOT'],
  configurable: true,
  source: 's',
  ...over,
});
const visit = (id: string, start: string, end: string, status: Visit['status'] = 'due'): Visit => ({
  id,
  kind: 'treatment',
  planned: start,
  window_start: start,
  window_end: end,
  status,
});
const facts = (over: Partial<SpecimenFacts> = {}): SpecimenFacts => ({
  siteRuleSelects: () => false,
  consented: () => null,
  ...over,
});
/** Days after the end of treatment its specimens are due (specimens.yaml gives 14). */
const EOT_DAYS = 14;
const C1 = visit('C1D1', '2026-03-30', '2026-04-06');

describe('specimensDue', () => {
  it('asks every subject for an `all` specimen at each time point the calendar reaches, in its window', () => {
    expect(specimensDue([definition({})], EOT_DAYS, facts(), [C1], null, [], '2026-04-07')).toEqual([
      {
        specimenId: 'research-blood',
        label: 'Research blood',
        timepoint: 'C1D1',
        window_start: '2026-03-30',
        window_end: '2026-04-06',
        status: 'overdue',
      },
    ]);
  });

  it('dates the end-of-treatment time point from the end of treatment, the given days', () => {
    const due = specimensDue([definition({})], EOT_DAYS, facts(), [C1], '2026-06-01', [], '2026-06-15');
    expect(due[1]).toMatchObject({
      timepoint: 'EOT',
      window_start: '2026-06-01',
      window_end: '2026-06-15',
      status: 'due',
    });
    expect(
      specimensDue([definition({})], EOT_DAYS, facts(), [C1], '2026-06-01', [], '2026-06-16')[1]?.status,
    ).toBe('overdue');
  });

  it('skips a time point whose cycle was cancelled or is not in the calendar yet', () => {
    const two = definition({ timepoints: ['C1D1', 'C2D1'] });
    expect(
      specimensDue([two], EOT_DAYS, facts(), [C1], null, [], '2026-04-01').map((s) => s.timepoint),
    ).toEqual(['C1D1']);
    const cancelled = visit('C2D1', '2026-04-17', '2026-04-23', 'cancelled');
    expect(
      specimensDue([two], EOT_DAYS, facts(), [C1, cancelled], null, [], '2026-05-01').map((s) => s.timepoint),
    ).toEqual(['C1D1']);
  });

  it('asks for tissue only when the site rule selects the subject, and archival tissue only when consented', () => {
    const tissue = definition({
      id: 'research-tissue',
      criterion: 'I13',
      requiredFor: 'site-rule',
      timepoints: ['C1D1'],
    });
    const archival = definition({
      id: 'archival-tissue',
      criterion: 'I11',
      requiredFor: 'consented',
      timepoints: ['C1D1'],
    });
    const ids = (f: SpecimenFacts) =>
      specimensDue([tissue, archival], EOT_DAYS, f, [C1], null, [], '2026-04-01').map((s) => s.specimenId);
    expect(ids(facts())).toEqual([]);
    expect(ids(facts({ siteRuleSelects: (c) => c === 'I13' }))).toEqual(['research-tissue']);
    expect(ids(facts({ consented: (c) => (c === 'I11' ? true : null) }))).toEqual(['archival-tissue']);
    expect(ids(facts({ consented: () => false }))).toEqual([]);
  });

  it('shows what was recorded: collected with its date, or not collected with the reason', () => {
    const records = [
      { specimenId: 'research-blood', timepoint: 'C1D1', date: '2026-03-31', status: 'collected' as const },
      {
        specimenId: 'research-blood',
        timepoint: 'EOT',
        date: '2026-06-02',
        status: 'not-collected' as const,
        reason: 'patient declined',
      },
    ];
    expect(
      specimensDue([definition({})], EOT_DAYS, facts(), [C1], '2026-06-01', records, '2026-07-01'),
    ).toEqual([
      expect.objectContaining({ timepoint: 'C1D1', status: 'collected', collected: '2026-03-31' }),
      expect.objectContaining({ timepoint: 'EOT', status: 'not-collected', reason: 'patient declined' }),
    ]);
  });
});
