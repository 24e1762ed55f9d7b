/**
 * Distinct values and dense ranks: one native numeric sort of a copy (far faster than a comparator
 * sort on typed arrays), then binary searches. survivalOrder ranks times with them, the concordance
 * ranks risk scores, timefix looks times up among the merged distinct times.
 */

/** The distinct values, ascending: the native numeric sort of a copy, repeats dropped. */
export function distinctSorted(values: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let size = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[size++] = sorted[i] as number;
  return sorted.subarray(0, size);
}

/** The position of `value` in `distinct` (ascending, from distinctSorted), by binary search. */
export function rankIn(distinct: Float64Array, value: number): number {
  let lo = 0;
  let hi = distinct.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((distinct[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Dense ranks 0…K−1 of the values (equal values share a rank) and the K distinct values,
 * so that `distinct[rank[i]] === values[i]`.
 */
export function denseRanks(values: Float64Array): { rank: Int32Array; distinct: Float64Array } {
  const distinct = distinctSorted(values);
  const rank = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) rank[i] = rankIn(distinct, values[i] as number);
  return { rank, distinct };
}
