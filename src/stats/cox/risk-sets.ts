/**
 * Sorting the rows once into risk sets for the Newton–Raphson core: rows by stratum and time
 * (events first among equal times), grouped into tie blocks (one per distinct time within a
 * stratum), with the covariates centred and scaled as survival's C routine does before fitting
 * (Therneau & Grambsch 2000, §3.3: centring keeps exp(xβ) in range; scaling makes the Cholesky
 * tolerance and the step comparable across columns).
 */
import { survivalOrder } from '../input.ts';
import { mergeNearTimes } from '../timefix.ts';

/** The sorted data the core iterates over; it trusts these invariants and checks nothing. */
export interface CoxRiskSets {
  n: number;
  nvar: number;
  /** Sorted rows × nvar, row-major, centred and scaled. */
  x: Float64Array;
  nblocks: number;
  /** Block b holds sorted rows blockStart[b] … blockStart[b + 1] − 1, all at one time. */
  blockStart: Int32Array;
  /** Events in block b: they are its first rows. */
  blockDeaths: Int32Array;
  /** 1 when block b is the last (latest) block of its stratum: the backward pass starts afresh there. */
  stratumLast: Uint8Array;
}

export interface CoxPrepared {
  sets: CoxRiskSets;
  /** Positions into the rows used, in sorted order. */
  order: Uint32Array;
  /** The times actually fitted (near-equal times merged), in the order of the rows used. */
  time: Float64Array;
  /** R's `fit$means` (0 for columns left uncentred). */
  means: Float64Array;
  /** Multiplier of each centred column (1 for columns left alone). */
  scale: Float64Array;
}

/**
 * The rows in survival's own order, `order(strata, time)`: ties in input order, events and
 * censorings mixed. Within a block our order holds the events, then the censorings, each in input
 * order; merging the two runs gives R's. Sums taken in this order round as R's do.
 */
function rOrder(
  order: Uint32Array,
  nblocks: number,
  blockStart: Int32Array,
  blockDeaths: Int32Array,
): Uint32Array {
  const merged = new Uint32Array(order.length);
  let k = 0;
  for (let b = 0; b < nblocks; b++) {
    const start = blockStart[b] as number;
    const end = blockStart[b + 1] as number;
    let death = start;
    let censor = start + (blockDeaths[b] as number);
    const deathEnd = censor;
    while (death < deathEnd || censor < end) {
      const takeDeath =
        censor >= end || (death < deathEnd && (order[death] as number) < (order[censor] as number));
      merged[k++] = order[takeDeath ? death++ : censor++] as number;
    }
  }
  return merged;
}

/**
 * Centring and scaling as survival's coxfit6: columns whose values are all −1, 0 or 1 (R's
 * `nocenter`, e.g. treatment dummies) are left alone; others get mean 0 and mean absolute value 1.
 * Fills the sorted working matrix `sx` (row k = used row order[k]).
 */
function centreAndScale(
  columns: readonly Float64Array[],
  order: Uint32Array,
  inROrder: Uint32Array,
  sx: Float64Array,
  means: Float64Array,
  scale: Float64Array,
): void {
  const n = order.length;
  const nvar = columns.length;
  columns.forEach((column, j) => {
    let zeroOne = true;
    for (let r = 0; r < n && zeroOne; r++) {
      const v = column[r] as number;
      zeroOne = v === 0 || v === 1 || v === -1;
    }
    let mean = 0;
    let factor = 1;
    if (!zeroOne) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += column[inROrder[k] as number] as number;
      mean = sum / n;
      let absSum = 0;
      for (let k = 0; k < n; k++) absSum += Math.abs((column[inROrder[k] as number] as number) - mean);
      factor = absSum > 0 ? n / absSum : 1;
    }
    means[j] = mean;
    scale[j] = factor;
    for (let k = 0; k < n; k++) {
      const v = column[order[k] as number] as number;
      sx[k * nvar + j] = zeroOne ? v : (v - mean) * factor;
    }
  });
}

/**
 * Sorts the rows used (design `columns`, one array per column) into risk sets. `stratum` codes
 * are 0-based or null; `timefix` merges near-equal times first (R's `aeqSurv`, ../timefix.ts).
 */
export function prepareRiskSets(
  columns: readonly Float64Array[],
  time: Float64Array,
  status: Uint8Array,
  stratum: Int32Array | null,
  timefix: boolean,
): CoxPrepared {
  const n = time.length;
  const nvar = columns.length;
  let order = survivalOrder(time, status, stratum ?? undefined);
  let fitted = time;
  if (timefix) {
    const fixed = mergeNearTimes(time, stratum ? undefined : order);
    if (fixed) {
      fitted = fixed;
      order = survivalOrder(fitted, status, stratum ?? undefined);
    }
  }

  const blockStart = new Int32Array(n + 1);
  const blockDeaths = new Int32Array(n);
  const stratumLast = new Uint8Array(n);
  let nblocks = 0;
  for (let k = 0; k < n; k++) {
    const row = order[k] as number;
    const previous = k > 0 ? (order[k - 1] as number) : -1;
    const sameStratum = previous >= 0 && (!stratum || stratum[previous] === stratum[row]);
    if (!sameStratum || fitted[previous] !== fitted[row]) {
      if (nblocks > 0 && !sameStratum) stratumLast[nblocks - 1] = 1;
      blockStart[nblocks++] = k;
    }
    if (status[row]) blockDeaths[nblocks - 1] = (blockDeaths[nblocks - 1] as number) + 1;
  }
  blockStart[nblocks] = n;
  if (nblocks > 0) stratumLast[nblocks - 1] = 1;

  const sx = new Float64Array(n * nvar);
  const means = new Float64Array(nvar);
  const scale = new Float64Array(nvar);
  centreAndScale(columns, order, rOrder(order, nblocks, blockStart, blockDeaths), sx, means, scale);
  return {
    sets: {
      n,
      nvar,
      x: sx,
      nblocks,
      blockStart: blockStart.subarray(0, nblocks + 1),
      blockDeaths: blockDeaths.subarray(0, nblocks),
      stratumLast: stratumLast.subarray(0, nblocks),
    },
    order,
    time: fitted,
    means,
    scale,
  };
}
