/**
 * Assembles the public Curve from the core's typed arrays: confidence bands, median and quantiles
 * per conf type, restricted means. Converts to plain arrays only at the end (JSON-ready).
 */
import { confidenceLimits, MISSING_AS } from './confidence.ts';
import type { ProductLimit } from './product-limit.ts';
import { findQuantiles, tableQuantile } from './quantiles.ts';
import { restrictedMeans } from './restricted-mean.ts';
import type { ConfidenceBand, ConfType, Curve, RMeanHorizon } from './types.ts';

/** Options after checking and defaulting. */
export interface CurveSettings {
  confTypes: readonly ConfType[];
  /** Normal quantile for the conf level. */
  z: number;
  probs: readonly number[];
  horizons: readonly RMeanHorizon[];
}

export function buildCurve(
  pl: ProductLimit,
  records: number,
  label: string,
  group: string | null,
  settings: CurveSettings,
): Curve {
  const k = pl.time.length;
  const stdErrSurv = new Float64Array(k);
  let events = 0;
  let nMax = 0;
  for (let i = 0; i < k; i++) {
    stdErrSurv[i] = (pl.surv[i] as number) * (pl.stdErr[i] as number); // 0 × ∞ = NaN where S = 0, as R
    events += pl.nEvent[i] as number;
    nMax = Math.max(nMax, pl.nRisk[i] as number);
  }
  // The estimate's quantiles do not depend on the conf type: compute them once.
  const estimate = findQuantiles(pl.time, pl.surv, settings.probs);
  const median = tableQuantile(pl.time, pl.surv, 0.5);
  const ci: Partial<Record<ConfType, ConfidenceBand>> = {};
  for (const type of settings.confTypes) {
    const { lower, upper } = confidenceLimits(pl.surv, pl.stdErr, type, settings.z);
    ci[type] = {
      lower: withMissing(lower, MISSING_AS[type]),
      upper: withMissing(upper, MISSING_AS[type]),
      median: {
        estimate: median,
        lower: tableQuantile(pl.time, lower, 0.5),
        upper: tableQuantile(pl.time, upper, 0.5),
      },
      quantiles: {
        probs: [...settings.probs],
        estimate: [...estimate],
        lower: findQuantiles(pl.time, lower, settings.probs),
        upper: findQuantiles(pl.time, upper, settings.probs),
      },
    };
  }
  return {
    label,
    group,
    records,
    n_max: nMax,
    n_start: k > 0 ? (pl.nRisk[0] as number) : records,
    events,
    time: toNumbers(pl.time),
    n_risk: toNumbers(pl.nRisk),
    n_event: toNumbers(pl.nEvent),
    n_censor: toNumbers(pl.nCensor),
    surv: toNumbers(pl.surv),
    std_err: toNumbers(pl.stdErr),
    std_err_surv: toNumbers(stdErrSurv),
    cumhaz: toNumbers(pl.cumhaz),
    std_chaz: toNumbers(pl.stdChaz),
    ci,
    rmean: restrictedMeans(pl, settings.horizons),
  };
}

/** Plain array (a pre-sized loop: about 3× faster than Array.from on a million values). */
function toNumbers(values: Float64Array): number[] {
  const out: number[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] as number;
  return out;
}

/** Plain array with NaN written as `missing` (null for R's NA; NaN kept where R has NaN). */
function withMissing(values: Float64Array, missing: null | number): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    out[i] = Number.isNaN(v) ? missing : v;
  }
  return out;
}
