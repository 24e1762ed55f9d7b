import { describe, expect, it } from 'vitest';
import { ulnMultiple } from './uln.ts';

describe('ulnMultiple', () => {
  it('AST 200 U/L with ULN 40 U/L is 200 / 40 = 5 × ULN (I18’s limit, inclusive)', () => {
    expect(ulnMultiple(200, 40)).toBe(5);
  });

  it('bilirubin 4.2 with ULN 1.4 is exactly 3 × ULN (IEEE 754 alone: 3.0000000000000004, which would fail I19)', () => {
    expect(ulnMultiple(4.2, 1.4)).toBe(3);
  });

  it('INR 2.1 with ULN 1.4 is exactly 1.5 × ULN (IEEE 754 alone: 1.5000000000000002, which would fail I21)', () => {
    expect(ulnMultiple(2.1, 1.4)).toBe(1.5);
  });

  it('keeps fractions: 45 / 40 = 1.125; 0 / 40 = 0', () => {
    expect(ulnMultiple(45, 40)).toBe(1.125);
    expect(ulnMultiple(0, 40)).toBe(0);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError for ULN %s', (uln) => {
    expect(() => ulnMultiple(10, uln)).toThrow(RangeError);
  });

  it('throws RangeError for a value that is not a finite number', () => {
    expect(() => ulnMultiple(Number.NaN, 40)).toThrow(RangeError);
  });
});
