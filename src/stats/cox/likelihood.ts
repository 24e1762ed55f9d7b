/**
 * One pass of the Cox partial likelihood (Cox 1972) at a given β: the log partial likelihood, the
 * score vector U(β) and the information matrix I(β), in O(n·p²) over the sorted risk sets.
 *
 * The pass walks the tie blocks backwards in time, so the risk set at time t — everyone with time
 * ≥ t in the stratum — is a running sum: S0 = Σ exp(xβ), S1 = Σ exp(xβ)·x, S2 = Σ exp(xβ)·xxᵀ.
 * For d tied deaths at t:
 *   Breslow (1974): every death sees the full risk set: ℓ −= d·log S0, U −= d·S1/S0,
 *                   I += d·(S2/S0 − (S1/S0)(S1/S0)ᵀ).
 *   Efron (1977):   the k-th of the d deaths (k = 0 … d−1) sees the risk set with k/d of the tied
 *                   deaths' own sums D0, D1, D2 removed; each term has weight 1.
 * Both add Σ_deaths xβ to ℓ and Σ_deaths x to U. With one death they coincide.
 */
import type { CoxRiskSets } from './risk-sets.ts';

/** Scratch and output arrays of one pass (p = nvar); allocated once per fit. */
export interface CoxWork {
  /** Score U(β), length p. */
  u: Float64Array;
  /** Information I(β), p×p; the pass fills the lower triangle (i ≥ j). */
  imat: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
  d1: Float64Array;
  d2: Float64Array;
}

export function coxWork(nvar: number): CoxWork {
  return {
    u: new Float64Array(nvar),
    imat: new Float64Array(nvar * nvar),
    s1: new Float64Array(nvar),
    s2: new Float64Array(nvar * nvar),
    d1: new Float64Array(nvar),
    d2: new Float64Array(nvar * nvar),
  };
}

/**
 * Adds exp(xβ), its x and xxᵀ multiples for rows [from, to) to s0 (returned), s1, s2. Rows are
 * taken last to first, the order of survival's backward pass over rows sorted by time with ties
 * in input order, so that the sums round as R's do.
 */
function addRows(
  x: Float64Array,
  p: number,
  beta: Float64Array,
  from: number,
  to: number,
  s0: number,
  s1: Float64Array,
  s2: Float64Array,
): number {
  let sum = s0;
  for (let r = to - 1; r >= from; r--) {
    const offset = r * p;
    let eta = 0;
    for (let i = 0; i < p; i++) eta += (beta[i] as number) * (x[offset + i] as number);
    const risk = Math.exp(eta);
    sum += risk;
    for (let i = 0; i < p; i++) {
      const rx = risk * (x[offset + i] as number);
      s1[i] = (s1[i] as number) + rx;
      for (let j = 0; j <= i; j++) s2[i * p + j] = (s2[i * p + j] as number) + rx * (x[offset + j] as number);
    }
  }
  return sum;
}

/**
 * Log partial likelihood at `beta` (working scale of `sets.x`); fills `work.u` and the lower
 * triangle of `work.imat`.
 */
export function coxPass(sets: CoxRiskSets, beta: Float64Array, efron: boolean, work: CoxWork): number {
  const { x, nvar: p, nblocks, blockStart, blockDeaths, stratumLast } = sets;
  const { u, imat, s1, s2, d1, d2 } = work;
  u.fill(0);
  imat.fill(0);
  let loglik = 0;
  let s0 = 0;
  for (let b = nblocks - 1; b >= 0; b--) {
    if (stratumLast[b]) {
      s0 = 0;
      s1.fill(0);
      s2.fill(0);
    }
    const start = blockStart[b] as number;
    const deaths = blockDeaths[b] as number;
    s0 = addRows(x, p, beta, start + deaths, blockStart[b + 1] as number, s0, s1, s2);
    if (deaths === 0) continue;

    // The tied deaths' own sums D0, D1, D2, and their xβ and x added to ℓ and U.
    let d0 = 0;
    d1.fill(0);
    d2.fill(0);
    for (let r = start + deaths - 1; r >= start; r--) {
      const offset = r * p;
      let eta = 0;
      for (let i = 0; i < p; i++) eta += (beta[i] as number) * (x[offset + i] as number);
      const risk = Math.exp(eta);
      d0 += risk;
      loglik += eta;
      for (let i = 0; i < p; i++) {
        const xi = x[offset + i] as number;
        u[i] = (u[i] as number) + xi;
        d1[i] = (d1[i] as number) + risk * xi;
        for (let j = 0; j <= i; j++)
          d2[i * p + j] = (d2[i * p + j] as number) + risk * xi * (x[offset + j] as number);
      }
    }

    // Breslow: one term with weight d. Efron: d terms of weight 1, adding 1/d of the deaths'
    // sums before each; after the last, the sums hold the whole block for earlier times.
    const terms = efron ? deaths : 1;
    const weight = deaths / terms;
    for (let k = 0; k < terms; k++) {
      s0 += efron ? d0 / deaths : d0;
      loglik -= weight * Math.log(s0);
      for (let i = 0; i < p; i++) {
        s1[i] = (s1[i] as number) + (efron ? (d1[i] as number) / deaths : (d1[i] as number));
        const mean = (s1[i] as number) / s0;
        u[i] = (u[i] as number) - weight * mean;
        for (let j = 0; j <= i; j++) {
          const ij = i * p + j;
          s2[ij] = (s2[ij] as number) + (efron ? (d2[ij] as number) / deaths : (d2[ij] as number));
          imat[ij] = (imat[ij] as number) + (weight * ((s2[ij] as number) - mean * (s1[j] as number))) / s0;
        }
      }
    }
  }
  return loglik;
}
