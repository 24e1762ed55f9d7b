/** logRank's checking wrapper: every refusal is an InputError naming the column and, for a bad value, the 1-based row. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { type LogRankInput, type LogRankOptions, logRank } from './index.ts';

const good = {
  time: [5, 2, 4, 1, 2, 3],
  event: [0, 1, 1, 1, 1, 0],
  group: ['A', 'B', 'A', 'B', 'A', 'B'],
};

function refusal(input: LogRankInput, options?: LogRankOptions): InputError {
  try {
    logRank(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected logRank to refuse its input');
}

describe('logRank refuses bad input, naming field and row', () => {
  const cases: [string, LogRankInput, LogRankOptions | undefined, string][] = [
    [
      'a negative time',
      { ...good, time: [5, 2, -1, 1, 2, 3] },
      undefined,
      'time, row 3: expected a finite number ≥ 0; got -1',
    ],
    ['an event code other than 0/1', { ...good, event: [0, 2, 1, 1, 1, 0] }, undefined, 'event, row 2'],
    [
      'a group label that is not a string',
      { ...good, group: ['A', 'B', 'A', 7, 'A', 'B'] as never },
      undefined,
      'group, row 4',
    ],
    [
      'a group label outside groupLevels',
      { ...good, group: ['A', 'B', 'A', 'B', 'C', 'B'], groupLevels: ['A', 'B'] },
      undefined,
      'group, row 5: expected one of "A", "B"; got "C"',
    ],
    [
      'too few group labels',
      { ...good, group: ['A', 'B'] },
      undefined,
      'group: expected 6 values, as many as time; got 2',
    ],
    [
      'a single group',
      { ...good, group: ['A', 'A', 'A', 'A', 'A', 'A'] },
      undefined,
      'a comparison needs at least two groups; got 1',
    ],
    [
      'a level given in groupLevels that no row has',
      { ...good, groupLevels: ['A', 'B', 'C'] },
      undefined,
      'group: expected at least one row at each level of groupLevels, but level "C" has none',
    ],
    ['a repeated level in groupLevels', { ...good, groupLevels: ['A', 'B', 'A'] }, undefined, 'groupLevels'],
    [
      'a stratum label outside strataLevels',
      { ...good, strata: ['x', 'x', 'y', 'y', 'z', 'x'], strataLevels: ['x', 'y'] },
      undefined,
      'strata, row 5',
    ],
    [
      'strataLevels without a strata column',
      { ...good, strataLevels: ['x'] },
      undefined,
      'strata: expected a strata column',
    ],
    ['a negative rho', good, { rho: -1 }, 'rho: expected a finite number ≥ 0; got -1'],
    ['a NaN rho', good, { rho: Number.NaN }, 'rho'],
    [
      'a bad time, under the caller’s column name',
      { ...good, time: [5, Number.POSITIVE_INFINITY, 4, 1, 2, 3] },
      { columns: { time: 'os_days', group: 'arm' } },
      'os_days, row 2',
    ],
    [
      'a single arm, under the caller’s column name',
      { ...good, group: ['A', 'A', 'A', 'A', 'A', 'A'] },
      { columns: { group: 'arm' } },
      'arm: expected',
    ],
  ];
  for (const [name, input, options, message] of cases) {
    it(name, () => {
      expect(refusal(input, options).message).toContain(message);
    });
  }

  it('carries field and row on the error for callers that map it to a field path', () => {
    const error = refusal({ ...good, event: [0, 1, 1, 1, 1, 9] });
    expect(error.issues[0]?.path).toBe('event');
    expect(error.issues[0]?.row).toBe(6);
    expect(error.issues[0]?.value).toBe(9);
  });

  it('accepts boolean events and builds the formula from the caller’s column names', () => {
    const r = logRank(
      { ...good, event: good.event.map(Boolean), strata: ['x', 'x', 'x', 'y', 'y', 'y'] },
      { columns: { time: 'os_days', event: 'death', group: 'arm', strata: 'site' } },
    );
    expect(r.formula).toBe('Surv(os_days, death) ~ arm + strata(site)');
    expect(r.strata).toEqual(['x', 'y']);
  });
});
