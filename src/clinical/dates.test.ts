import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, ageInYears, daysBetween, parseIsoDate } from './dates.ts';

describe('parseIsoDate', () => {
  it.each([
    ['2021-03-31', '2021-03-31'],
    ['2020-02-29', '2020-02-29'], // 2020 is a leap year
    ['2000-02-29', '2000-02-29'], // divisible by 400: leap
    ['0001-01-01', '0001-01-01'],
    ['9999-12-31', '9999-12-31'],
    ['2021-03-31T10:00:00+00:00', '2021-03-31'],
    ['2021-03-31T10:00:00Z', '2021-03-31'],
    ['2021-03-31T10:00:00.123+02:00', '2021-03-31'],
    ['2021-03-31T10:00:00', '2021-03-31'], // FHIR's regex allows the zone to be absent
    // The date as recorded: 23:30 in New York is 04:30 UTC on 1 April, but the patient's date is 31 March.
    ['2021-03-31T23:30:00-05:00', '2021-03-31'],
  ])('%s → %s', (text, expected) => {
    expect(parseIsoDate(text)).toBe(expected);
  });

  it.each([
    '2021-02-29', // 2021 is not a leap year
    '1900-02-29', // divisible by 100, not by 400: not leap
    '2021-02-30',
    '2021-04-31',
    '2021-13-01',
    '2021-00-10',
    '2021-01-00',
    '0000-01-01', // FHIR years start at 0001
    '2021', // partial dates are not dates for arithmetic
    '2021-03',
    '',
    '21-03-31',
    '2021-3-31',
    ' 2021-03-31',
    '2021-03-31 ',
    '2021-03-31T',
    '2021-03-31 10:00:00Z',
    '2021-03-31T24:00:00Z',
    '2021-03-31T10:00Z',
    '2021-03-31T10:00:00+5',
    '2021-03-31junk',
  ])('%j → undefined', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'], // leap year
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -28, '2025-12-04'], // a 28-day window counted back from T0
    ['2026-03-15', 0, '2026-03-15'],
    ['1970-01-01', 10957, '2000-01-01'], // 30 × 365 + 7 leap days (1972 … 1996)
    ['2000-01-01', -10957, '1970-01-01'],
  ] as const)('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('agrees with Date in UTC on every day from 0001 to 9999 (fast-check)', () => {
    const firstDay = -719162; // 0001-01-01, in days since 1970-01-01
    const lastDay = 2932896; // 9999-12-31
    fc.assert(
      fc.property(fc.integer({ min: firstDay, max: lastDay }), (dayNumber) => {
        const viaDate = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
        expect(addDays('1970-01-01', dayNumber)).toBe(viaDate);
      }),
    );
  });

  it('throws RangeError for a fractional number of days, a non-date, or a result beyond 9999', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addDays('2021-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2021-03-31T10:00:00Z', 1)).toThrow(RangeError); // parse it first
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-08-31', -6, '2026-02-28'], // clamped to month end
    ['2024-01-31', 1, '2024-02-29'], // leap February
    ['2025-01-31', 1, '2025-02-28'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-11-15', 3, '2026-02-15'], // across a year end
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-03-15', -24, '2024-03-15'],
    ['2026-03-15', 0, '2026-03-15'],
  ] as const)('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('throws RangeError for a fractional number of months', () => {
    expect(() => addMonths('2026-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('addYears', () => {
  it.each([
    ['2024-02-29', 1, '2025-02-28'], // clamped
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', -1, '2023-02-28'],
    ['2026-03-15', -5, '2021-03-15'], // E27's 5-year look-back
  ] as const)('%s + %i years = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2024-02-01', '2024-03-01', 29],
    ['2023-02-01', '2023-03-01', 28],
    ['2024-03-01', '2024-02-01', -29],
    ['2026-03-15', '2026-03-15', 0],
    ['2025-12-04', '2026-01-01', 28],
    ['1900-01-01', '2000-01-01', 36524], // 100 × 365 + 24 leap days (1900 is not one)
  ] as const)('%s → %s = %i days', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it('undoes addDays (fast-check)', () => {
    const dayCount = fc.integer({ min: -100_000, max: 100_000 });
    fc.assert(
      fc.property(dayCount, dayCount, (start, offset) => {
        const from = addDays('2000-01-01', start);
        expect(daysBetween(from, addDays(from, offset))).toBe(offset);
      }),
    );
  });
});

describe('ageInYears (completed years)', () => {
  it.each([
    ['2008-03-15', '2026-03-14', 17], // the day before the 18th birthday
    ['2008-03-15', '2026-03-15', 18], // on it (I02: age ≥ 18)
    ['2008-03-15', '2008-03-15', 0],
    // 29 February birthdays complete a year on 1 March in non-leap years …
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    // … and on 29 February in leap years.
    ['2008-02-29', '2028-02-28', 19],
    ['2008-02-29', '2028-02-29', 20],
    ['1950-12-31', '2026-01-01', 75],
  ] as const)('born %s, on %s: %i', (birthDate, asOf, expected) => {
    expect(ageInYears(birthDate, asOf)).toBe(expected);
  });

  it('throws RangeError when asked before the birth date or with a non-date', () => {
    expect(() => ageInYears('2008-03-15', '2008-03-14')).toThrow(RangeError);
    expect(() => ageInYears('2008-03', '2026-03-14')).toThrow(RangeError);
  });
});
