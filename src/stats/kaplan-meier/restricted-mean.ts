/**
 * Restricted mean survival time (RMST) up to a horizon τ, and the three ways FORMAT.md chooses τ.
 * Same semantics as R's `summary(fit, rmean = τ)$table` (`survmean`).
 */
import type { Curve, HorizonRequest, RMean, RMeanHorizon } from './types.ts';

/** The columns the restricted mean needs, aligned with `time` (a Curve's or the core's). */
export interface RMeanColumns {
  time: ArrayLike<number>;
  surv: ArrayLike<number>;
  nRisk: ArrayLike<number>;
  nEvent: ArrayLike<number>;
}

/**
 * rmean = ∫₀^τ Ŝ(t) dt over the step function (S = 1 before the first time; the last S before τ is
 * carried flat to τ, even past the curve's last time; rmean = τ if τ precedes every time).
 * Its variance (Kalbfleisch & Prentice 2002, §1.4; R's survmean, no n/(n−1) factor) is
 * Σ_{tᵢ ≤ τ} Aᵢ² dᵢ / (nᵢ(nᵢ − dᵢ)), Aᵢ = ∫_{tᵢ}^τ Ŝ(u) du, a term counting 0 where nᵢ = dᵢ.
 */
export function restrictedMean(c: RMeanColumns, tau: number): { rmean: number; se: number } {
  let k = 0;
  while (k < c.time.length && (c.time[k] as number) <= tau) k++;
  if (k === 0) return { rmean: tau, se: 0 };
  // Rectangle j spans (t_{j−1}, t_j] at height S(t_{j−1}), with t_{−1} = 0, S(t_{−1}) = 1, t_k = τ.
  let mean = c.time[0] as number;
  for (let j = 1; j <= k; j++) {
    const right = j === k ? tau : (c.time[j] as number);
    mean += (right - (c.time[j - 1] as number)) * (c.surv[j - 1] as number);
  }
  // Aᵢ accumulates the rectangles right of tᵢ, walking back from τ.
  let area = 0;
  let variance = 0;
  for (let i = k - 1; i >= 0; i--) {
    const right = i === k - 1 ? tau : (c.time[i + 1] as number);
    area += (right - (c.time[i] as number)) * (c.surv[i] as number);
    const n = c.nRisk[i] as number;
    const d = c.nEvent[i] as number;
    if (n - d !== 0) variance += area * area * (d / (n * (n - d)));
  }
  return { rmean: mean, se: Math.sqrt(variance) };
}

/** The restricted mean of a finished curve at τ (a number: rule `fixed`). */
export function curveRestrictedMean(curve: Curve, horizon: number | RMeanHorizon): RMean {
  const h = typeof horizon === 'number' ? fixedHorizon(horizon) : horizon;
  const columns = { time: curve.time, surv: curve.surv, nRisk: curve.n_risk, nEvent: curve.n_event };
  return { horizon: h.horizon, horizon_rule: h.horizon_rule, ...restrictedMean(columns, h.horizon) };
}

/** Rule `fixed`: a horizon chosen in advance (e.g. 365 days). */
export function fixedHorizon(horizon: number): RMeanHorizon {
  return { horizon, horizon_rule: 'fixed' };
}

/** Rule `max_time`: the largest observed time of all the curves (R's print default, `rmean = "common"`). */
export function maxTimeHorizon(curves: readonly { time: ArrayLike<number> }[]): RMeanHorizon {
  return { horizon: Math.max(...curves.map(lastTime)), horizon_rule: 'max_time' };
}

/**
 * Rule `min_over_groups_of_max_time`: the smallest, over groups, of each group's largest time, so
 * that every arm is observed up to τ (the usual horizon for comparing RMSTs between arms).
 */
export function minOverGroupsOfMaxTimeHorizon(groups: readonly { time: ArrayLike<number> }[]): RMeanHorizon {
  return { horizon: Math.min(...groups.map(lastTime)), horizon_rule: 'min_over_groups_of_max_time' };
}

/** Resolves requests against the group curves (for one curve, pass just that curve). */
export function resolveHorizons(
  requests: readonly HorizonRequest[],
  groups: readonly { time: ArrayLike<number> }[],
): RMeanHorizon[] {
  return requests.map((r) => {
    if (typeof r === 'number') return fixedHorizon(r);
    if ('horizon' in r) return { horizon: r.horizon, horizon_rule: r.horizon_rule };
    return r.horizon_rule === 'max_time' ? maxTimeHorizon(groups) : minOverGroupsOfMaxTimeHorizon(groups);
  });
}

/** The restricted mean of one curve at each horizon. */
export function restrictedMeans(c: RMeanColumns, horizons: readonly RMeanHorizon[]): RMean[] {
  return horizons.map((h) => ({
    horizon: h.horizon,
    horizon_rule: h.horizon_rule,
    ...restrictedMean(c, h.horizon),
  }));
}

function lastTime(c: { time: ArrayLike<number> }): number {
  return c.time[c.time.length - 1] as number;
}
