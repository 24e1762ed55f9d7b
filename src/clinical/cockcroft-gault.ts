/**
 * Creatinine clearance estimate: Cockcroft DW, Gault MH. Prediction of creatinine clearance from
 * serum creatinine. Nephron 1976;16:31-41.
 *   CrCl (mL/min) = (140 − age) × weight (kg) / (72 × serum creatinine (mg/dL)), × 0.85 if female.
 * Used by criterion I22 (CrCl ≥ 30 mL/min). The formula was derived in adults and uses actual weight.
 */
import { roundTo12SignificantDigits } from './precision.ts';

export function cockcroftGault(input: {
  ageYears: number;
  weightKg: number;
  creatinineMgDl: number;
  sex: 'female' | 'male';
}): number {
  const { ageYears, weightKg, creatinineMgDl, sex } = input;
  // At 140 years the formula reaches zero; beyond it the result would be negative nonsense.
  if (!Number.isFinite(ageYears) || ageYears < 0 || ageYears >= 140) {
    throw new RangeError(`age must be from 0 to below 140 years, got ${ageYears}`);
  }
  if (!Number.isFinite(weightKg) || weightKg <= 0) {
    throw new RangeError(`weight must be a positive number of kg, got ${weightKg}`);
  }
  if (!Number.isFinite(creatinineMgDl) || creatinineMgDl <= 0) {
    throw new RangeError(`serum creatinine must be a positive number of mg/dL, got ${creatinineMgDl}`);
  }
  const male = ((140 - ageYears) * weightKg) / (72 * creatinineMgDl);
  // Rounded so that a clearance exactly on I22's 30 mL/min is not pushed off it (32 y, 42 kg, Scr 2.1 gives 29.999999999999996).
  return roundTo12SignificantDigits(sex === 'female' ? male * 0.85 : male);
}
