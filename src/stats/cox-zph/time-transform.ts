/**
 * The time scales g(t) of the proportional-hazards test (Grambsch & Therneau 1994, §4; survival's
 * `cox.zph` `transform` argument). Each depends on a row's time only, so every row sharing a time
 * gets the same value, and all of them pool the rows (strata and covariates play no part).
 */

export type ZphTransform = 'km' | 'identity' | 'rank';

/**
 * g(t) for every row. `order` must sort the rows by ascending time (ties in any order).
 *  - `identity`: t.
 *  - `rank`: the rank of t among all rows, ties averaged (R's `rank(time)`).
 *  - `km`: 1 − Ŝ(t−), Ŝ the Kaplan–Meier estimate of all rows pooled, taken just before t, so a
 *    death at t does not move its own value (survival's `cox.zph`, FORMAT.md `cox_zph`).
 */
export function transformTimes(
  time: Float64Array,
  event: Uint8Array,
  order: Uint32Array,
  transform: ZphTransform,
): Float64Array {
  const n = time.length;
  const g = new Float64Array(n);
  if (transform === 'identity') {
    g.set(time);
    return g;
  }
  let survival = 1; // Ŝ just before the current distinct time
  let atRisk = n;
  for (let start = 0; start < n; ) {
    const t = time[order[start] as number] as number;
    let end = start;
    let deaths = 0;
    while (end < n && time[order[end] as number] === t) {
      deaths += event[order[end] as number] as number;
      end++;
    }
    // Sorted positions start..end−1 hold the tied times: their average 1-based rank.
    const value = transform === 'rank' ? (start + 1 + end) / 2 : 1 - survival;
    for (let k = start; k < end; k++) g[order[k] as number] = value;
    survival *= 1 - deaths / atRisk;
    atRisk -= end - start;
    start = end;
  }
  return g;
}
