import { describe, expect, it } from 'vitest';
import type { ConsortCounts } from '../contracts.ts';
import { consortDiagram, funnelStages } from './consort.ts';

const counts: ConsortCounts = {
  assessed: 10,
  inScreening: 1,
  eligibleNotRandomized: 1,
  excluded: { total: 4, notMeetingCriteria: 3, withdrawn: 1, byCriterion: { I07: 2, E14: 1, E01: 1 } },
  randomized: 4,
  allocated: { A: 2, B: 2 },
};
const arms = [
  { id: 'A', label: 'Arm A' },
  { id: 'B', label: 'Arm B' },
];

describe('consortDiagram', () => {
  it('puts every assessed subject in one box and says the boxes add up', () => {
    const d = consortDiagram(counts, arms, (id) => ({ I07: 'Child-Pugh A' })[id] ?? '');
    expect([d.assessed.count, d.excluded.count, d.pending.count, d.randomized.count]).toEqual([10, 4, 2, 4]);
    expect(d.check).toEqual({ ok: true, message: '10 assessed = 10 in the boxes below' });
    expect(d.excluded.lines).toEqual([
      { label: 'Not meeting eligibility criteria', count: 3 },
      { label: 'I07 Child-Pugh A', count: 2, level: 1 },
      { label: 'E01', count: 1, level: 1 },
      { label: 'E14', count: 1, level: 1 },
      { label: 'Withdrew before randomization', count: 1 },
    ]);
    expect(d.allocated).toEqual([
      { title: 'Allocated to Arm A', count: 2, lines: [] },
      { title: 'Allocated to Arm B', count: 2, lines: [] },
    ]);
  });

  it('shows the protocol arms even before anyone is allocated to them', () => {
    const none = consortDiagram({ ...counts, assessed: 6, randomized: 0, allocated: {} }, arms);
    expect(none.allocated.map((b) => b.count)).toEqual([0, 0]);
    expect(none.check.ok).toBe(true);
  });

  it('sums the criteria beyond the first five as "other criteria"', () => {
    const many = Object.fromEntries(
      ['E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07'].map((id, i) => [id, 7 - i]),
    );
    const d = consortDiagram({ ...counts, excluded: { ...counts.excluded, byCriterion: many } }, arms);
    expect(d.excluded.lines.at(-2)).toEqual({ label: 'other criteria', count: 2 + 1, level: 1 });
  });

  it('names a difference when the counts do not add up', () => {
    const d = consortDiagram({ ...counts, assessed: 11, allocated: { A: 1, B: 2 } }, arms);
    expect(d.check.ok).toBe(false);
    expect(d.check.message).toBe(
      'excluded + in screening + randomized = 10, but 11 were assessed; the arms hold 3, but 4 were randomized',
    );
  });
});

describe('funnelStages', () => {
  it('gives each stage its share of those registered and of the stage before', () => {
    const stages = funnelStages({
      registered: 10,
      screened: 9,
      eligible: 6,
      signed: 5,
      randomized: 4,
      screenFailed: 3,
      withdrawn: 1,
    });
    expect(stages.map((s) => [s.label, s.count, s.percentOfRegistered, s.percentOfPrevious])).toEqual([
      ['Registered', 10, 100, null],
      ['Screened', 9, 90, 90],
      ['Eligible', 6, 60, (100 * 6) / 9],
      ['Eligibility signed', 5, 50, (100 * 5) / 6],
      ['Randomized', 4, 40, 80],
    ]);
  });

  it('has no percentages when nobody is registered', () => {
    const stages = funnelStages({
      registered: 0,
      screened: 0,
      eligible: 0,
      signed: 0,
      randomized: 0,
      screenFailed: 0,
      withdrawn: 0,
    });
    expect(stages.every((s) => s.percentOfRegistered === null && s.percentOfPrevious === null)).toBe(true);
  });
});
