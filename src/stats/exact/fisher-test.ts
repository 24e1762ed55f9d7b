/**
 * Fisher's exact test for a 2×2 table, with the conditional maximum-likelihood odds ratio and its
 * exact conditional interval, as R's `fisher.test` computes them (R documentation, ?fisher.test).
 *
 * - R. A. Fisher (1935), "The logic of inductive inference", J. R. Stat. Soc. 98: 39–82 (the test
 *   conditional on the margins); the two-sided p-value sums every table no more likely than the
 *   observed one, with R's relative slack of 1e-7.
 * - Estimate and interval: the first cell given the margins follows Fisher's noncentral
 *   hypergeometric distribution with parameter ψ, the odds ratio. The conditional MLE solves
 *   E[X | ψ] = x; the 1 − α interval solves P(X ≥ x | ψ_L) = α/2 and P(X ≤ x | ψ_U) = α/2
 *   (Cornfield 1956 type exact limits). R solves each with uniroot on ψ ∈ [0, 1], or on 1/ψ when
 *   the root is above 1; uniroot stops at a tolerance of about 1.2e-4, so the values R prints are
 *   those iterates, and zeroin.ts repeats the same iteration to reproduce them.
 */
import { inputError } from '../input.ts';
import { checkConfLevel, checkCount } from './check.ts';
import { accurateSum, ConditionalFirstCell } from './hypergeometric.ts';
import { uniroot } from './zeroin.ts';

export type TwoByTwo = [[number, number], [number, number]];

export interface FisherTestOptions {
  /** Confidence level of the interval (default 0.95). */
  confLevel?: number;
}

/** Field names follow the R reference fixtures (binomial.json, FORMAT.md). */
export interface FisherTestResult {
  /** The table as given, rows first. */
  table: TwoByTwo;
  /** Two-sided p-value. */
  p_value: number;
  /** Conditional MLE of the odds ratio; 0 or Infinity when the first cell is at an end of its range. */
  estimate: number;
  /** Exact conditional interval for the odds ratio (bounds may be 0 or Infinity). */
  conf_int: [number, number];
  /** One-sided p-value, alternative "less" (odds ratio < 1). */
  p_value_less: number;
  /** One-sided p-value, alternative "greater" (odds ratio > 1). */
  p_value_greater: number;
  /**
   * A row or column total is zero: the odds ratio is undefined. R still reports p = 1,
   * estimate 0 and interval [0, ∞), and so does this function, flagged here.
   */
  degenerate_margin: boolean;
}

const REL_ERR = 1 + 1e-7;
/** R's .Machine$double.eps, the lower end when R searches on 1/ψ. */
const EPS = Number.EPSILON;

/** Fisher's exact test on [[a, b], [c, d]]. */
export function fisherTest(table: TwoByTwo, options: FisherTestOptions = {}): FisherTestResult {
  const [a, b, c, d] = checkTable(table);
  const confLevel = checkConfLevel('confLevel', options.confLevel ?? 0.95);
  // Urn notation (hypergeometric.ts): m = first column, n = second column, k = first row.
  const cell = new ConditionalFirstCell(a + c, b + d, a + b);
  const x = a;
  const alpha = (1 - confLevel) / 2;
  return {
    table: [
      [a, b],
      [c, d],
    ],
    p_value: twoSidedP(cell, x),
    estimate: conditionalMle(cell, x),
    conf_int: [lowerLimit(cell, x, alpha), upperLimit(cell, x, alpha)],
    p_value_less: cell.tail(x, 1, false),
    p_value_greater: cell.tail(x, 1, true),
    degenerate_margin: a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0,
  };
}

function checkTable(table: unknown): [number, number, number, number] {
  const rows = Array.isArray(table) ? table : [];
  if (rows.length !== 2 || !rows.every((r) => Array.isArray(r) && r.length === 2)) {
    throw inputError('table', 'a 2×2 table [[a, b], [c, d]]', undefined, table);
  }
  const cells = [rows[0][0], rows[0][1], rows[1][0], rows[1][1]];
  return cells.map((v, i) => checkCount(`table[${i >> 1}][${i & 1}]`, v)) as [number, number, number, number];
}

function twoSidedP(cell: ConditionalFirstCell, x: number): number {
  const d = cell.density(1);
  const limit = (d[x - cell.lo] as number) * REL_ERR;
  // R's sum(d[d <= limit]): the qualifying probabilities in support order.
  const kept = new Float64Array(d.length);
  let count = 0;
  for (let i = 0; i < d.length; i++) if ((d[i] as number) <= limit) kept[count++] = d[i] as number;
  return accurateSum(kept, 0, count);
}

/** Root of E[X | ψ] = x: on ψ ∈ [0, 1] when ψ̂ < 1, else on 1/ψ ∈ [eps, 1]. */
function conditionalMle(cell: ConditionalFirstCell, x: number): number {
  if (x === cell.lo) return 0;
  if (x === cell.hi) return Number.POSITIVE_INFINITY;
  const mu = cell.mean(1);
  if (mu > x) return uniroot((t) => cell.mean(t) - x, 0, 1).root;
  if (mu < x) return 1 / uniroot((t) => cell.mean(1 / t) - x, EPS, 1).root;
  return 1;
}

/** Upper limit: P(X ≤ x | ψ) = α. */
function upperLimit(cell: ConditionalFirstCell, x: number, alpha: number): number {
  if (x === cell.hi) return Number.POSITIVE_INFINITY;
  const p = cell.tail(x, 1, false);
  if (p < alpha) return uniroot((t) => cell.tail(x, t, false) - alpha, 0, 1).root;
  if (p > alpha) return 1 / uniroot((t) => cell.tail(x, 1 / t, false) - alpha, EPS, 1).root;
  return 1;
}

/** Lower limit: P(X ≥ x | ψ) = α. */
function lowerLimit(cell: ConditionalFirstCell, x: number, alpha: number): number {
  if (x === cell.lo) return 0;
  const p = cell.tail(x, 1, true);
  if (p > alpha) return uniroot((t) => cell.tail(x, t, true) - alpha, 0, 1).root;
  if (p < alpha) return 1 / uniroot((t) => cell.tail(x, 1 / t, true) - alpha, EPS, 1).root;
  return 1;
}
