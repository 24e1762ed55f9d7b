/**
 * The score and information of the proportional-hazards test, at β̂ (Grambsch P, Therneau T.
 * Proportional hazards tests and diagnostics based on weighted residuals. Biometrika 1994;81:515-26).
 *
 * The test adds, for every design column x_j, a time-varying term θ_j·x_j·g(t) to the fitted Cox
 * model and computes the score test of θ = 0 at (β̂, 0). survival ≥ 3 uses the exact score test:
 * the full 2p × 2p information of the augmented model, not survival 2's approximation from the
 * scaled Schoenfeld residuals. At a death time t the augmented covariate of everyone at risk is
 * (x, x·g(t)), and g(t) is one number for the whole tie group, so with V(t) the (risk-weighted)
 * covariance of x over the risk set and x̄(t) its mean:
 *   U_θ = Σ_deaths g(t)·(x_i − x̄(t)),
 *   I   = Σ_deaths [[V, g·V], [g·V, g²·V]].
 * The β-block of the score is 0 at β̂ (R uses exactly 0 rather than the numerically tiny value).
 * Tied deaths: Efron's approximation removes (k/d) of the tied deaths' weight from the k-th of d
 * deaths' risk set (k = 0…d−1); Breslow uses the full risk set for all d.
 */

export interface ZphScore {
  /** Score of the θ block (one entry per design column). */
  u: Float64Array;
  /** Information of the augmented model, 2p × 2p, row-major: β columns first, then θ. */
  information: Float64Array;
}

/**
 * Trusts its caller: `order` sorts rows by stratum then ascending time; `x` columns are finite
 * (centring them first limits cancellation in S2/S0 − x̄x̄ᵀ); `eta` = xβ (any constant shift);
 * `g` is the centred time transform of every row.
 */
export function zphScore(
  time: Float64Array,
  event: Uint8Array,
  stratum: Int32Array | undefined,
  order: Uint32Array,
  x: readonly Float64Array[],
  eta: Float64Array,
  g: Float64Array,
  efron: boolean,
): ZphScore {
  const n = time.length;
  const p = x.length;
  const pp = p * p;
  // Risk-set sums Σr, Σr·x, Σr·xxᵀ (r = exp(η)) over everyone with time ≥ t in the stratum, built
  // by walking time downwards; the same sums over the deaths at t for Efron's correction.
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(pp);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(pp);
  const deathSum = new Float64Array(p);
  const mean = new Float64Array(p);
  const v = new Float64Array(pp);
  const u = new Float64Array(p);
  const sumV = new Float64Array(pp);
  const sumGV = new Float64Array(pp);
  const sumG2V = new Float64Array(pp);
  const row = new Float64Array(p);
  let s0 = 0;

  let end = n; // rows order[start..end) form one (stratum, time) group
  while (end > 0) {
    const last = order[end - 1] as number;
    const s = stratum ? (stratum[last] as number) : 0;
    const t = time[last] as number;
    let start = end - 1;
    while (
      start > 0 &&
      time[order[start - 1] as number] === t &&
      (!stratum || stratum[order[start - 1] as number] === s)
    )
      start--;

    let d0 = 0;
    let deaths = 0;
    d1.fill(0);
    d2.fill(0);
    deathSum.fill(0);
    for (let k = start; k < end; k++) {
      const i = order[k] as number;
      const r = Math.exp(eta[i] as number);
      for (let a = 0; a < p; a++) row[a] = (x[a] as Float64Array)[i] as number;
      const dead = event[i] === 1;
      s0 += r;
      if (dead) {
        d0 += r;
        deaths++;
      }
      for (let a = 0; a < p; a++) {
        const ra = r * (row[a] as number);
        s1[a] = (s1[a] as number) + ra;
        if (dead) {
          d1[a] = (d1[a] as number) + ra;
          deathSum[a] = (deathSum[a] as number) + (row[a] as number);
        }
        for (let b = 0; b < p; b++) {
          const rab = ra * (row[b] as number);
          s2[a * p + b] = (s2[a * p + b] as number) + rab;
          if (dead) d2[a * p + b] = (d2[a * p + b] as number) + rab;
        }
      }
    }

    if (deaths > 0) {
      const gt = g[last] as number;
      // Breslow: one risk set counted d times. Efron: d risk sets with k/d of the deaths removed.
      const sets = efron ? deaths : 1;
      const times = efron ? 1 : deaths;
      for (let k = 0; k < sets; k++) {
        const f = efron ? k / deaths : 0;
        const w0 = s0 - f * d0;
        for (let a = 0; a < p; a++) mean[a] = ((s1[a] as number) - f * (d1[a] as number)) / w0;
        for (let a = 0; a < p; a++) {
          for (let b = 0; b < p; b++) {
            const ab = a * p + b;
            v[ab] =
              ((s2[ab] as number) - f * (d2[ab] as number)) / w0 - (mean[a] as number) * (mean[b] as number);
          }
        }
        for (let a = 0; a < p; a++) u[a] = (u[a] as number) - times * gt * (mean[a] as number);
        for (let ab = 0; ab < pp; ab++) {
          const vab = times * (v[ab] as number);
          sumV[ab] = (sumV[ab] as number) + vab;
          sumGV[ab] = (sumGV[ab] as number) + gt * vab;
          sumG2V[ab] = (sumG2V[ab] as number) + gt * gt * vab;
        }
      }
      for (let a = 0; a < p; a++) u[a] = (u[a] as number) + gt * (deathSum[a] as number);
    }

    // Leaving the stratum (walking down): its risk sets end here.
    if (start > 0 && stratum && stratum[order[start - 1] as number] !== s) {
      s0 = 0;
      s1.fill(0);
      s2.fill(0);
    }
    end = start;
  }

  const q = 2 * p;
  const information = new Float64Array(q * q);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const ab = a * p + b;
      information[a * q + b] = sumV[ab] as number;
      information[a * q + p + b] = sumGV[ab] as number;
      information[(p + a) * q + b] = sumGV[ab] as number;
      information[(p + a) * q + p + b] = sumG2V[ab] as number;
    }
  }
  return { u, information };
}
