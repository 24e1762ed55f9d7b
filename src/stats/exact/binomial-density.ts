/**
 * Binomial and hypergeometric point probabilities by Loader's saddle-point method, the method R's
 * `dbinom` and `dhyper` use (R documentation, ?dbinom: "computed via Loader's algorithm"):
 *
 *   C. Loader (2000), "Fast and Accurate Computation of Binomial Probabilities".
 *
 * log P(X = x) = stirlerr(n) − stirlerr(x) − stirlerr(n − x) − bd0(x, np) − bd0(n − x, nq)
 *                − ½ log(2π x (1 − x/n)),
 * which keeps full relative accuracy where log-factorial differences (lgamma sums of size n log n)
 * lose digits. Following the same formula as R matters here: Fisher's conditional MLE and CI are
 * found by a root finder that stops at a tolerance of 1.2e-4 (see zeroin.ts), so matching R to
 * 1e-10 needs the same function values along the way, not just values correct to 1e-12.
 */

/** log(2π), the double nearest to it. */
const LN_2PI = 1.8378770664093456;
/** Smallest normal double (C's DBL_MIN). */
const DBL_MIN = 2 ** -1022;

/**
 * stirlerr(n) = log n! − log(√(2πn) (n/e)ⁿ) at n = 0, ½, 1, …, 15: the doubles nearest to values
 * computed with mpmath at 50 digits (Loader 2000 tabulates the same quantity).
 */
const STIRLERR_HALVES = [
  0.0, 0.15342640972002736, 0.08106146679532726, 0.05481412105191765, 0.0413406959554093, 0.03316287351993629,
  0.02767792568499834, 0.023746163656297496, 0.020790672103765093, 0.018488450532673187, 0.016644691189821193,
  0.015134973221917378, 0.013876128823070748, 0.012810465242920227, 0.01189670994589177, 0.011104559758206917,
  0.010411265261972096, 0.009799416126158804, 0.009255462182712733, 0.008768700134139386, 0.00833056343336287,
  0.00793411456431402, 0.007573675487951841, 0.007244554301320383, 0.00694284010720953, 0.006665247032707682,
  0.006408994188004207, 0.006171712263039458, 0.0059513701127588475, 0.0057462165130101155,
  0.005554733551962801,
];

// Stirling series coefficients 1/12, 1/360, 1/1260, 1/1680, 1/1188 (Loader 2000, §2).
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** Error of Stirling's formula for log n!, for integer n ≥ 0 (Loader 2000, §2). */
export function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_HALVES[n * 2] as number;
  const nn = n * n;
  // Fewer series terms suffice as n grows (Loader's cut-offs).
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/**
 * Deviance term bd0(x, np) = x log(x/np) + np − x, by a series in v = (x − np)/(x + np) when x is
 * close to np, where the direct formula cancels (Loader 2000, §3).
 */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    if (Math.abs(s) < DBL_MIN) return s; // the series would add nothing representable
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
  }
  return x * Math.log(x / np) + np - x;
}

/**
 * log P(X = x) for X ~ Binomial(n, p), q = 1 − p given separately so callers can pass an exactly
 * computed complement (Loader 2000, §4; R's dbinom_raw). x, n integers, 0 ≤ x ≤ n.
 */
export function binomialLogDensity(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (q === 0) return x === n ? 0 : Number.NEGATIVE_INFINITY;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  if (x < 0 || x > n) return Number.NEGATIVE_INFINITY;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return lc - 0.5 * lf;
}

/** P(X = x) for X ~ Binomial(n, p) (R's dbinom). */
export function binomialDensity(x: number, n: number, p: number): number {
  return Math.exp(binomialLogDensity(x, n, p, 1 - p));
}

/**
 * log P(X = x) for the hypergeometric distribution: x white balls in k drawn from m white and
 * n black (R's dhyper(x, m, n, k, log = TRUE)). Loader's identity: with p = k/(m+n),
 * P(X = x) = b(x; m, p) · b(k − x; n, p) / b(k; m + n, p), each b computed as above.
 */
export function hypergeometricLogDensity(x: number, m: number, n: number, k: number): number {
  if (k < x || m < x || k - x > n) return Number.NEGATIVE_INFINITY;
  if (k === 0) return x === 0 ? 0 : Number.NEGATIVE_INFINITY;
  const p = k / (m + n);
  const q = (m + n - k) / (m + n);
  const p1 = binomialLogDensity(x, m, p, q);
  const p2 = binomialLogDensity(k - x, n, p, q);
  const p3 = binomialLogDensity(k, m + n, p, q);
  return p1 + p2 - p3;
}

/** P(X = x), hypergeometric as above, as a ratio of the three densities (R's dhyper). */
export function hypergeometricDensity(x: number, m: number, n: number, k: number): number {
  if (k < x || m < x || k - x > n) return 0;
  if (k === 0) return x === 0 ? 1 : 0;
  const p = k / (m + n);
  const q = (m + n - k) / (m + n);
  const p1 = Math.exp(binomialLogDensity(x, m, p, q));
  const p2 = Math.exp(binomialLogDensity(k - x, n, p, q));
  const p3 = Math.exp(binomialLogDensity(k, m + n, p, q));
  return (p1 * p2) / p3;
}
