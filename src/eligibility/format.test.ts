import { describe, expect, it } from 'vitest';
import { exactIfAmbiguous, formatNumber, satisfies } from './format.ts';

describe('formatNumber', () => {
  it('prints integers and short decimals as they are, long fractions to 6 significant digits', () => {
    expect(formatNumber(75000)).toBe('75000');
    expect(formatNumber(1.25)).toBe('1.25');
    expect(formatNumber(63.84615384615)).toBe('63.8462');
    expect(formatNumber(74.999)).toBe('74.999');
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
