/**
 * R survival's `timefix` (`aeqSurv`, the default of survfit, survdiff and coxph; survival package
 * documentation, ?aeqSurv and the vignette "Roundoff error and tied times"): times that differ only
 * by floating-point noise are one time, so that, say, 0.1 + 0.2 and 0.3 give one tie and not two
 * steps (such differences are almost always noise, 7/10 computed two ways, rather than real data).
 *
 * What R does exactly, over the sorted distinct times y₁ < y₂ < … < y_k of the WHOLE data set
 * (before it is split by group or stratum, so every curve and stratum uses the same merging):
 *   - neighbours yᵢ, yᵢ₊₁ are "tied" when yᵢ₊₁ − yᵢ ≤ tol (absolute) OR (yᵢ₊₁ − yᵢ) / mean|y| ≤ tol
 *     (relative to the mean of the distinct times), with tol = sqrt(.Machine$double.eps) ≈ 1.49e-8;
 *   - a run of tied neighbours becomes one time, the SMALLEST of the run: every time is replaced by
 *     the largest "cut" ≤ it, the cuts being y₁ and each yᵢ₊₁ not tied to yᵢ (`findInterval`).
 * Runs chain: 1, 1+1e-8, 1+2e-8, 1+3e-8 all become 1 although the ends differ by 3e-8.
 * Checked against R in test/fixtures/r-extra: km-edge-cases.json (cases `timefix`,
 * `timefix-by-group`), logrank-near-tied-times.json and cox-timefix.json. One implementation serves
 * Kaplan–Meier, log-rank and Cox (docs/decisions/0006-statistics-reproduce-r.md).
 */
import { distinctSorted, rankIn } from './ranks.ts';

/** R's `sqrt(.Machine$double.eps)`, the tolerance of `aeqSurv`, print.survfit's median and `quantile()`. */
export const R_TOLERANCE = Math.sqrt(Number.EPSILON);

/**
 * Times already in ascending order (repeats allowed) with near-ties merged, still ascending; the
 * same array when nothing merges (the usual case), so callers can test `result === sorted`. O(n),
 * and nothing is allocated unless something merges.
 */
export function timefixSorted(sorted: Float64Array, tolerance = R_TOLERANCE): Float64Array {
  const n = sorted.length;
  let distinct = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const t = sorted[i] as number;
    if (i === 0 || t !== sorted[i - 1]) {
      distinct++;
      total += Math.abs(t);
    }
  }
  if (distinct < 2) return sorted;
  // mean|y| as R's mean(): the sum / k, then one correction pass (R accumulates in long double).
  let mean = total / distinct;
  let correction = 0;
  for (let i = 0; i < n; i++) {
    const t = sorted[i] as number;
    if (i === 0 || t !== sorted[i - 1]) correction += Math.abs(t) - mean;
  }
  mean += correction / distinct;
  const tied = (previous: number, t: number) => {
    const dy = t - previous;
    return dy <= tolerance || dy / mean <= tolerance;
  };
  let first = -1; // first row whose time is tied to the distinct time before it
  for (let i = 1; i < n && first < 0; i++) {
    const previous = sorted[i - 1] as number;
    const t = sorted[i] as number;
    if (t !== previous && tied(previous, t)) first = i;
  }
  if (first < 0) return sorted;
  const fixed = Float64Array.from(sorted);
  // fixed[i − 1] already holds the start of the previous run; sorted[i − 1] is the raw predecessor.
  for (let i = first; i < n; i++) {
    const previous = sorted[i - 1] as number;
    const t = sorted[i] as number;
    fixed[i] = t === previous || tied(previous, t) ? (fixed[i - 1] as number) : t;
  }
  return fixed;
}

/**
 * The merged time of every row, in the rows' own order, or null when nothing merges.
 * `sortedOrder`, when given, sorts `time` ascending (saves a sort and the look-ups).
 */
export function mergeNearTimes(time: Float64Array, sortedOrder?: Uint32Array): Float64Array | null {
  const n = time.length;
  if (sortedOrder) {
    const sorted = new Float64Array(n);
    for (let k = 0; k < n; k++) sorted[k] = time[sortedOrder[k] as number] as number;
    const fixed = timefixSorted(sorted);
    if (fixed === sorted) return null;
    const merged = new Float64Array(n);
    for (let k = 0; k < n; k++) merged[sortedOrder[k] as number] = fixed[k] as number;
    return merged;
  }
  // Unsorted rows: merge the distinct times, then look each row's time up among them.
  const distinct = distinctSorted(time);
  const fixed = timefixSorted(distinct);
  if (fixed === distinct) return null;
  const merged = new Float64Array(n);
  for (let i = 0; i < n; i++) merged[i] = fixed[rankIn(distinct, time[i] as number)] as number;
  return merged;
}
