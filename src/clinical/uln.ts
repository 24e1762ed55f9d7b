/**
 * Multiples of the upper limit of normal, as in "AST ≤ 5 × ULN" (criteria I18, I19, I21, I22).
 * The ULN is the result's own reference range high (FHIR Observation.referenceRange.high), in the
 * same unit as the value: convert first, divide second.
 */
import { roundTo12SignificantDigits } from './precision.ts';

/** value / ULN, rounded to 12 significant digits so that 4.2 / 1.4 is exactly 3 (not 3.0000000000000004). */
export function ulnMultiple(value: number, upperLimitOfNormal: number): number {
  if (!(upperLimitOfNormal > 0) || !Number.isFinite(upperLimitOfNormal)) {
    throw new RangeError(`the upper limit of normal must be a positive number, got ${upperLimitOfNormal}`);
  }
  if (!Number.isFinite(value)) throw new RangeError(`value must be a finite number, got ${value}`);
  return roundTo12SignificantDigits(value / upperLimitOfNormal);
}
