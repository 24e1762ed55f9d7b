import { describe, expect, it } from 'vitest';
import { describeImputation, readDtc } from './partial-date.ts';

const first = { rule: 'first', highest: 'M' } as const;
const last = { rule: 'last', highest: 'M' } as const;

describe('readDtc: complete dates', () => {
  it.each([
    ['2024-03-05', '2024-03-05', null],
    ['2024-03-05T10:30', '2024-03-05', '10:30'],
    ['2024-03-05T10:30:15', '2024-03-05', '10:30:15'],
    ['2024-03-05T10', '2024-03-05', '10'],
    ['2024-02-29', '2024-02-29', null],
  ])('%s → %s', (dtc, date, time) => {
    expect(readDtc(dtc)).toEqual({ ok: true, value: { dtc, date, time, flag: null } });
  });
});

describe('readDtc: partial dates imputed as admiral impute_dtc_dt (highest_imputation "M")', () => {
  it.each([
    // dtc, first, last, flag
    ['2024-03', '2024-03-01', '2024-03-31', 'D'],
    ['2024-02', '2024-02-01', '2024-02-29', 'D'], // leap year
    ['2023-02', '2023-02-01', '2023-02-28', 'D'],
    ['2024-04', '2024-04-01', '2024-04-30', 'D'],
    ['2024', '2024-01-01', '2024-12-31', 'M'],
  ])('%s → first %s, last %s, flag %s', (dtc, firstDate, lastDate, flag) => {
    expect(readDtc(dtc, first)).toMatchObject({ ok: true, value: { date: firstDate, flag } });
    expect(readDtc(dtc, last)).toMatchObject({ ok: true, value: { date: lastDate, flag } });
  });

  it('highest imputation "D" imputes a day but not a month', () => {
    expect(readDtc('2024-03', { rule: 'first', highest: 'D' })).toMatchObject({
      ok: true,
      value: { flag: 'D' },
    });
    expect(readDtc('2024', { rule: 'first', highest: 'D' })).toMatchObject({
      ok: false,
      reason: 'not-imputed',
    });
  });

  it('highest imputation "n" imputes nothing', () => {
    expect(readDtc('2024-03', { rule: 'last', highest: 'n' })).toMatchObject({
      ok: false,
      reason: 'not-imputed',
    });
    expect(readDtc('2024-03-05', { rule: 'last', highest: 'n' })).toMatchObject({ ok: true });
  });

  it('describes the imputation for messages', () => {
    const reading = readDtc('2024-03', last);
    if (!reading.ok) throw new Error('expected a date');
    expect(describeImputation(reading.value, 'last')).toBe(
      'partial date 2024-03 imputed to 2024-03-31 (last day of the month; flag D)',
    );
  });
});

describe('readDtc: invalid dates are problems, never guesses', () => {
  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13',
    '2024-00-10',
    '24-03-05',
    '2024/03/05',
    '05MAR2024',
    '2024-03-05T25:00',
    '2024---05',
    '0000-01-01',
    'UNK',
  ])('%s', (dtc) => {
    expect(readDtc(dtc)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
