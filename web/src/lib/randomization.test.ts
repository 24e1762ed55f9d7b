import { describe, expect, it } from 'vitest';
import { allMet, describeStratum, randomizationPreconditions } from './randomization.ts';

const MKI = {
  id: 'planned-mki',
  label: 'Planned multi-kinase inhibitor',
  levels: ['cabozantinib', 'lenvatinib'],
};

describe('randomization preconditions', () => {
  it('are all met when the server reports no blocker and every factor is given', () => {
    const checks = randomizationPreconditions([], [MKI], { 'planned-mki': 'lenvatinib' });
    expect(checks.map((c) => [c.label, c.met])).toEqual([
      ['Screening result is eligible', true],
      ['Result signed by an investigator', true],
      ['Result is as of today', true],
      ['The allocation list exists', true],
      ['No other subject of this person is randomized', true],
      ['Stratification factor given: Planned multi-kinase inhibitor', true],
    ]);
    expect(allMet(checks)).toBe(true);
  });

  it('sorts the server’s blockers into the checks by code, keeping its words, and lists unknown ones', () => {
    const blockers = [
      { code: 'not_signed', message: 'the current screening result is not signed by an investigator' },
      {
        code: 'not_today',
        message:
          'the result is as of 2026-03-30, not today (2026-11-24): re-screen as of today and sign again',
      },
      { code: 'something_new', message: 'something new the server checks' },
      { code: 'no_list', message: 'no randomization list: the statistician has not created one' },
      {
        code: 'duplicate_randomized',
        message: 'X has the same source patient identifier as Y, already randomized',
      },
    ];
    const checks = randomizationPreconditions(blockers, [MKI], {});
    expect(checks).toEqual([
      { id: 'eligible', label: 'Screening result is eligible', met: true },
      {
        id: 'signed',
        label: 'Result signed by an investigator',
        met: false,
        detail: 'the current screening result is not signed by an investigator',
      },
      { id: 'today', label: 'Result is as of today', met: false, detail: blockers[1]?.message },
      { id: 'list', label: 'The allocation list exists', met: false, detail: blockers[3]?.message },
      {
        id: 'one-person',
        label: 'No other subject of this person is randomized',
        met: false,
        detail: blockers[4]?.message,
      },
      { id: 'other-0', label: blockers[2]?.message, met: false, detail: blockers[2]?.message },
      {
        id: 'factor-planned-mki',
        label: 'Stratification factor given: Planned multi-kinase inhibitor',
        met: false,
        detail: 'choose one of cabozantinib, lenvatinib',
      },
    ]);
    expect(allMet(checks)).toBe(false);
  });

  it('counts an unscreened or ineligible subject against "eligible", and a stale signature against "signed"', () => {
    const notScreened = randomizationPreconditions(
      [{ code: 'not_screened', message: 'not screened' }],
      [],
      {},
    );
    expect(notScreened[0]).toMatchObject({ id: 'eligible', met: false, detail: 'not screened' });
    const ineligible = randomizationPreconditions(
      [
        { code: 'not_eligible', message: 'screening result is ineligible (not met: I16)' },
        { code: 'signature_stale', message: 'the signature does not match the current result' },
      ],
      [],
      {},
    );
    expect(ineligible.filter((c) => !c.met).map((c) => c.id)).toEqual(['eligible', 'signed']);
  });

  it('refuses a factor value that is not one of its levels', () => {
    const checks = randomizationPreconditions([], [MKI], { 'planned-mki': 'sorafenib' });
    expect(checks.at(-1)?.met).toBe(false);
  });
});

describe('strata', () => {
  it('are written with the factor labels', () => {
    expect(describeStratum('planned-mki=lenvatinib', [MKI])).toBe(
      'Planned multi-kinase inhibitor: lenvatinib',
    );
    expect(describeStratum('a=1|b=2', [])).toBe('a: 1; b: 2');
    expect(describeStratum('all', [MKI])).toBe('none (one stratum)');
  });
});
