/**
 * Quantiles of a finished Curve by either of R's rules, for any probabilities (the Curve itself
 * carries the median by the print.survfit rule and the quantiles by the `quantile()` rule).
 */
import { inputError } from '../input.ts';
import { findQuantiles, tableQuantile } from './quantiles.ts';
import type { ConfType, Curve, QuantileTable } from './types.ts';

/** `table`: print.survfit's rule (R's survmean); `quantile`: `quantile.survfit`'s (R's findq). */
export type QuantileRule = 'table' | 'quantile';

export function curveQuantiles(
  curve: Curve,
  probs: readonly number[],
  options: { confType?: ConfType; rule?: QuantileRule } = {},
): QuantileTable {
  const confType = options.confType ?? 'log';
  const band = curve.ci[confType];
  if (!band) throw inputError('options.confType', `one of the curve's conf types`, undefined, confType);
  probs.forEach((p, i) => {
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw inputError('probs', 'a probability in [0, 1]', i + 1, p);
    }
  });
  const lower = Float64Array.from(band.lower, (v) => v ?? Number.NaN);
  const upper = Float64Array.from(band.upper, (v) => v ?? Number.NaN);
  if ((options.rule ?? 'quantile') === 'quantile') {
    return {
      probs: [...probs],
      estimate: findQuantiles(curve.time, curve.surv, probs),
      lower: findQuantiles(curve.time, lower, probs),
      upper: findQuantiles(curve.time, upper, probs),
    };
  }
  return {
    probs: [...probs],
    estimate: probs.map((p) => tableQuantile(curve.time, curve.surv, p)),
    lower: probs.map((p) => tableQuantile(curve.time, lower, p)),
    upper: probs.map((p) => tableQuantile(curve.time, upper, p)),
  };
}
