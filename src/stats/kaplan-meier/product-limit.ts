/**
 * The compute core (STYLE.md item 2): one pass over an event table, trusting its caller (times
 * ascending and distinct, counts ≥ 0). No allocation besides the output arrays.
 */
import type { EventTable } from './event-table.ts';

/** The curve's columns as typed arrays, aligned with `time`. */
export interface ProductLimit {
  time: Float64Array;
  nRisk: Float64Array;
  nEvent: Float64Array;
  nCensor: Float64Array;
  surv: Float64Array;
  /** SE of −log S (R's `std.err`); Infinity once S = 0. */
  stdErr: Float64Array;
  cumhaz: Float64Array;
  stdChaz: Float64Array;
}

/**
 * At each distinct time tᵢ with nᵢ at risk (time ≥ tᵢ, censored-at-tᵢ included) and dᵢ events:
 *  - Kaplan–Meier (product-limit) S(t) = ∏_{tᵢ ≤ t} (nᵢ − dᵢ)/nᵢ  (Kalbfleisch & Prentice 2002, §1.4);
 *  - Greenwood: Var(−log S(t)) = Σ_{tᵢ ≤ t} dᵢ / (nᵢ (nᵢ − dᵢ)), infinite once nᵢ = dᵢ (S = 0);
 *    R reports its square root (`std.err`, "logse"), so the SE of S is S × that;
 *  - Nelson–Aalen H(t) = Σ dᵢ/nᵢ with Var H(t) = Σ dᵢ/nᵢ² (R's ctype = 1, `std.chaz`).
 * Times with only censorings leave every sum unchanged; they are kept as steps of the curve, as
 * R's `fit$time` keeps them.
 */
export function productLimit(table: EventTable): ProductLimit {
  const { time, nEvent, nCensor } = table;
  const k = time.length;
  const nRisk = new Float64Array(k);
  const surv = new Float64Array(k);
  const stdErr = new Float64Array(k);
  const cumhaz = new Float64Array(k);
  const stdChaz = new Float64Array(k);
  let atRisk = table.records;
  let s = 1;
  let greenwood = 0;
  let hazard = 0;
  let hazardVar = 0;
  for (let i = 0; i < k; i++) {
    const d = nEvent[i] as number;
    const n = atRisk;
    if (d > 0) {
      s *= (n - d) / n;
      greenwood += d / (n * (n - d)); // n = d gives d/0 = Infinity: S has reached 0
      hazard += d / n;
      hazardVar += d / (n * n);
    }
    nRisk[i] = n;
    surv[i] = s;
    stdErr[i] = Math.sqrt(greenwood);
    cumhaz[i] = hazard;
    stdChaz[i] = Math.sqrt(hazardVar);
    atRisk = n - d - (nCensor[i] as number);
  }
  return { time, nRisk, nEvent, nCensor, surv, stdErr, cumhaz, stdChaz };
}
