/** How numbers and comparisons are printed in reasons a coordinator reads. */
import type { Comparator } from './vocabulary/schema.ts';

/**
 * At most 6 significant digits, no trailing zeros; integers print whole (e.g. 75000). Six digits keep
 * a value next to a threshold distinguishable from it (74.999 must never print as 75 when compared with 75).
 */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  // A fraction with at most 6 significant digits is its own 6-digit rounding, so every fraction prints
  // as String(Number(value.toPrecision(6))). Without an exponent that is toPrecision's text without
  // trailing zeros after the point (the shortest text of a ≤ 6-digit decimal is itself), with no second
  // number-to-text conversion: this runs for every lab value of every patient screened.
  const rounded = value.toPrecision(6);
  if (rounded.includes('e')) return String(Number(rounded));
  if (!rounded.includes('.')) return rounded; // 165689.5 → "165690"
  let end = rounded.length;
  while (rounded.charCodeAt(end - 1) === 0x30) end--;
  if (rounded.charCodeAt(end - 1) === 0x2e) end--;
  return rounded.slice(0, end);
}

/**
 * " (exactly 74.9999999)" when a value prints the same as the threshold it is compared with but is
 * not equal to it, else "": a reason must never read "75 < 75".
 */
export function exactIfAmbiguous(value: number, threshold: number): string {
  // Six significant digits print alike only within a relative 1e-5: skip the formatting otherwise.
  if (value === threshold || Math.abs(value - threshold) > Math.abs(threshold) * 1e-5) return '';
  return formatNumber(value) === formatNumber(threshold) ? ` (exactly ${value})` : '';
}

export const COMPARATOR_TEXT: Record<Comparator, string> = { '<': '<', '<=': '≤', '>=': '≥', '>': '>' };

/** The comparator that states the opposite (for "68 < 75" when "≥ 75" fails). */
export const OPPOSITE: Record<Comparator, Comparator> = { '<': '>=', '<=': '>', '>=': '<', '>': '<=' };

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
  }
}

export function refList(refs: readonly string[]): string {
  return refs.length === 0 ? '' : ` [${refs.join(', ')}]`;
}

/**
 * Whether a value that may carry a FHIR comparator ("< 10": the true value is below 10) satisfies
 * `comparator threshold`: true or false when every possible true value agrees, else undefined.
 */
export function satisfies(
  value: number,
  valueComparator: Comparator | undefined,
  comparator: Comparator,
  threshold: number,
): boolean | undefined {
  if (!valueComparator) return compare(value, comparator, threshold);
  const below = valueComparator === '<' || valueComparator === '<=';
  const open = valueComparator === '<' || valueComparator === '>';
  // The true value lies in (-inf, value) / (-inf, value] when below, else (value, inf) / [value, inf).
  const upward = comparator === '>=' || comparator === '>';
  if (below === upward) {
    // Interval unbounded in the direction the requirement wants: it can only be decided false.
    const bound = value;
    const allFail = upward
      ? bound < threshold || (bound === threshold && (open || comparator === '>'))
      : bound > threshold || (bound === threshold && (open || comparator === '<'));
    return allFail ? false : undefined;
  }
  // Interval bounded in the direction the requirement wants: it can only be decided true.
  const allPass = upward
    ? value > threshold || (value === threshold && (comparator === '>=' || open))
    : value < threshold || (value === threshold && (comparator === '<=' || open));
  return allPass ? true : undefined;
}
