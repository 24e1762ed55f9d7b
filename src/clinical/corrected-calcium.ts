/**
 * Albumin-corrected total calcium: Payne RB, Little AJ, Williams RB, Milner JR. Interpretation of
 * serum calcium in patients with abnormal serum proteins. BMJ 1973;4:643-6.
 *   corrected Ca (mg/dL) = Ca (mg/dL) + 0.8 × (4.0 − albumin (g/dL))
 * Used by criterion E25 (corrected Ca > ULN).
 */
import { roundTo12SignificantDigits } from './precision.ts';

export function correctedCalcium(input: { calciumMgDl: number; albuminGDl: number }): number {
  const { calciumMgDl, albuminGDl } = input;
  if (!Number.isFinite(calciumMgDl) || calciumMgDl < 0) {
    throw new RangeError(`calcium must be a finite number ≥ 0 mg/dL, got ${calciumMgDl}`);
  }
  if (!Number.isFinite(albuminGDl) || albuminGDl < 0) {
    throw new RangeError(`albumin must be a finite number ≥ 0 g/dL, got ${albuminGDl}`);
  }
  // Rounded so that a value exactly at the ULN is compared as such (4.0 − 3.1 is 0.8999999999999999 in IEEE 754).
  return roundTo12SignificantDigits(calciumMgDl + 0.8 * (4.0 - albuminGDl));
}
