/**
 * A Cox model small enough to work by hand (STYLE.md item 10; in the spirit of R survival's
 * tests/book1.R). Six rows, unsorted, one binary covariate x, one missing value, two tied deaths:
 *
 *   row  time  event  x
 *    1     5     1    1
 *    2     2     1    0
 *    3     5     1    0     ← tied with row 1: two deaths at t = 5
 *    4     8     0    1
 *    5     3     0    1
 *    6     9     1    NA    ← dropped (na.omit): n = 5, 3 events
 *
 * At β = 0 every risk score is 1, so the risk-set sums are counts: S0 = number at risk, S1 = number
 * at risk with x = 1, and (x binary) S2 = S1.
 *
 * t = 2: at risk rows 1–5, S0 = 5, S1 = 3; one death (row 2, x = 0).
 *        ℓ: −log 5.   U: 0 − 3/5 = −3/5.   I: 3/5 − (3/5)² = 6/25.
 * t = 5: at risk rows 1, 3, 4, S0 = 3, S1 = 2; two deaths (rows 1 and 3, Σx = 1), whose own sums
 *        are D0 = 2, D1 = 1.
 *   Breslow (both deaths see the whole risk set):
 *        ℓ: −2 log 3.   U: 1 − 2·(2/3) = −1/3.   I: 2·(2/3 − 4/9) = 4/9.
 *   Efron (the second death sees the risk set less half of D: S0 = 3 − 1 = 2, S1 = 2 − 1/2 = 3/2):
 *        ℓ: −log 3 − log 2.   U: 1 − 2/3 − 3/4 = −5/12.   I: (2/3 − 4/9) + (3/4 − 9/16) = 2/9 + 3/16 = 59/144.
 *
 * Totals at β = 0:
 *   Breslow: ℓ(0) = −log 45,  U = −3/5 − 1/3 = −14/15,  I = 6/25 + 4/9 = 154/225,
 *            score test U²/I = (196/225)/(154/225) = 14/11,  first Newton step U/I = −15/11.
 *   Efron:   ℓ(0) = −log 30,  U = −3/5 − 5/12 = −61/60,  I = 6/25 + 59/144 = 2339/3600,
 *            score test U²/I = 3721/2339,  first Newton step U/I = −3660/2339.
 *
 * R agrees (survival 3.5-3):
 *   d <- data.frame(time = c(5, 2, 5, 8, 3, 9), event = c(1, 1, 1, 0, 0, 1), x = c(1, 0, 0, 1, 1, NA))
 *   coxph(Surv(time, event) ~ x, d, ties = "efron")   # loglik -3.401197381662155 -2.6689230278177245,
 *                                                     # score 1.590850790936297, coef -1.4387560473547798, iter 4
 *   coxph(Surv(time, event) ~ x, d, ties = "breslow") # loglik -3.8066624897703196 -3.206000200024353,
 *                                                     # score 1.2727272727272723, coef -1.2935624652259778, iter 4
 *   coxph(..., control = coxph.control(iter.max = 1)) # coef -1.5647712697734071 (efron), -1.3636363636363633 (breslow)
 */
import { describe, expect, it } from 'vitest';
import { COX_ESTIMATE, COX_LOGLIK, compareNumbers } from '../../../test/support/r-fixtures.ts';
import { coxPh } from './index.ts';

const input = {
  time: [5, 2, 5, 8, 3, 9],
  event: [1, 1, 1, 0, 0, 1],
  covariates: { x: [1, 0, 0, 1, 1, null] },
};

describe('hand-worked Cox example', () => {
  it('drops the row with the missing covariate', () => {
    const fit = coxPh(input);
    expect(fit.omitted_rows).toEqual([6]);
    expect([fit.n, fit.nevent]).toEqual([5, 3]);
    // x is 0/1, so R leaves it uncentred
    expect(fit.means).toEqual([0]);
  });

  it.each([
    { ties: 'efron' as const, loglik0: -Math.log(30), score: 3721 / 2339, step: -3660 / 2339 },
    { ties: 'breslow' as const, loglik0: -Math.log(45), score: 14 / 11, step: -15 / 11 },
  ])('$ties: ℓ(0), the score test and the first Newton step are the fractions worked out above', (c) => {
    const fit = coxPh(input, { ties: c.ties });
    expect(fit.loglik_null).toBeCloseTo(c.loglik0, 14);
    expect(fit.score_test.statistic).toBeCloseTo(c.score, 14);
    expect(fit.score_test.df).toBe(1);
    const oneStep = coxPh(input, { ties: c.ties, iterMax: 1 });
    expect(oneStep.coef[0]).toBeCloseTo(c.step, 14);
    expect(oneStep.iter).toBe(2); // R's count when the iterations run out: iterMax + 1
    expect(oneStep.warnings).toEqual([]); // R warns only for iter.max > 1
  });

  it.each([
    { ties: 'efron' as const, loglik: [-3.401197381662155, -2.6689230278177245], coef: -1.4387560473547798 },
    {
      ties: 'breslow' as const,
      loglik: [-3.8066624897703196, -3.206000200024353],
      coef: -1.2935624652259778,
    },
  ])('$ties: the converged fit is R’s', (c) => {
    const fit = coxPh(input, { ties: c.ties });
    const errors: string[] = [];
    compareNumbers(errors, 'loglik', [fit.loglik_null, fit.loglik_fit], c.loglik, COX_LOGLIK);
    compareNumbers(errors, 'coef', fit.coef, [c.coef], COX_ESTIMATE);
    expect(errors).toEqual([]);
    expect(fit.iter).toBe(4);
  });

  it('does not depend on the row order', () => {
    const permutation = [3, 0, 5, 1, 4, 2];
    const shuffled = {
      time: permutation.map((i) => input.time[i] as number),
      event: permutation.map((i) => input.event[i] as number),
      covariates: { x: permutation.map((i) => input.covariates.x[i] ?? null) },
    };
    const a = coxPh(input);
    const b = coxPh(shuffled);
    expect(b.coef[0]).toBeCloseTo(a.coef[0] as number, 12);
    expect(b.loglik_fit).toBeCloseTo(a.loglik_fit, 12);
    expect(b.omitted_rows).toEqual([3]);
  });
});
