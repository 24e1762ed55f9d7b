/**
 * Exact binomial test with the Clopper–Pearson interval, as R's `binom.test` (R documentation,
 * ?binom.test), two-sided alternative.
 *
 * - Interval: C. J. Clopper & E. S. Pearson (1934), "The use of confidence or fiducial limits
 *   illustrated in the case of the binomial", Biometrika 26: 404–413. The limits are beta
 *   quantiles: lower = qbeta(α/2; x, n − x + 1) (0 when x = 0), upper = qbeta(1 − α/2; x + 1, n − x)
 *   (1 when x = n).
 * - Two-sided p-value: the sum of P(k) over every k no more likely than the observed x, "no more
 *   likely" with a relative slack of 1e-7 against rounding (R's relErr = 1 + 1e-7). As R does, the
 *   far tail is found by counting the outcomes on the other side of the mean n·p that qualify.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { inputError } from '../input.ts';
import { binomialDensity } from './binomial-density.ts';
import { checkConfLevel, checkCount, checkProbability } from './check.ts';
import { accurateSum } from './hypergeometric.ts';

export interface BinomialTestOptions {
  /** Hypothesised probability of success (default 0.5). */
  p?: number;
  /** Confidence level of the interval (default 0.95). */
  confLevel?: number;
}

/** Field names follow the R reference fixtures (binomial.json, FORMAT.md). */
export interface BinomialTestResult {
  x: number;
  n: number;
  /** x / n. */
  estimate: number;
  /** Clopper–Pearson exact interval. */
  conf_int: [number, number];
  /** Two-sided p-value against p. */
  p_value: number;
}

/** Exact test of x successes in n trials against probability p, with the exact interval. */
export function binomialTest(x: number, n: number, options: BinomialTestOptions = {}): BinomialTestResult {
  checkCount('x', x);
  checkCount('n', n);
  if (n === 0) throw inputError('n', 'at least 1 trial', undefined, n);
  if (x > n) throw inputError('x', `at most n = ${n} successes`, undefined, x);
  const p = checkProbability('p', options.p ?? 0.5);
  const confLevel = checkConfLevel('confLevel', options.confLevel ?? 0.95);
  const alpha = (1 - confLevel) / 2;
  const lower = x === 0 ? 0 : betaQuantile(alpha, x, n - x + 1);
  const upper = x === n ? 1 : betaQuantile(1 - alpha, x + 1, n - x);
  return { x, n, estimate: x / n, conf_int: [lower, upper], p_value: twoSidedP(x, n, p) };
}

const REL_ERR = 1 + 1e-7;

function twoSidedP(x: number, n: number, p: number): number {
  if (p === 0) return Number(x === 0);
  if (p === 1) return Number(x === n);
  const d = binomialDensity(x, n, p) * REL_ERR;
  const mean = n * p;
  if (x === mean) return 1;
  if (x < mean) {
    // y = how many outcomes above the mean are no more likely than x; they are the top y.
    let y = 0;
    for (let i = Math.ceil(mean); i <= n; i++) if (binomialDensity(i, n, p) <= d) y++;
    return binomialTail(x, n, p, true) + binomialTail(n - y, n, p, false);
  }
  let y = 0;
  for (let i = 0; i <= Math.floor(mean); i++) if (binomialDensity(i, n, p) <= d) y++;
  return binomialTail(y - 1, n, p, true) + binomialTail(x - 1, n, p, false);
}

/**
 * P(X ≤ q) (lower) or P(X > q) for X ~ Binomial(n, p), summing the point probabilities of the tail
 * asked for, so a tiny tail keeps its relative accuracy.
 */
export function binomialTail(q: number, n: number, p: number, lower: boolean): number {
  if (q < 0) return lower ? 0 : 1;
  if (q >= n) return lower ? 1 : 0;
  const from = lower ? 0 : q + 1;
  const to = lower ? q : n;
  const terms = new Float64Array(to - from + 1);
  for (let k = from; k <= to; k++) terms[k - from] = binomialDensity(k, n, p);
  return accurateSum(terms);
}
