/**
 * Number at risk at chosen times, for the risk table under a survival plot. Same numbers as R's
 * `summary(fit, times = …, extend = TRUE)$n.risk`: at time t, the number still under observation
 * (time ≥ t), i.e. n_risk at the first curve time ≥ t; everyone before the first time; 0 after the
 * last. Without `extend`, R drops the times after the last one; here they come back as null.
 * Unlike R (which sorts `times`), the answer is aligned with `times` as given.
 */
import { inputError, type SurvivalInput } from '../input.ts';
import { tabulateEvents } from './event-table.ts';
import { checkRows } from './kaplan-meier.ts';
import { productLimit } from './product-limit.ts';
import type { Curve } from './types.ts';

export interface NRiskOptions {
  /** Times after the last observation: true (default) gives 0, false gives null (R omits them). */
  extend?: boolean;
  /** Only for raw data: R's timefix (default true). */
  timefix?: boolean;
}

/** `source` is a curve (its `time` and `n_risk`) or the raw rows. */
export function nRiskAt(
  source: Pick<Curve, 'time' | 'n_risk'> | SurvivalInput,
  times: readonly number[],
  options: NRiskOptions = {},
): (number | null)[] {
  times.forEach((t, i) => {
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw inputError('times', 'a finite number', i + 1, t);
    }
  });
  const curve = 'n_risk' in source ? source : riskColumns(source, options.timefix ?? true);
  const extend = options.extend ?? true;
  const k = curve.time.length;
  return times.map((t) => {
    // The first curve time ≥ t (R: 1 + findInterval(t, time, left.open = TRUE)).
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((curve.time[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo < k) return curve.n_risk[lo] as number;
    return extend ? 0 : null;
  });
}

function riskColumns(input: SurvivalInput, timefix: boolean): Pick<Curve, 'time' | 'n_risk'> {
  const data = checkRows(input);
  const pl = productLimit(tabulateEvents(data.time, data.event, undefined, 1, timefix).overall);
  return { time: Array.from(pl.time), n_risk: Array.from(pl.nRisk) };
}
