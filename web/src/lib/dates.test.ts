import { describe, expect, it } from 'vitest';
import { addDays, BROWSER_CLOCK, todayOf, trialClockOf, withinDates } from './dates.ts';

describe("the trial's today", () => {
  const session = { timeZone: 'America/Chicago', serverTime: '2026-03-31T04:30:00Z' };

  it("is the server's time read in the trial's zone, not UTC's date", () => {
    const readAt = Date.parse('2026-03-31T04:30:00Z');
    const clock = trialClockOf(session, readAt);
    expect(clock).toEqual({ timeZone: 'America/Chicago', offsetMs: 0 });
    // 04:30 UTC on the 31st is 23:30 on the 30th in Chicago (CDT, UTC−5).
    expect(todayOf(clock, readAt)).toBe('2026-03-30');
    // Half an hour later the trial's date turns, on a page left open.
    expect(todayOf(clock, readAt + 31 * 60_000)).toBe('2026-03-31');
  });

  it("follows the server's clock when the browser's is wrong", () => {
    const browserReadAt = Date.parse('2026-12-07T17:00:00Z'); // eight months ahead
    const clock = trialClockOf(session, browserReadAt);
    expect(todayOf(clock, browserReadAt)).toBe('2026-03-30');
    expect(todayOf(clock, browserReadAt + 24 * 3600_000)).toBe('2026-03-31');
  });

  it("is the browser's own date without a session", () => {
    expect(trialClockOf(null, 0)).toBe(BROWSER_CLOCK);
    expect(trialClockOf({}, 0)).toBe(BROWSER_CLOCK);
    const now = Date.parse('2026-03-30T12:00:00Z');
    const local = new Date(now);
    const expected = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
    expect(todayOf(BROWSER_CLOCK, now)).toBe(expected);
  });
});

describe('date arithmetic and bounds', () => {
  it('moves by calendar days across months and leap days', () => {
    expect(addDays('2026-03-30', 2)).toBe('2026-04-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('checks a date against optional bounds', () => {
    expect(withinDates('2026-03-30', undefined, '2026-03-30')).toBe(true);
    expect(withinDates('2026-03-31', undefined, '2026-03-30')).toBe(false);
    expect(withinDates('1899-12-31', '1900-01-01')).toBe(false);
    expect(withinDates('2026-03-30')).toBe(true);
  });
});
