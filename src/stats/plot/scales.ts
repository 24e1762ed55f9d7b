/** Axis breaks and linear scales for the survival plot. */

/** Removes binary floating-point noise from a multiple of a step (3 × 0.1 → 0.3, not 0.30000000000000004). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Round axis breaks in the 1-2-5 series (…, 0.5, 1, 2, 5, 10, 20, 50, …) covering [min, max]:
 * the first break is at or below `min`, the last at or above `max` (so an axis can end on a break).
 * Of the candidate steps, the one whose number of intervals is closest to `target` wins; on a tie the
 * finer step (more breaks), which reads better under a number-at-risk table.
 */
export function niceBreaks(min: number, max: number, target = 6): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) {
    throw new RangeError(`niceBreaks: expected finite min ≤ max, got ${min}, ${max}`);
  }
  if (max === min) {
    // A zero-length range has no scale: give it one unit of the value's own magnitude.
    const unit = min === 0 ? 1 : 10 ** Math.floor(Math.log10(Math.abs(min)));
    return niceBreaks(min, min + unit, target);
  }
  const goal = Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10((max - min) / goal));
  let best = { step: 0, first: 0, intervals: 0, miss: Number.POSITIVE_INFINITY };
  for (const scale of [0.1, 1, 10]) {
    for (const mantissa of [1, 2, 5]) {
      const step = clean(mantissa * scale * magnitude);
      const first = Math.floor(clean(min / step));
      const intervals = Math.ceil(clean(max / step)) - first;
      const miss = Math.abs(intervals - goal);
      if (miss < best.miss || (miss === best.miss && step < best.step))
        best = { step, first, intervals, miss };
    }
  }
  return Array.from({ length: best.intervals + 1 }, (_, i) => clean((best.first + i) * best.step));
}

/**
 * Time breaks for a survival plot: from 0 to `xMax` when given (breaks not beyond it), else to the
 * first round break at or after `maxTime`. The CLI computes the number at risk at these times, so the
 * table columns sit under the axis ticks.
 */
export function timeBreaks(maxTime: number, xMax?: number, target = 6): number[] {
  if (xMax !== undefined) return niceBreaks(0, xMax, target).filter((t) => t <= xMax * (1 + 1e-9));
  return niceBreaks(0, Math.max(0, maxTime), target);
}

/** A linear map from the domain [d0, d1] to the range [r0, r1] (d0 ≠ d1). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const k = (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

/**
 * Tick labels that all show the same number of decimals, as few as tell the breaks apart
 * (0, 5, 10; 0.0, 0.5, 1.0; 0.00, 0.25, 0.50).
 */
export function formatBreaks(breaks: readonly number[]): string[] {
  let decimals = 0;
  while (decimals < 6 && breaks.some((b) => Math.abs(clean(b * 10 ** decimals) % 1) > 1e-9)) decimals++;
  return breaks.map((b) => b.toFixed(decimals));
}

/** Units a time axis can be drawn in, with their length in days (a month is 365.25 / 12 days). */
export const TIME_UNITS = {
  days: { days: 1, name: 'Days' },
  weeks: { days: 7, name: 'Weeks' },
  months: { days: 365.25 / 12, name: 'Months' },
} as const;
export type TimeUnit = keyof typeof TIME_UNITS;
