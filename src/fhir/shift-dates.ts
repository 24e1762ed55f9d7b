/**
 * Moves every date of a FHIR resource tree by a whole number of days, keeping birth dates (so ages stay
 * as recorded): how an example patient dated for one screening day becomes one for another day — the
 * demo's patients are dated for 2026-03-30; a person trying the web app today needs them dated today.
 * FHIR `date` (YYYY-MM-DD) and `dateTime`/`instant` values (with time and offset) are shifted; partial
 * dates (YYYY, YYYY-MM) and every other string are left alone.
 */

import type { IsoDate } from '../eligibility/index.ts';
import { addDays } from './values.ts';

const DATE = /^(\d{4}-\d{2}-\d{2})(T.*)?$/;
const KEEP = new Set(['birthDate']);

export function shiftDates<T>(resource: T, days: number): T {
  if (!Number.isInteger(days)) throw new RangeError(`days: expected a whole number, got ${days}`);
  const walk = (value: unknown, key: string | null): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    if (typeof value === 'string' && key && !KEEP.has(key)) {
      const match = DATE.exec(value);
      if (match && !Number.isNaN(Date.parse(`${match[1]}T00:00:00Z`)))
        return addDays(match[1] as IsoDate, days) + (match[2] ?? '');
    }
    return value;
  };
  return walk(resource, null) as T;
}
