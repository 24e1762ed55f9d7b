/**
 * A seven-row example worked by hand in exact fractions (STYLE.md item 10), rows deliberately
 * unsorted, with a tie between the arms at t = 2 and censorings at 3 and 5.
 *
 *   row  time  event  arm          sorted: t=1 B† | t=2 A† B† | t=3 B(c) | t=4 A† | t=5 A(c) | t=6 B†
 *    1    5     0      A
 *    2    2     1      B           († event, (c) censored)
 *    3    4     1      A
 *    4    1     1      B
 *    5    2     1      A
 *    6    3     0      B
 *    7    6     1      B
 *
 * Per event time: n at risk (n_A), d events (d_A), E_A term d·n_A/n,
 * V term d(n−d)/(n−1) · (n_A/n)(1 − n_A/n):
 *
 *   t=1: n=7 (3), d=1 (0): E 3/7, V 1·6/6 · 3/7·4/7 = 12/49
 *   t=2: n=6 (3), d=2 (1): E 1,   V 2·4/5 · 1/2·1/2 = 2/5
 *   t=4: n=3 (2), d=1 (1): E 2/3, V 1·2/2 · 2/3·1/3 = 2/9
 *   t=6: n=1 (0), d=1 (0): E 0,   V 0 (n = 1)
 *
 * ρ = 0 (log-rank): O_A = 2, E_A = 3/7 + 1 + 2/3 = 44/21, O_B = 3, E_B = 5 − 44/21 = 61/21,
 *   V = 12/49 + 2/5 + 2/9 = 1912/2205, O_A − E_A = −2/21,
 *   χ² = (2/21)² / (1912/2205) = (4/441)(2205/1912) = 5/478.
 *
 * ρ = 1 (Peto & Peto): weights w = Ŝ(t−) of the pooled KM: 1 at t=1, 6/7 at t=2,
 *   6/7·4/6 = 4/7 at t=4, 4/7·2/3 = 8/21 at t=6. Weighted terms multiply O and E by w and V by w²:
 *   O_A = 6/7 + 4/7 = 10/7, E_A = 3/7 + 6/7 + (4/7)(2/3) = 5/3,
 *   O_B = 1 + 6/7 + 8/21 = 47/21, E_B = (1 + 12/7 + 4/7 + 8/21) − 5/3 = 11/3 − 5/3 = 2,
 *   V = 12/49 + (36/49)(2/5) + (16/49)(2/9) = 12/49 + 72/245 + 32/441 = 1348/2205,
 *   O_A − E_A = −5/21, χ² = (25/441) / (1348/2205) = 125/1348.
 *
 * R agrees: survdiff(Surv(time, event) ~ arm, data, rho = 0 / 1) gives these to the last digit,
 * and p = 0.91853810568652461 (ρ = 0), 0.76073483488187399 (ρ = 1) from pchisq(χ², 1, lower = FALSE).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { logRank } from './index.ts';

const data = {
  time: [5, 2, 4, 1, 2, 3, 6],
  event: [0, 1, 1, 1, 1, 0, 1],
  group: ['A', 'B', 'A', 'B', 'A', 'B', 'B'],
};
const columns = { group: 'arm' };
const close = (actual: number, expected: number) => expect(actual).toBeCloseTo(expected, 14);

describe('logRank on the hand-worked seven-row example', () => {
  it('ρ = 0: O, E, V and χ² are the fractions worked out above', () => {
    const r = logRank(data, { columns });
    expect(r.formula).toBe('Surv(time, event) ~ arm');
    expect(r.groups).toEqual(['A', 'B']);
    expect(r.n).toEqual([3, 4]);
    expect(r.observed).toEqual([2, 3]);
    close(r.expected[0] as number, 44 / 21);
    close(r.expected[1] as number, 61 / 21);
    close(r.o_minus_e[0] as number, -2 / 21);
    close(r.var[0]?.[0] as number, 1912 / 2205);
    close(r.var[0]?.[1] as number, -1912 / 2205);
    close(r.chisq, 5 / 478);
    expect(r.df).toBe(1);
    close(r.p, 0.91853810568652461);
  });

  it('ρ = 1: the Kaplan–Meier-weighted fractions worked out above', () => {
    const r = logRank(data, { rho: 1, columns });
    close(r.observed[0] as number, 10 / 7);
    close(r.observed[1] as number, 47 / 21);
    close(r.expected[0] as number, 5 / 3);
    close(r.expected[1] as number, 2);
    close(r.var[1]?.[1] as number, 1348 / 2205);
    close(r.chisq, 125 / 1348);
    close(r.p, 0.76073483488187399);
  });

  it('gives the same result whatever the row order', () => {
    const order = [6, 3, 0, 5, 1, 4, 2];
    const shuffled = {
      time: order.map((i) => data.time[i] as number),
      event: order.map((i) => data.event[i] as number),
      group: order.map((i) => data.group[i] as string),
    };
    expect(logRank(shuffled, { columns }).chisq).toBe(logRank(data, { columns }).chisq);
  });

  it('refuses a missing time rather than dropping the row, naming the column and row', () => {
    const missing = { ...data, time: [5, 2, 4, Number.NaN, 2, 3, 6] };
    expect(() => logRank(missing, { columns })).toThrow(InputError);
    expect(() => logRank(missing, { columns })).toThrow(
      'time, row 4: expected a finite number ≥ 0; got null',
    );
  });
});
