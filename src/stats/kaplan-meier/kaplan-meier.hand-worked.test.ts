/**
 * A six-row data set small enough to work by hand (STYLE.md item 10), given unsorted, with an event
 * and a censoring tied at t = 4, S(t) landing exactly on 1/2 and the curve ending flat on 1/4.
 *
 *   row   1  2  3  4  5  6
 *   time  7  4  2  9  4  4
 *   event 1  0  1  0  1  1
 *
 *   t   n at risk  d  c   S(t)                 Greenwood Σ d/(n(n−d))     Nelson–Aalen Σ d/n   Σ d/n²
 *   2   6          1  0   5/6                  1/30                       1/6                  1/36
 *   4   5          2  1   5/6 · 3/5 = 1/2      1/30 + 2/15 = 1/6          1/6 + 2/5 = 17/30    1/36 + 2/25 = 97/900
 *   7   2          1  0   1/2 · 1/2 = 1/4      1/6 + 1/2 = 2/3            17/30 + 1/2 = 16/15  97/900 + 1/4 = 161/450
 *   9   1          0  1   1/4                  2/3                        16/15                161/450
 * (the censoring at 4 is still at risk at 4, so n = 5 there and n = 2 at 7.)
 *
 * SE of S (Greenwood) = S·√(Σ): t = 2: 5/6·√(1/30); t = 4: 1/2·√(1/6); t = 7, 9: 1/4·√(2/3).
 *
 * Median: S = 1/2 exactly at t = 4 and drops later, at 7, so every t in [4, 7) has S = 1/2 and both
 * of R's rules give the midpoint (4 + 7)/2 = 11/2.
 * Quartile p = 0.75 (S = 1/4): reached at 7 and the curve stays at 1/4 to its end (a censoring at 9).
 * print.survfit's rule: no later drop, so 7; quantile()'s rule: the curve ends flat at 1/4, so
 * (7 + 9)/2 = 8. Quartile p = 0.25 (S = 3/4): first S ≤ 3/4 at 4.
 *
 * Restricted mean to τ = 10: ∫ S = 2·1 + 2·5/6 + 3·1/2 + 2·1/4 + 1·1/4 = 71/12.
 * Its variance Σ Aᵢ² d/(n(n−d)), Aᵢ = ∫_{tᵢ}^{10} S: A(7) = 3/4, A(4) = 3/2 + 3/4 = 9/4,
 * A(2) = 5/3 + 9/4 = 47/12: (9/16)(1/2) + (81/16)(2/15) + (2209/144)(1/30) = 317/216.
 * R 4.2.2 / survival 3.5-3 gives the same (survfit, summary(fit, rmean = 10), quantile).
 */
import { describe, expect, it } from 'vitest';
import { CLOSED_FORM, compareNumbers } from '../../../test/support/r-fixtures.ts';
import { curveQuantiles, curveRestrictedMean, kaplanMeier, nRiskAt, zForLevel } from './index.ts';

const data = { time: [7, 4, 2, 9, 4, 4], event: [1, 0, 1, 0, 1, 1] };

describe('Kaplan–Meier worked by hand', () => {
  const curve = kaplanMeier(data, { confType: ['log', 'plain'], rmean: [10] });

  it('gives the step function, Greenwood and Nelson–Aalen as exact fractions', () => {
    const errors: string[] = [];
    const check = (field: string, actual: unknown, expected: unknown) =>
      compareNumbers(errors, `hand-worked ${field}`, actual, expected, CLOSED_FORM);
    check('time', curve.time, [2, 4, 7, 9]);
    check('n_risk', curve.n_risk, [6, 5, 2, 1]);
    check('n_event', curve.n_event, [1, 2, 1, 0]);
    check('n_censor', curve.n_censor, [0, 1, 0, 1]);
    check('surv', curve.surv, [5 / 6, 1 / 2, 1 / 4, 1 / 4]);
    const greenwood = [1 / 30, 1 / 6, 2 / 3, 2 / 3];
    check('std_err', curve.std_err, greenwood.map(Math.sqrt));
    check('std_err_surv', curve.std_err_surv, [
      (5 / 6) * Math.sqrt(1 / 30),
      (1 / 2) * Math.sqrt(1 / 6),
      (1 / 4) * Math.sqrt(2 / 3),
      (1 / 4) * Math.sqrt(2 / 3),
    ]);
    check('cumhaz', curve.cumhaz, [1 / 6, 17 / 30, 16 / 15, 16 / 15]);
    check('std_chaz', curve.std_chaz, [1 / 36, 97 / 900, 161 / 450, 161 / 450].map(Math.sqrt));
    check(
      'records, n_max, n_start, events',
      [curve.records, curve.n_max, curve.n_start, curve.events],
      [6, 6, 6, 4],
    );
    // Log CI at t = 2: exp(log(5/6) ± z·√(1/30)), upper clipped at 1. Plain at t = 7: 1/4 ± z·SE, lower clipped at 0.
    const z = zForLevel(0.95);
    check('ci.log.lower[0]', curve.ci.log?.lower[0], Math.exp(Math.log(5 / 6) - z * Math.sqrt(1 / 30)));
    check('ci.log.upper[0]', curve.ci.log?.upper[0], 1);
    check('ci.plain.lower[2]', curve.ci.plain?.lower[2], 0);
    check('ci.plain.upper[2]', curve.ci.plain?.upper[2], 1 / 4 + z * (1 / 4) * Math.sqrt(2 / 3));
    check('rmean', curve.rmean[0]?.rmean, 71 / 12);
    check('rmean se', curve.rmean[0]?.se, Math.sqrt(317 / 216));
    expect(errors).toEqual([]);
  });

  it('puts the median at the midpoint of the flat stretch at 1/2', () => {
    expect(curve.ci.log?.median.estimate).toBe(11 / 2);
    expect(curve.ci.log?.quantiles.estimate).toEqual([4, 11 / 2, 8]);
  });

  it('differs between the two rules when the curve ends flat at 1 − p', () => {
    expect(curveQuantiles(curve, [0.25, 0.5, 0.75], { rule: 'table' }).estimate).toEqual([4, 11 / 2, 7]);
    expect(curveQuantiles(curve, [0.25, 0.5, 0.75], { rule: 'quantile' }).estimate).toEqual([4, 11 / 2, 8]);
  });

  it('integrates S up to any horizon, carrying the last S flat past the last time', () => {
    expect(curveRestrictedMean(curve, 1)).toEqual({ horizon: 1, horizon_rule: 'fixed', rmean: 1, se: 0 });
    const late = curveRestrictedMean(curve, 20); // 71/12 + 10·1/4
    expect(late.rmean).toBeCloseTo(71 / 12 + 10 / 4, 14);
    expect(curveRestrictedMean(curve, 10).se).toBeCloseTo(Math.sqrt(317 / 216), 14);
  });

  it('counts those at risk at chosen times (time ≥ t)', () => {
    expect(nRiskAt(curve, [0, 2, 3, 4, 4.5, 9, 9.5])).toEqual([6, 6, 5, 5, 2, 1, 0]);
    expect(nRiskAt(data, [9.5], { extend: false })).toEqual([null]);
  });
});
