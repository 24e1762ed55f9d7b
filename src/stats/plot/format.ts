/** How the plot prints p-values, hazard ratios and times. */

/** Smallest p-value printed as a number; below it the plot says "p < 0.0001", as journals ask. */
export const P_FLOOR = 0.0001;

/** A p-value to 2 significant digits ("p = 0.0013", "p = 0.50"), or "p < 0.0001" below the floor. */
export function formatPValue(p: number): string {
  if (p < P_FLOOR) return `p < ${P_FLOOR.toFixed(4)}`;
  return `p = ${p.toPrecision(2)}`;
}

/** A ratio to 2 decimals in the usual range (0.58, 1.20), 1 from 10 (12.3); else 3 significant digits. */
export function formatRatio(value: number): string {
  if (value >= 0.1 && value < 10) return value.toFixed(2);
  if (value >= 10 && value < 100) return value.toFixed(1);
  return String(Number(value.toPrecision(3)));
}

export interface HazardRatioText {
  estimate: number;
  lower: number;
  upper: number;
  /** Confidence level of [lower, upper]; 0.95 unless given. */
  level?: number;
}

/** "HR 0.58 (95% CI 0.41–0.80)". */
export function formatHazardRatio(hr: HazardRatioText): string {
  const level = Number(((hr.level ?? 0.95) * 100).toPrecision(4));
  return `HR ${formatRatio(hr.estimate)} (${level}% CI ${formatRatio(hr.lower)}–${formatRatio(hr.upper)})`;
}

/** A time such as a median: at most 2 decimals, no trailing zeros (6.1, 183, 0.25). */
export function formatTime(value: number): string {
  return String(Math.round(value * 100) / 100);
}
