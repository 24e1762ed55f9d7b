/**
 * The conditional distribution of a 2×2 table's first cell given its margins: hypergeometric
 * under independence, Fisher's noncentral hypergeometric under an odds ratio ψ (R documentation,
 * ?fisher.test: "the conditional distribution of the first cell given the margins").
 *
 * Notation as R's ?dhyper: x white balls among k drawn from an urn of m white and n black, so for
 * the table [[a, b], [c, d]]: x = a, m = a + c, n = b + d, k = a + b.
 */
import { hypergeometricDensity, hypergeometricLogDensity } from './binomial-density.ts';

/**
 * Σ values, with Neumaier's compensation (Neumaier 1974). R's `sum()` accumulates in x87 long
 * double; compensated summation gives the same correctly rounded result for these short sums,
 * which keeps the root finder's function values, and so its path, the same as R's.
 */
export function accurateSum(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  let carry = 0;
  for (let i = from; i < to; i++) {
    const v = values[i] as number;
    const t = sum + v;
    carry += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + carry;
}

/**
 * P(X ≤ x) (lower) or P(X > x) (upper) for the hypergeometric distribution (R's phyper).
 * Sums the ratios P(X = j−1)/P(X = j) = j(n − k + j) / ((k + 1 − j)(m + 1 − j)) down from x
 * until they stop contributing, working in the shorter tail (the one below the mean) and
 * complementing otherwise, as R's phyper does.
 */
export function hypergeometricCdf(x: number, m: number, n: number, k: number, lowerTail: boolean): number {
  let xx = Math.floor(x + 1e-7);
  let white = m;
  let black = n;
  let lower = lowerTail;
  if (xx * (m + n) > k * m) {
    // Above the mean: count the other colour instead, X' = k − X, P(X ≤ x) = P(X' ≥ k − x).
    white = n;
    black = m;
    xx = k - xx - 1;
    lower = !lower;
  }
  if (xx < 0 || xx < k - black) return lower ? 0 : 1;
  if (xx >= white || xx >= k) return lower ? 1 : 0;
  const d = hypergeometricDensity(xx, white, black, k);
  if (d === 0) return lower ? 0 : 1;
  let sum = 0;
  let term = 1;
  for (let j = xx; j > 0 && term >= Number.EPSILON * sum; j--) {
    term *= (j * (black - k + j)) / (k + 1 - j) / (white + 1 - j);
    sum += term;
  }
  const p = d * (1 + sum);
  return lower ? p : 0.5 - p + 0.5;
}

/**
 * Fisher's noncentral hypergeometric distribution of the first cell, on its support lo..hi, with
 * the central log-densities computed once (R's fisher.test keeps `logdc` the same way).
 */
export class ConditionalFirstCell {
  readonly lo: number;
  readonly hi: number;
  readonly support: Float64Array;
  readonly logdc: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly m: number,
    readonly n: number,
    readonly k: number,
  ) {
    this.lo = Math.max(0, k - n);
    this.hi = Math.min(k, m);
    const size = this.hi - this.lo + 1;
    this.support = new Float64Array(size);
    this.logdc = new Float64Array(size);
    this.scratch = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      this.support[i] = this.lo + i;
      this.logdc[i] = hypergeometricLogDensity(this.lo + i, m, n, k);
    }
  }

  /**
   * P(X = x | ψ) over the support: ψ^x dc(x) / Σ ψ^y dc(y), in logs shifted by the largest term so
   * that neither ψ^x nor the sum overflows. Returns a shared buffer, valid until the next call.
   */
  density(ncp: number): Float64Array {
    const d = this.scratch;
    const logNcp = Math.log(ncp);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < d.length; i++) {
      const v = (this.logdc[i] as number) + logNcp * (this.support[i] as number);
      d[i] = v;
      if (v > max) max = v;
    }
    for (let i = 0; i < d.length; i++) d[i] = Math.exp((d[i] as number) - max);
    const total = accurateSum(d);
    for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) / total;
    return d;
  }

  /** E[X | ψ]; ψ = 0 and ψ = ∞ put all mass on lo and hi. */
  mean(ncp: number): number {
    if (ncp === 0) return this.lo;
    if (ncp === Number.POSITIVE_INFINITY) return this.hi;
    const d = this.density(ncp);
    for (let i = 0; i < d.length; i++) d[i] = (this.support[i] as number) * (d[i] as number);
    return accurateSum(d);
  }

  /**
   * P(X ≤ q | ψ), or P(X ≥ q | ψ) when upper. At ψ = 1 the central distribution (phyper) with
   * x = the observed cell, as R's pnhyper does.
   */
  tail(q: number, ncp: number, upper: boolean): number {
    if (ncp === 1) {
      return upper
        ? hypergeometricCdf(q - 1, this.m, this.n, this.k, false)
        : hypergeometricCdf(q, this.m, this.n, this.k, true);
    }
    if (ncp === 0) return upper ? Number(q <= this.lo) : Number(q >= this.lo);
    if (ncp === Number.POSITIVE_INFINITY) return upper ? Number(q <= this.hi) : Number(q >= this.hi);
    const d = this.density(ncp);
    // Support values are lo..hi in order, so each tail is one contiguous run.
    const clamp = (i: number) => Math.min(Math.max(i, 0), d.length);
    return upper
      ? accurateSum(d, clamp(Math.ceil(q) - this.lo))
      : accurateSum(d, 0, clamp(Math.floor(q) - this.lo + 1));
  }
}
