/**
 * Harrell's concordance C of a risk score with right-censored survival, and its standard error,
 * as `summary(coxph(...))$concordance` gives them in R survival ≥ 3 (there: `concordancefit` with
 * `reverse = TRUE`, time weights "n", `timefix = FALSE` on the model's own times).
 *
 *   C = (concordant + tiedRisk/2) / (concordant + discordant + tiedRisk)
 *
 * over the comparable pairs defined in pair-counts.ts; pairs tied in time are left out, pairs tied
 * in the score count 1/2. The standard error is the infinitesimal jackknife (Therneau T, Watson D.
 * The concordance statistic and the Cox model. Mayo Clinic technical report #85, 2017; survival's
 * "concordance" vignette, section Variance): with Somers' D = (c − d)/m, m = c + d + tiedRisk, and
 * cᵢ, dᵢ, tᵢ subject i's counts,
 *   Uᵢ = ∂D/∂wᵢ = (cᵢ − dᵢ)/m − D·(cᵢ + dᵢ + tᵢ)/m,   var(C) = Σ Uᵢ² / 4,
 * i.e. the number of comparable pairs is treated as ancillary.
 */
import { checkStrata, checkSurvival, inputError, type SurvivalInput, survivalOrder } from '../input.ts';
import { denseRanks } from '../ranks.ts';
import { type ConcordanceCounts, countPairs } from './pair-counts.ts';

export type { ConcordanceCounts } from './pair-counts.ts';

export interface ConcordanceInput extends SurvivalInput {
  /** Stratum code (≥ 0) of every row: pairs are only formed within a stratum. */
  strata?: ArrayLike<number>;
}

export interface ConcordanceResult {
  /** Harrell's C; NaN when there is no comparable pair. */
  c: number;
  /** Infinitesimal-jackknife standard error of C (R's `se(C)`). */
  se: number;
  /** se². */
  variance: number;
  /** Comparable pairs: concordant + discordant + tiedRisk. */
  comparablePairs: number;
  counts: ConcordanceCounts;
}

/**
 * C of `risk` (a Cox linear predictor or any score where higher means shorter survival; negate a
 * predicted survival time) against the survival data. Times are compared exactly: R's coxph first
 * merges times that differ only by rounding error (`timefix`), so pass times already rounded to
 * their recorded precision.
 */
export function concordance(input: ConcordanceInput, risk: ArrayLike<number>): ConcordanceResult {
  const { time, event } = checkSurvival(input);
  const n = time.length;
  if (risk.length !== n) throw inputError('risk', `${n} values, one per row`, undefined, risk.length);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = risk[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw inputError('risk', 'a finite number', i + 1, v);
    score[i] = v;
  }
  const strata = checkStrata(input.strata, n);
  return concordanceCore(time, event, strata, score);
}

/** The computation on checked typed arrays (finite scores, 0/1 events, codes ≥ 0): see {@link concordance}. */
export function concordanceCore(
  time: Float64Array,
  event: Uint8Array,
  strata: Int32Array | undefined,
  risk: Float64Array,
): ConcordanceResult {
  const order = survivalOrder(time, event, strata);
  // Dense risk ranks (equal scores share one) index the Fenwick tree of pair-counts.ts.
  const { rank, distinct } = denseRanks(risk);
  const { counts, influence } = countPairs(time, event, strata, order, rank, distinct.length);
  const m = counts.concordant + counts.discordant + counts.tiedRisk;
  const somersD = (counts.concordant - counts.discordant) / m;
  let sumSquares = 0;
  for (let i = 0; i < time.length; i++) {
    const ci = influence.concordant[i] as number;
    const di = influence.discordant[i] as number;
    const ti = influence.tiedRisk[i] as number;
    const u = (ci - di) / m - (somersD / m) * (ci + di + ti);
    sumSquares += u * u;
  }
  const variance = sumSquares / 4;
  return { c: (somersD + 1) / 2, se: Math.sqrt(variance), variance, comparablePairs: m, counts };
}
