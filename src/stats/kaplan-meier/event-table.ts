/**
 * From checked rows to event tables: the counts of events and censorings at each distinct time of a
 * curve, which is all the product-limit, Greenwood and Nelson–Aalen formulas need.
 *
 * The only O(n log n) step is native typed-array sorts: the rows are split by group and by status
 * (event / censored), each part's times are sorted, and everything after is a linear merge. This
 * avoids a comparator sort, a per-row binary search and any per-row object.
 */
import { timefixSorted } from '../timefix.ts';

/** One curve's counts at its distinct times, ascending; only times with a row are kept. */
export interface EventTable {
  time: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  /** Rows in the curve (= number at risk at the start). */
  records: number;
}

/** Distinct raw times and the merged time each becomes (R's timefix, ../timefix.ts). */
interface TimeMerge {
  distinct: Float64Array;
  merged: Float64Array;
}

/**
 * Event tables for each of `groups` groups (rows with `codes[i]` = g) and for all rows pooled.
 * With `timefix`, times are merged as R's `aeqSurv` over the whole data set, before the split.
 */
export function tabulateEvents(
  time: Float64Array,
  event: Uint8Array,
  codes: Int32Array | undefined,
  groups: number,
  timefix: boolean,
): { overall: EventTable; byGroup: EventTable[] } {
  const g = codes ? groups : 1;
  // Slot 2·group + (0 event, 1 censored).
  const sizes = new Int32Array(2 * g);
  for (let i = 0; i < time.length; i++) {
    const slot = 2 * (codes ? (codes[i] as number) : 0) + (event[i] ? 0 : 1);
    sizes[slot] = (sizes[slot] as number) + 1;
  }
  const parts = Array.from(sizes, (size) => new Float64Array(size));
  const filled = new Int32Array(2 * g);
  for (let i = 0; i < time.length; i++) {
    const slot = 2 * (codes ? (codes[i] as number) : 0) + (event[i] ? 0 : 1);
    const at = filled[slot] as number;
    (parts[slot] as Float64Array)[at] = time[i] as number;
    filled[slot] = at + 1;
  }
  for (const part of parts) part.sort();
  const events = parts.filter((_, s) => s % 2 === 0);
  const censored = parts.filter((_, s) => s % 2 === 1);
  const pooledEvents = codes ? mergeAll(events) : (events[0] as Float64Array);
  const pooledCensored = codes ? mergeAll(censored) : (censored[0] as Float64Array);

  let merge: TimeMerge | null = null;
  if (timefix) {
    const distinct = distinctOfBoth(pooledEvents, pooledCensored);
    const merged = timefixSorted(distinct);
    if (merged !== distinct) merge = { distinct, merged };
  }
  const overall = countAtTimes(pooledEvents, pooledCensored, merge);
  if (!codes) return { overall, byGroup: [] };
  return {
    overall,
    byGroup: events.map((e, j) => countAtTimes(e, censored[j] as Float64Array, merge)),
  };
}

/**
 * Walks sorted event and censoring times together, in time order, counting each (merged) time's
 * events and censorings.
 */
function countAtTimes(events: Float64Array, censored: Float64Array, merge: TimeMerge | null): EventTable {
  const ne = events.length;
  const nc = censored.length;
  const time = new Float64Array(ne + nc);
  const nEvent = new Float64Array(ne + nc);
  const nCensor = new Float64Array(ne + nc);
  let i = 0;
  let j = 0;
  let k = 0;
  let p = 0; // position in merge.distinct, which holds every raw time, so the walk finds each t
  while (i < ne || j < nc) {
    const isEvent = j >= nc || (i < ne && (events[i] as number) <= (censored[j] as number));
    let t = isEvent ? (events[i++] as number) : (censored[j++] as number);
    if (merge) {
      while ((merge.distinct[p] as number) < t) p++;
      t = merge.merged[p] as number;
    }
    if (k === 0 || t !== time[k - 1]) {
      time[k] = t;
      k++;
    }
    if (isEvent) nEvent[k - 1] = (nEvent[k - 1] as number) + 1;
    else nCensor[k - 1] = (nCensor[k - 1] as number) + 1;
  }
  return {
    time: time.subarray(0, k),
    nEvent: nEvent.subarray(0, k),
    nCensor: nCensor.subarray(0, k),
    records: ne + nc,
  };
}

/** Merges sorted arrays pairwise, O(n log(number of arrays)). */
function mergeAll(arrays: Float64Array[]): Float64Array {
  let level = arrays;
  if (level.length === 0) return new Float64Array(0);
  while (level.length > 1) {
    const next: Float64Array[] = [];
    for (let a = 0; a < level.length; a += 2) {
      const left = level[a] as Float64Array;
      const right = level[a + 1];
      next.push(right ? mergeSorted(left, right) : left);
    }
    level = next;
  }
  return level[0] as Float64Array;
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  }
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}

/** Sorted distinct values of two sorted arrays together. */
function distinctOfBoth(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    const t = j >= b.length || (i < a.length && (a[i] as number) <= (b[j] as number)) ? a[i++] : b[j++];
    if (k === 0 || t !== out[k - 1]) out[k++] = t as number;
  }
  return out.subarray(0, k);
}
