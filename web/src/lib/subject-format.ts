/**
 * How the subject pages write dates, times, statuses and hashes: dates ISO (YYYY-MM-DD), times as
 * YYYY-MM-DD HH:MM with the zone, so a date is never read as month/day by one user and day/month by
 * another.
 */
import type { SubjectStatus } from '../contracts.ts';

function parts(at: Date, timeZone: string | undefined, withTime: boolean): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-US', {
    ...(timeZone ? { timeZone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' } : {}),
  } as Intl.DateTimeFormatOptions);
  return Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
}

/** The calendar date of `at` in `timeZone` (default: the browser's), YYYY-MM-DD. */
export function isoDateIn(at: Date, timeZone?: string): string {
  const p = parts(at, timeZone, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An ISO timestamp as "YYYY-MM-DD HH:MM TZ" in `timeZone` (default: the browser's). */
export function formatDateTime(iso: string, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const p = parts(at, timeZone, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** The first 12 hex digits of a SHA-256, enough to tell results apart on screen (the full one is in a title). */
export const shortHash = (hex: string): string => (hex.length > 16 ? `${hex.slice(0, 12)}…` : hex);

export const SUBJECT_STATUS_LABEL: Record<SubjectStatus, string> = {
  screening: 'Screening',
  eligible: 'Eligible',
  screen_failed: 'Screen failed',
  randomized: 'Randomized',
  withdrawn: 'Withdrawn',
};

export const SEX_LABEL: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};
