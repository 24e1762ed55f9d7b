/**
 * The log-rank family of tests (G-ρ, Harrington & Fleming 1982) comparing survival between groups,
 * optionally stratified, as R's `survdiff(Surv(time, event) ~ group [+ strata(s)], rho)` computes
 * it (survival package documentation, ?survdiff). This is the checking wrapper (STYLE.md item 2):
 * it validates and codes the columns, merges near-tied times as R's timefix does, sorts, and hands
 * typed arrays to the core (core.ts).
 */
import { chiSquareUpperTail } from '../distributions.ts';
import { checkSurvival, inputError, survivalOrder } from '../input.ts';
import { timefixSorted } from '../timefix.ts';
import { logRankChiSquare } from './chi-square.ts';
import { logRankSums } from './core.ts';
import { type CheckedFactor, checkFactor } from './factor-input.ts';
import type { LogRankColumns, LogRankInput, LogRankOptions, LogRankResult } from './types.ts';

const DEFAULT_COLUMNS: LogRankColumns = { time: 'time', event: 'event', group: 'group', strata: 'strata' };

/**
 * Compares survival between the groups of `input.group` with weights Ŝ(t−)^ρ (ρ = 0: log-rank,
 * ρ = 1: Peto & Peto), within strata when `input.strata` is given. Throws an `InputError` naming
 * the column (and the 1-based row) for bad input, fewer than two groups, or a level given in
 * groupLevels / strataLevels that no row has.
 */
export function logRank(input: LogRankInput, options: LogRankOptions = {}): LogRankResult {
  const columns: LogRankColumns = { ...DEFAULT_COLUMNS, ...options.columns };
  const rho = options.rho ?? 0;
  if (typeof rho !== 'number' || !Number.isFinite(rho) || rho < 0) {
    throw inputError('rho', 'a finite number ≥ 0', undefined, rho);
  }
  const checked = checkSurvival(input, { time: columns.time, event: columns.event });
  const rows = checked.time.length;
  const group = checkFactor(input.group, rows, input.groupLevels, columns.group, 'groupLevels', columns.time);
  if (group.levels.length < 2) {
    throw inputError(
      columns.group,
      'two or more groups; a comparison needs at least two groups',
      undefined,
      group.levels.length,
    );
  }
  const stratified = input.strata !== undefined;
  if (!stratified && input.strataLevels !== undefined) {
    throw inputError(columns.strata, 'a strata column, since strataLevels is given');
  }
  const strata = stratified
    ? checkFactor(input.strata, rows, input.strataLevels, columns.strata, 'strataLevels', columns.time)
    : undefined;

  const sorted = sortRows(checked.time, checked.event, group.codes, strata, options.timefix !== false);

  const G = group.levels.length;
  const K = sorted.strataStart.length - 1;
  const sums = logRankSums(sorted.time, sorted.event, sorted.group, sorted.strataStart, G, rho);

  const byStratum = (values: Float64Array) =>
    group.levels.map((_, k) => Array.from(values.subarray(k * K, (k + 1) * K)));
  const total = (matrix: number[][]) => matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const observedByStratum = byStratum(sums.observed);
  const expectedByStratum = byStratum(sums.expected);
  const observed = total(observedByStratum);
  const expected = total(expectedByStratum);
  const oMinusE = observed.map((o, k) => o - (expected[k] as number));
  const variance = group.levels.map((_, k) => Array.from(sums.variance.subarray(k * G, (k + 1) * G)));

  const { chisq, df, solvable } = logRankChiSquare(oMinusE, expected, sums.variance);
  if (!solvable) {
    // R's survdiff stops here too (solve(): "system is exactly singular").
    throw inputError(
      columns.group,
      'groups that can be compared: the covariance of O − E is singular ' +
        '(e.g. every subject at risk had the event at the same time)',
    );
  }
  const formula = `Surv(${columns.time}, ${columns.event}) ~ ${columns.group}${
    stratified ? ` + strata(${columns.strata})` : ''
  }`;
  const result: LogRankResult = {
    formula,
    rho,
    stratified,
    groups: group.levels,
    n: group.counts,
    observed,
    expected,
    o_minus_e: oMinusE,
    oe2_over_e: oMinusE.map((d, k) => (d * d) / (expected[k] as number)),
    oe2_over_v: oMinusE.map((d, k) => (d * d) / (variance[k]?.[k] as number)),
    var: variance,
    chisq,
    df,
    p: chiSquareUpperTail(chisq, df),
  };
  if (strata) {
    result.strata = strata.levels;
    result.strata_n = strata.counts;
    result.observed_by_stratum = observedByStratum;
    result.expected_by_stratum = expectedByStratum;
  }
  return result;
}

interface SortedRows {
  time: Float64Array;
  event: Uint8Array;
  group: Int32Array;
  /** Index of each stratum's first row, plus the row count at the end. */
  strataStart: Uint32Array;
}

/**
 * Rows by stratum, then ascending time. One sort by time over all rows (survivalOrder), where
 * timefix merges near-ties (across strata, as R's does, before the strata are split), then a
 * stable counting pass by stratum.
 */
function sortRows(
  time: Float64Array,
  event: Uint8Array,
  group: Int32Array,
  strata: CheckedFactor | undefined,
  fixTies: boolean,
): SortedRows {
  const rows = time.length;
  const order = survivalOrder(time, event);
  let ascending: Float64Array = new Float64Array(rows);
  for (let i = 0; i < rows; i++) ascending[i] = time[order[i] as number] as number;
  if (fixTies) ascending = timefixSorted(ascending);
  const counts = strata ? strata.counts : [rows];
  const strataStart = new Uint32Array(counts.length + 1);
  counts.forEach((count, s) => {
    strataStart[s + 1] = (strataStart[s] as number) + count;
  });
  const next = strataStart.slice(0, counts.length);
  const sorted = {
    time: new Float64Array(rows),
    event: new Uint8Array(rows),
    group: new Int32Array(rows),
    strataStart,
  };
  for (let i = 0; i < rows; i++) {
    const r = order[i] as number;
    const s = strata ? (strata.codes[r] as number) : 0;
    const at = next[s] as number;
    next[s] = at + 1;
    sorted.time[at] = ascending[i] as number;
    sorted.event[at] = event[r] as number;
    sorted.group[at] = group[r] as number;
  }
  return sorted;
}
