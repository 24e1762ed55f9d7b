/**
 * The log-rank family's compute core (STYLE.md item 2): sorted typed arrays in, O − E sums out.
 * Trusts its caller (log-rank.ts checks and sorts); one pass per stratum, no allocation per row.
 *
 * At each distinct event time t in a stratum, with n subjects at risk (n_k in group k) and d
 * events (d_k in group k), and weight w = Ŝ(t−)^ρ, Ŝ the Kaplan–Meier estimate of the stratum's
 * pooled sample just before t:
 *
 *   O_k += w·d_k,   E_k += w·d·n_k/n,
 *   V_kl += w²·d(n − d)/(n − 1) · (n_k/n)(δ_kl − n_l/n)     (hypergeometric covariance; n > 1)
 *
 * ρ = 0: N. Mantel (1966), "Evaluation of survival data and two new rank order statistics arising
 * in its consideration", Cancer Chemother. Rep. 50: 163–170. ρ = 1: R. Peto & J. Peto (1972),
 * "Asymptotically efficient rank invariant test procedures", J. R. Stat. Soc. A 135: 185–207.
 * General ρ: D. P. Harrington & T. R. Fleming (1982), "A class of rank test procedures for
 * censored survival data", Biometrika 69: 553–566. These are the sums R's survdiff forms
 * (survival package documentation, ?survdiff; FORMAT.md, `survdiff`).
 */

export interface LogRankSums {
  /** O per group and stratum, group-major: observed[k * strata + s]. */
  observed: Float64Array;
  /** E per group and stratum, laid out as observed. */
  expected: Float64Array;
  /** Covariance of O − E summed over strata, row-major groups × groups. */
  variance: Float64Array;
}

/**
 * @param time ascending within each stratum (ties already merged by timefix)
 * @param event 1 = event, same order
 * @param group group code 0..groups-1, same order
 * @param strataStart index of each stratum's first row, plus the total length at the end
 */
export function logRankSums(
  time: Float64Array,
  event: Uint8Array,
  group: Int32Array,
  strataStart: Uint32Array,
  groups: number,
  rho: number,
): LogRankSums {
  const strata = strataStart.length - 1;
  const observed = new Float64Array(groups * strata);
  const expected = new Float64Array(groups * strata);
  const variance = new Float64Array(groups * groups);
  const atRisk = new Float64Array(groups);
  const deaths = new Float64Array(groups);
  const leaving = new Float64Array(groups);
  for (let s = 0; s < strata; s++) {
    const start = strataStart[s] as number;
    const end = strataStart[s + 1] as number;
    atRisk.fill(0);
    for (let i = start; i < end; i++) {
      const k = group[i] as number;
      atRisk[k] = (atRisk[k] as number) + 1;
    }
    let nRisk = end - start;
    let km = 1; // pooled Ŝ(t−) within the stratum
    for (let i = start; i < end; ) {
      const t = time[i] as number;
      deaths.fill(0);
      leaving.fill(0);
      let d = 0;
      let j = i;
      for (; j < end && time[j] === t; j++) {
        const k = group[j] as number;
        leaving[k] = (leaving[k] as number) + 1;
        if (event[j]) {
          deaths[k] = (deaths[k] as number) + 1;
          d++;
        }
      }
      if (d > 0) {
        const w = rho === 0 ? 1 : km ** rho;
        for (let k = 0; k < groups; k++) {
          const cell = k * strata + s;
          const nk = atRisk[k] as number;
          observed[cell] = (observed[cell] as number) + w * (deaths[k] as number);
          expected[cell] = (expected[cell] as number) + (w * d * nk) / nRisk;
        }
        if (nRisk > 1) {
          const scale = (w * w * d * (nRisk - d)) / (nRisk * (nRisk - 1));
          for (let k = 0; k < groups; k++) {
            const nk = atRisk[k] as number;
            if (nk === 0) continue;
            const a = scale * nk;
            for (let l = 0; l < groups; l++) {
              const cell = k * groups + l;
              const own = k === l ? a : 0;
              variance[cell] = (variance[cell] as number) + own - (a * (atRisk[l] as number)) / nRisk;
            }
          }
        }
        km *= (nRisk - d) / nRisk;
      }
      for (let k = 0; k < groups; k++) atRisk[k] = (atRisk[k] as number) - (leaving[k] as number);
      nRisk -= j - i;
      i = j;
    }
  }
  return { observed, expected, variance };
}
