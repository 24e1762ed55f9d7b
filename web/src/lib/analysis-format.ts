/**
 * How numbers read on the dashboard and analysis pages: fixed decimals, units spelled out, "NR" for a
 * limit that is not reached, p-values as journals print them, and proportions as percentages.
 */
import type { Interval } from '../contracts.ts';

const NOT_REACHED = 'NR';

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NOT_REACHED;
  return value.toFixed(digits);
}

/**
 * "4.2 months (95% CI 3.4–NR)"; "NR (95% CI 2.1–NR)" when the estimate is not reached. `missing` is
 * written for an absent value: "NR" for survival times, "∞" for an unbounded ratio.
 */
export function formatInterval(
  interval: Interval,
  options: { digits?: number; unit?: string; level?: number; missing?: string } = {},
): string {
  const { digits = 1, unit, level = 0.95, missing = NOT_REACHED } = options;
  const value = (v: number | null) => (v === null || !Number.isFinite(v) ? missing : v.toFixed(digits));
  const estimate = value(interval.estimate);
  const withUnit = unit && interval.estimate !== null ? `${estimate} ${unit}` : estimate;
  return `${withUnit} (${formatLevel(level)} CI ${value(interval.lower)}–${value(interval.upper)})`;
}

/** 0.95 → "95%". */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(1))}%`;
}

/** p < 0.001 below a thousandth, three decimals below 0.1, else two. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** A proportion 0–1 as "33.3%". */
export function formatPercent(proportion: number | null | undefined, digits = 1): string {
  if (proportion === null || proportion === undefined || !Number.isFinite(proportion)) return '–';
  return `${(proportion * 100).toFixed(digits)}%`;
}

/** "1 subject", "3 subjects". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
