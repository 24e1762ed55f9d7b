import { describe, expect, it } from 'vitest';
import { addDays, dateOf, parseDatePart, quantityOf } from './values.ts';

describe('date part as written', () => {
  it('keeps the calendar date of a dateTime without shifting its time zone', () => {
    expect(parseDatePart('2026-03-02T23:30:00-05:00')).toBe('2026-03-02');
    expect(parseDatePart('2026-03-02T01:30:00+14:00')).toBe('2026-03-02');
    expect(parseDatePart('2026-03-02')).toBe('2026-03-02');
    expect(parseDatePart('2021-03-31T00:00:00.000Z')).toBe('2021-03-31');
  });

  it('calls a year or a year-month partial, and impossible dates invalid', () => {
    expect(parseDatePart('1960')).toBe('partial');
    expect(parseDatePart('1960-05')).toBe('partial');
    expect(parseDatePart('2021-02-29')).toBe('invalid');
    expect(parseDatePart('2020-02-29')).toBe('2020-02-29');
    expect(parseDatePart('2021-13-01')).toBe('invalid');
    expect(parseDatePart('yesterday')).toBe('invalid');
    expect(parseDatePart(20210101)).toBe('invalid');
    expect(parseDatePart(undefined)).toBeUndefined();
  });

  it('warns, naming the field, when a present value gives no date', () => {
    const warnings: string[] = [];
    expect(dateOf('2019', 'onsetDateTime', (w) => warnings.push(w))).toBeUndefined();
    expect(dateOf(undefined, 'onsetDateTime', (w) => warnings.push(w))).toBeUndefined();
    expect(warnings).toEqual(["onsetDateTime '2019' is a partial date; no date taken from it"]);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-01-25', 14)).toBe('2026-02-08');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('Quantity', () => {
  const none = () => {
    throw new Error('unexpected warning');
  };

  it('takes the UCUM code when the system is UCUM', () => {
    expect(
      quantityOf(
        { value: 75, unit: 'x10^9/L', system: 'http://unitsofmeasure.org', code: '10*9/L' },
        'v',
        none,
      ),
    ).toEqual({ value: 75, unit: '10*9/L', ucum: true });
  });

  it('falls back to the unit text (ucum: false) without a UCUM system or code', () => {
    expect(quantityOf({ value: 1.2, unit: 'mg/dL' }, 'v', none)).toEqual({
      value: 1.2,
      unit: 'mg/dL',
      ucum: false,
    });
    expect(quantityOf({ value: 1.2, unit: 'mg/dL', system: 'http://unitsofmeasure.org' }, 'v', none)).toEqual(
      {
        value: 1.2,
        unit: 'mg/dL',
        ucum: false,
      },
    );
    expect(quantityOf({ value: 3, system: 'http://example.org/units', code: 'K/uL' }, 'v', none)).toEqual({
      value: 3,
      unit: 'K/uL',
      ucum: false,
    });
    expect(quantityOf({ value: 1 }, 'v', none)).toEqual({ value: 1, ucum: false });
  });

  it('keeps the comparator', () => {
    expect(quantityOf({ value: 10, comparator: '<', unit: '[IU]/mL' }, 'v', none)).toMatchObject({
      comparator: '<',
    });
  });

  it('drops a value that is not a finite number, with a warning', () => {
    const warnings: string[] = [];
    const warn = (w: string) => warnings.push(w);
    expect(quantityOf({ value: JSON.parse('1e400') }, 'valueQuantity', warn)).toBeUndefined();
    expect(quantityOf({ value: '12' as unknown as number }, 'valueQuantity', warn)).toBeUndefined();
    expect(quantityOf({ unit: 'mg' }, 'valueQuantity', warn)).toBeUndefined();
    expect(warnings).toEqual([
      'valueQuantity value Infinity is not a finite number; dropped',
      'valueQuantity value "12" is not a finite number; dropped',
      'valueQuantity value is missing; dropped',
    ]);
  });
});
