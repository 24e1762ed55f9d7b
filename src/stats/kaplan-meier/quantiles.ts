/**
 * Survival-time quantiles by R's two rules (FORMAT.md "Median rules"). Both take a curve y(t) — the
 * estimate S(t) or one of its confidence limits, NaN where undefined — over its distinct times, and
 * return the time by which a fraction p has had the event, or null (not reached).
 *
 *  - `tableQuantile`: print.survfit / `summary(fit)$table` (R's `survmean`, for p = 0.5).
 *  - `findQuantiles`: `quantile.survfit` (R's `findq`), which interpolates with `approx()`.
 *
 * They agree on monotone curves that do not end exactly at 1 − p; see each function for where not.
 */
import { R_TOLERANCE } from '../timefix.ts';

/**
 * print.survfit's rule, generalised from the median to any p: among the times where y is defined
 * and y < 1 − p + tol, take the first, t₁. If y(t₁) equals 1 − p (within tol) and y later drops
 * below y(t₁), the answer is the midpoint of t₁ and the time of that drop (the curve is flat at
 * 1 − p in between, so every time there is a p-quantile); otherwise t₁.
 * R applies it to the curve with the point (0, 1) put in front (`survfit0`, unless a time is 0);
 * that point matters only for p < tol, where it gives 0 or the midpoint of 0 and the first drop.
 */
export function tableQuantile(time: ArrayLike<number>, y: ArrayLike<number>, p: number): number | null {
  const target = 1 - p;
  const k = time.length;
  const origin = k === 0 || (time[0] as number) > 0; // the point (0, 1) comes first
  let first = -1;
  let t1 = 0;
  let y1 = 1;
  if (!(origin && 1 < target + R_TOLERANCE)) {
    for (let i = 0; i < k; i++) {
      const v = y[i] as number;
      if (v < target + R_TOLERANCE) {
        first = i; // NaN fails the comparison, so undefined points are skipped
        t1 = time[i] as number;
        y1 = v;
        break;
      }
    }
    if (first < 0) return null;
  }
  if (Math.abs(y1 - target) < R_TOLERANCE) {
    for (let i = first + 1; i < k; i++) {
      if ((y[i] as number) < y1) return (t1 + (time[i] as number)) / 2;
    }
  }
  return t1;
}

/**
 * `quantile.survfit`'s rule (R's `findq`) for every p at once, on the points (0, 0), (tᵢ, 1 − yᵢ):
 *  1. if the largest 1 − y is below the smallest p, every quantile is null;
 *  2. repeated 1 − y values are dropped (the first time of each value stays; one NaN stays too);
 *  3. over the defined points, ordered by 1 − y (as `approx()` orders its x, which matters when y is
 *     not monotone, e.g. a log CI upper limit that rises again), i₁ = the first point with
 *     1 − y + tol ≥ p and i₂ = the first with 1 − y − tol ≥ p; null if p lies outside their range;
 *     the quantile is (t[i₁] + t[i₂]) / 2: the midpoint when the curve is flat at 1 − p;
 *  4. if the last kept value of 1 − y equals p (within tol) — the curve ends flat at 1 − p — the
 *     quantile is (t[i₁] + the curve's last time) / 2, even if that last time is a censoring.
 */
export function findQuantiles(
  time: ArrayLike<number>,
  y: ArrayLike<number>,
  probs: readonly number[],
): (number | null)[] {
  if (probs.length === 0) return [];
  const n = time.length + 1;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  let maxY = 0;
  for (let i = 1; i < n; i++) {
    xs[i] = time[i - 1] as number;
    const v = 1 - (y[i - 1] as number);
    ys[i] = v;
    if (v > maxY) maxY = v;
  }
  if (maxY < Math.min(...probs)) return probs.map(() => null);
  const xmax = xs[n - 1] as number;
  const kept = firstOccurrences(ys);
  const upper = knots(ys, kept, R_TOLERANCE);
  const lower = knots(ys, kept, -R_TOLERANCE);
  const last = ys[kept[kept.length - 1] as number] as number;
  const x = (position: number) => xs[kept[position] as number] as number;
  return probs.map((p) => {
    const i1 = firstAtLeast(upper, p);
    const i2 = firstAtLeast(lower, p);
    // The same precedence as R: the flat-end rule overrides p = 0, which overrides the midpoint.
    if (!Number.isNaN(last) && Math.abs(p - last) < R_TOLERANCE)
      return i1 === null ? null : (x(i1) + xmax) / 2;
    if (p === 0) return x(0);
    if (i1 === null || i2 === null) return null;
    return (x(i1) + x(i2)) / 2;
  });
}

/**
 * Indices of the first occurrence of each value (R's `!duplicated(y)`; NaN counts as one value,
 * 0 and −0 as one). On a monotone curve equal values are neighbours once NaNs are skipped; otherwise
 * each value's first index is found through a sorted copy of the values.
 */
function firstOccurrences(ys: Float64Array): Int32Array {
  const n = ys.length;
  const kept = new Int32Array(n);
  let m = 0;
  let sawNaN = false;
  let monotone = true;
  let previous = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = ys[i] as number;
    if (Number.isNaN(v)) continue;
    if (v < previous) monotone = false;
    previous = v;
  }
  if (monotone) {
    let lastValue = Number.NaN;
    for (let i = 0; i < n; i++) {
      const v = ys[i] as number;
      if (Number.isNaN(v)) {
        if (!sawNaN) kept[m++] = i;
        sawNaN = true;
      } else if (v !== lastValue) {
        kept[m++] = i;
        lastValue = v;
      }
    }
    return kept.subarray(0, m);
  }
  const values = ys.filter((v) => !Number.isNaN(v)).sort();
  let d = 0;
  for (let i = 0; i < values.length; i++)
    if (d === 0 || values[i] !== values[d - 1]) values[d++] = values[i] as number;
  const seen = new Uint8Array(d);
  for (let i = 0; i < n; i++) {
    const v = ys[i] as number;
    if (Number.isNaN(v)) {
      if (!sawNaN) kept[m++] = i;
      sawNaN = true;
      continue;
    }
    const r = lowerBound(values, v, d);
    if (!seen[r]) {
      seen[r] = 1;
      kept[m++] = i;
    }
  }
  return kept.subarray(0, m);
}

/**
 * `approx()`'s knots: x = y + shift over the kept points (NaN dropped), y = the point's position in
 * the kept list. `sorted` says whether x already ascends in that order (a monotone curve).
 */
interface Knots {
  key: Float64Array;
  position: Int32Array;
  sorted: boolean;
  min: number;
  max: number;
}

function knots(ys: Float64Array, kept: Int32Array, shift: number): Knots {
  const key = new Float64Array(kept.length);
  const position = new Int32Array(kept.length);
  let m = 0;
  let sorted = true;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let q = 0; q < kept.length; q++) {
    const k = (ys[kept[q] as number] as number) + shift;
    if (Number.isNaN(k)) continue;
    if (m > 0 && k < (key[m - 1] as number)) sorted = false;
    key[m] = k;
    position[m] = q;
    m++;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  return { key: key.subarray(0, m), position: position.subarray(0, m), sorted, min, max };
}

/**
 * approx(method = "constant", f = 1) at p: the position of the knot with the smallest x ≥ p; null
 * when p is outside [min x, max x]. Knots with equal x share the truncated mean of their positions,
 * as R averages tied x (`ties = mean`) and then indexes with the non-integer result.
 */
function firstAtLeast(k: Knots, p: number): number | null {
  const m = k.key.length;
  if (m === 0 || p < k.min || p > k.max) return null;
  let best = Number.POSITIVE_INFINITY;
  let sum = 0;
  let count = 0;
  if (k.sorted) {
    let j = lowerBound(k.key, p, m);
    best = k.key[j] as number;
    for (; j < m && k.key[j] === best; j++) {
      sum += k.position[j] as number;
      count++;
    }
  } else {
    for (let j = 0; j < m; j++) {
      const v = k.key[j] as number;
      if (v < p || v > best) continue;
      if (v < best) {
        best = v;
        sum = 0;
        count = 0;
      }
      sum += k.position[j] as number;
      count++;
    }
  }
  return Math.floor(sum / count);
}

/** The first index in sorted[0, length) whose value is ≥ v. */
function lowerBound(sorted: Float64Array, v: number, length: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
