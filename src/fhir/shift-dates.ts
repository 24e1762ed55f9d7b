/**
 * Moves every date of a FHIR resource tree by a whole number of days, keeping birth dates (so ages stay
 * as recorded): how an example patient dated for one screening day becomes one for another day — the
 * demo's patients are dated for 2026-03-30; a person trying the web app today needs them dated today.
 * FHIR `date` (YYYY-MM-DD) and `dateTime`/`instant` values (with time and offset) are shifted; partial
 * dates (YYYY, YYYY-MM) and every other string are left alone.
 */

const DATE = /^(\d{4}-\d{2}-\d{2})(T.*)?$/;
const KEEP = new Set(['birthDate']);

function shiftDate(date: string, days: number): string {
  const shifted = new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

export function shiftDates<T>(resource: T, days: number): T {
  if (!Number.isInteger(days)) throw new RangeError(`days: expected a whole number, got ${days}`);
  const walk = (value: unknown, key: string | null): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    if (typeof value === 'string' && key && !KEEP.has(key)) {
      const match = DATE.exec(value);
      if (match && !Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)))
        return shiftDate(match[1] as string, days) + (match[2] ?? '');
    }
    return value;
  };
  return walk(resource, null) as T;
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysFrom = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
