import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactIfAmbiguous, formatNumber, satisfies } from './format.ts';

/** The rule as written: whole numbers and texts of ≤ 7 characters as they are, else 6 significant digits. */
function formatNumberByDefinition(value: number): string {
  const text = String(value);
  if (text.length <= 7 || Number.isInteger(value)) return text;
  return String(Number(value.toPrecision(6)));
}

describe('formatNumber', () => {
  it('prints integers and short decimals as they are, long fractions to 6 significant digits', () => {
    expect(formatNumber(75000)).toBe('75000');
    expect(formatNumber(1.25)).toBe('1.25');
    expect(formatNumber(63.84615384615)).toBe('63.8462');
    expect(formatNumber(74.999)).toBe('74.999');
  });

  it('prints tiny, huge, negative and non-finite values as the rule says', () => {
    expect(formatNumber(1e-7)).toBe('1e-7');
    expect(formatNumber(0.000001)).toBe('0.000001');
    expect(formatNumber(0.00000123456789)).toBe('0.00000123457');
    expect(formatNumber(1234567.5)).toBe('1234570');
    expect(formatNumber(1983.688)).toBe('1983.69');
    expect(formatNumber(-2.50000001)).toBe('-2.5');
    expect(formatNumber(99999.95)).toBe('99999.9'); // 99999.95 is 99999.94999… in binary
    expect(formatNumber(165689.5)).toBe('165690');
    expect(formatNumber(999999.7)).toBe('1000000');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('agrees with the rule as written on any double (it avoids a second number-to-text conversion)', () => {
    fc.assert(
      fc.property(fc.double(), (value) => formatNumber(value) === formatNumberByDefinition(value)),
      { numRuns: 20_000 },
    );
    const labLike = fc
      .tuple(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 6 }))
      .map(([n, decimals]) => n / 10 ** decimals);
    fc.assert(
      fc.property(labLike, (value) => formatNumber(value) === formatNumberByDefinition(value)),
      { numRuns: 20_000 },
    );
  });
});

describe('exactIfAmbiguous', () => {
  it('shows the exact value only when it prints like the threshold but differs from it', () => {
    expect(exactIfAmbiguous(74.9999999, 75)).toBe(' (exactly 74.9999999)');
    expect(exactIfAmbiguous(60.0000001, 60)).toBe(' (exactly 60.0000001)');
    expect(exactIfAmbiguous(75, 75)).toBe('');
    expect(exactIfAmbiguous(74.999, 75)).toBe('');
  });
});

describe('satisfies (FHIR comparators on the value)', () => {
  it('compares plain values at and around the threshold', () => {
    expect(satisfies(75, undefined, '>=', 75)).toBe(true);
    expect(satisfies(74.999, undefined, '>=', 75)).toBe(false);
    expect(satisfies(75, undefined, '>', 75)).toBe(false);
  });

  it('decides "<50" against ≥ 75 (false) and leaves "<80" undecided', () => {
    expect(satisfies(50, '<', '>=', 75)).toBe(false);
    expect(satisfies(80, '<', '>=', 75)).toBeUndefined();
  });

  it('at the boundary: "<75" fails ≥ 75, "<=75" is undecided, ">75" passes ≥ 75', () => {
    expect(satisfies(75, '<', '>=', 75)).toBe(false);
    expect(satisfies(75, '<=', '>=', 75)).toBeUndefined();
    expect(satisfies(75, '>', '>=', 75)).toBe(true);
    expect(satisfies(75, '>=', '>', 75)).toBeUndefined();
  });

  it('upper limits: "<500" meets < 500, "<=500" meets ≤ 500 but not < 500', () => {
    expect(satisfies(500, '<', '<', 500)).toBe(true);
    expect(satisfies(500, '<=', '<=', 500)).toBe(true);
    expect(satisfies(500, '<=', '<', 500)).toBeUndefined();
    expect(satisfies(600, '>', '<=', 500)).toBe(false);
  });
});
