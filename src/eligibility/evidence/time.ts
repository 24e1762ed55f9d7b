/**
 * Look-back windows. "≤ 28 days" means T0 − 28 days ≤ d ≤ T0, inclusive at both ends
 * (criteria catalog, "Conventions"); months and years are calendar months and years.
 */
import { addDays, addMonths, addYears } from '../../clinical/index.ts';
import type { IsoDate } from '../patient-facts.ts';
import type { Duration } from '../vocabulary/schema.ts';

/** Window starts per duration object (the protocol's, so stable) and T0: every patient of a batch shares them. */
const starts = new WeakMap<Duration, Map<IsoDate, IsoDate>>();

/** T0 − within. */
export function windowStart(asOf: IsoDate, within: Duration): IsoDate {
  let byDate = starts.get(within);
  if (!byDate) {
    byDate = new Map();
    starts.set(within, byDate);
  }
  let start = byDate.get(asOf);
  if (start === undefined) {
    if (byDate.size > 1000) byDate.clear();
    start = computeWindowStart(asOf, within);
    byDate.set(asOf, start);
  }
  return start;
}

function computeWindowStart(asOf: IsoDate, within: Duration): IsoDate {
  if ('days' in within) return addDays(asOf, -within.days);
  if ('weeks' in within) return addDays(asOf, -7 * within.weeks);
  if ('months' in within) return addMonths(asOf, -within.months);
  return addYears(asOf, -within.years);
}

/** True when `date` lies in [T0 − within, T0]. */
export function isWithin(date: IsoDate, asOf: IsoDate, within: Duration): boolean {
  return date <= asOf && date >= windowStart(asOf, within);
}

export function describeDuration(within: Duration): string {
  const [unit, n] = Object.entries(within)[0] as [string, number];
  return `${n} ${n === 1 ? unit.slice(0, -1) : unit}`;
}

/** Days in a duration given in days or weeks (months and years have no fixed length). */
export function durationInDays(within: Duration): number | undefined {
  if ('days' in within) return within.days;
  if ('weeks' in within) return within.weeks * 7;
  return undefined;
}
