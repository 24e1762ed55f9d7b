/**
 * The trial's "today" in the browser. Dates in trialkit are calendar dates of the trial's time zone (the
 * server's as-of and randomization dates), so "today" is the server's clock read in that zone — not the
 * browser's local date, which can be a day off near midnight for a user in another zone, or further for
 * a computer whose clock is wrong. The session (GET /api/auth/session) says the zone and the server's
 * time; the browser keeps the difference between the clocks and reads "today" from its own clock plus
 * that difference, so the date still turns at the trial's midnight on a page left open. Without a
 * session (not signed in) it is the browser's local date.
 */
import type { Session } from '../contracts.ts';
import { isoDateIn } from './subject-format.ts';

export interface TrialClock {
  /** IANA zone of the trial's dates; null: the browser's own. */
  timeZone: string | null;
  /** The server's clock minus the browser's, in milliseconds. */
  offsetMs: number;
}

export const BROWSER_CLOCK: TrialClock = { timeZone: null, offsetMs: 0 };

/** The clock of a session read when the browser's clock said `readAt` (ms). */
export function trialClockOf(
  session: Partial<Pick<Session, 'timeZone' | 'serverTime'>> | null,
  readAt: number,
): TrialClock {
  if (!session?.timeZone) return BROWSER_CLOCK;
  const server = session.serverTime ? Date.parse(session.serverTime) : Number.NaN;
  return { timeZone: session.timeZone, offsetMs: Number.isNaN(server) ? 0 : server - readAt };
}

/** Today's date (YYYY-MM-DD) in the trial's zone on the server's clock; `browserNow` is Date.now(). */
export function todayOf(clock: TrialClock, browserNow: number): string {
  return isoDateIn(new Date(browserNow + clock.offsetMs), clock.timeZone ?? undefined);
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whether `date` is within [min, max] (either bound may be absent); ISO dates compare as text. */
export const withinDates = (date: string, min?: string, max?: string): boolean =>
  (!min || date >= min) && (!max || date <= max);
