/**
 * The log-rank statistic from O − E and its covariance, with R survdiff's rule for groups that
 * contribute nothing (FORMAT.md, `survdiff`): keep the groups with E > 0, drop the first of them
 * (the covariance of all G groups is singular, since Σ(O − E) = 0), and form dᵀ V⁻¹ d. With fewer
 * than two such groups the statistic is 0. df = (groups with E > 0) − 1.
 */
import { inverseQuadraticForm, submatrix } from '../quadratic-form.ts';

export interface ChiSquare {
  chisq: number;
  df: number;
  /** False when the reduced covariance matrix is exactly singular (R's solve() stops there). */
  solvable: boolean;
}

/** @param variance row-major G × G */
export function logRankChiSquare(
  oMinusE: ArrayLike<number>,
  expected: ArrayLike<number>,
  variance: Float64Array,
): ChiSquare {
  const groups = expected.length;
  const kept: number[] = [];
  for (let k = 0; k < groups; k++) if ((expected[k] as number) > 0) kept.push(k);
  const df = kept.length - 1;
  if (kept.length < 2) return { chisq: 0, df, solvable: true };
  const used = kept.slice(1);
  const d = Float64Array.from(used, (k) => oMinusE[k] as number);
  // Only an exactly zero pivot stops the solve, as LAPACK's dgesv reports exact singularity.
  const chisq = inverseQuadraticForm(submatrix(variance, groups, used), used.length, d, 0);
  if (chisq === undefined) return { chisq: Number.NaN, df, solvable: false };
  return { chisq, df, solvable: true };
}
