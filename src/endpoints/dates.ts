/**
 * Calendar dates as the endpoints see them: ISO 8601 `YYYY-MM-DD` strings, compared as whole UTC days.
 * No clock, no time zone: a date is a day number.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Day number (days since 1970-01-01) of a complete ISO date, or `undefined` when it is not one. */
export function dayNumber(iso: string): number | undefined {
  const m = ISO_DATE.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Rejects 2024-02-30 and the like, which Date.UTC would roll over silently.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / MS_PER_DAY;
}

/** Whole days from `from` to `to` (negative when `to` is earlier); both must be valid ISO dates. */
export function daysBetween(from: string, to: string): number {
  return (dayNumber(to) as number) - (dayNumber(from) as number);
}

/** The ISO date `days` days after `iso`. */
export function addDays(iso: string, days: number): string {
  const n = (dayNumber(iso) as number) + days;
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ADaM duration in days with admiral's `derive_vars_duration()` default `add_one = TRUE`: ADT − STARTDT + 1. */
export function durationDays(startDate: string, endDate: string): number {
  return daysBetween(startDate, endDate) + 1;
}
