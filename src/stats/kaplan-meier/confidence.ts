/**
 * Pointwise confidence limits for S(t) from the Greenwood SE of −log S (R's `survfit_confint` with
 * `logse = TRUE`, `conf.lower = "usual"`). Undefined limits are NaN here; the curve builder writes
 * them as null where R has NA (log, log-log) and keeps NaN where R computes NaN (plain at S = 0).
 */
import type { ConfType } from './types.ts';

/** How R reports an undefined limit of each conf type: NA (null) or NaN. */
export const MISSING_AS: Record<ConfType, null | number> = { log: null, 'log-log': null, plain: Number.NaN };

/**
 * Limits for one conf type, with S = `surv`, se = `stdErr` (SE of −log S):
 *  - log:     exp(log S ∓ z·se), upper clipped at 1; undefined where S = 0;
 *  - log-log: exp(−exp(log(−log S) ∓ z·se/log S)) = S^exp(∓z·se/log S) (Kalbfleisch & Prentice 2002,
 *             §1.4); undefined where S = 0 or S = 1;
 *  - plain:   S ∓ z·se·S (se·S is Greenwood's SE of S), clipped to [0, 1]; NaN where S = 0 (0 × ∞).
 */
export function confidenceLimits(
  surv: Float64Array,
  stdErr: Float64Array,
  type: ConfType,
  z: number,
): { lower: Float64Array; upper: Float64Array } {
  const k = surv.length;
  const lower = new Float64Array(k);
  const upper = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const s = surv[i] as number;
    const se = stdErr[i] as number;
    if (type === 'log') {
      if (s === 0) {
        lower[i] = Number.NaN;
        upper[i] = Number.NaN;
        continue;
      }
      const width = z * se;
      const log = Math.log(s);
      lower[i] = Math.exp(log - width);
      upper[i] = Math.min(Math.exp(log + width), 1);
    } else if (type === 'log-log') {
      if (s === 0 || s === 1) {
        lower[i] = Number.NaN;
        upper[i] = Number.NaN;
        continue;
      }
      const width = (z * se) / Math.log(s);
      const loglog = Math.log(-Math.log(s));
      lower[i] = Math.exp(-Math.exp(loglog - width));
      upper[i] = Math.exp(-Math.exp(loglog + width));
    } else {
      const width = se * s * z;
      lower[i] = Math.max(s - width, 0);
      upper[i] = Math.min(s + width, 1);
    }
  }
  return { lower, upper };
}
