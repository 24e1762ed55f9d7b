import { describe, expect, it } from 'vitest';
import { formatDateTime, isoDateIn, shortHash } from './subject-format.ts';

describe('dates and times', () => {
  it('writes calendar dates ISO in the given time zone', () => {
    // 03:30 UTC on 31 March is still 30 March in Chicago (CDT, UTC−5).
    const at = new Date('2026-03-31T03:30:00Z');
    expect(isoDateIn(at, 'UTC')).toBe('2026-03-31');
    expect(isoDateIn(at, 'America/Chicago')).toBe('2026-03-30');
  });

  it('writes times as YYYY-MM-DD HH:MM with the zone, 24-hour', () => {
    expect(formatDateTime('2026-03-30T21:05:00.000Z', 'UTC')).toBe('2026-03-30 21:05 UTC');
    expect(formatDateTime('2026-03-30T00:05:00.000Z', 'America/Chicago')).toBe('2026-03-29 19:05 CDT');
    expect(formatDateTime('not a time')).toBe('not a time');
  });

  it('shortens hashes and leaves short text alone', () => {
    expect(shortHash('1d517e08128f8223e39e88286fce81097de04ef9e4240c32f6a1089a8e3a14cf')).toBe(
      '1d517e08128f…',
    );
    expect(shortHash('abc')).toBe('abc');
  });
});
