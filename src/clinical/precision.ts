/**
 * Twelve significant digits: far finer than any laboratory reports, far coarser than binary
 * floating-point noise. Rounding there keeps a value that is exactly on a protocol threshold exactly
 * on it after arithmetic (4.2 / 1.4 is 3.0000000000000004 in IEEE 754; 75 ×10³/µL via ucum-lhc is
 * 74.99999999999999 ×10⁹/L), so "≤ 3 × ULN" and "≥ 75 × 10⁹/L" decide as a clinician would.
 */
export function roundTo12SignificantDigits(x: number): number {
  return Number(x.toPrecision(12));
}
