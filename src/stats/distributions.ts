/**
 * The distribution functions the tests and intervals of the statistics engine share (log-rank,
 * Cox, cox.zph, Kaplan–Meier), from @stdlib, with R's conventions at the edges.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import qnorm from '@stdlib/stats-base-dists-normal-quantile';

/**
 * P(χ²_df > x), as R's pchisq(x, df, lower.tail = FALSE): the regularised upper incomplete gamma
 * Q(df/2, x/2), computed directly so tiny p-values keep their relative precision instead of being
 * 1 − (something close to 1). df = 0 is a point mass at 0 (R gives 1 at x = 0, 0 above); df < 0
 * (e.g. a log-rank test without events) has no distribution: NaN, as R.
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (df < 0 || Number.isNaN(x)) return Number.NaN;
  if (df === 0) return x <= 0 ? 1 : 0;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/** Two-sided normal p-value 2·Φ(−|z|). */
export function normalTwoSided(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** The standard normal quantile Φ⁻¹(p), e.g. 1.959963984540054 for 0.975. */
export function normalQuantile(p: number): number {
  return qnorm(p, 0, 1);
}

/**
 * z = Φ⁻¹(1 − (1 − level)/2), e.g. 1.959963984540054 for 95 %, written as R's `survfit_confint`
 * writes it. (summary.coxph writes `qnorm((1 + conf.int)/2)`, which can differ in the last bit, so
 * the Cox summary keeps its own form.)
 */
export function zForLevel(confLevel: number): number {
  return normalQuantile(1 - (1 - confLevel) / 2);
}
