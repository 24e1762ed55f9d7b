import { describe, expect, it } from 'vitest';
import { correctedCalcium } from './corrected-calcium.ts';

// Payne RB et al. BMJ 1973;4:643-6: corrected Ca (mg/dL) = Ca + 0.8 × (4.0 − albumin g/dL).
describe('correctedCalcium', () => {
  it('Ca 8.0, albumin 2.0: 8.0 + 0.8 × (4.0 − 2.0) = 8.0 + 1.6 = 9.6 mg/dL', () => {
    expect(correctedCalcium({ calciumMgDl: 8.0, albuminGDl: 2.0 })).toBe(9.6);
  });

  it('albumin 4.0 needs no correction: 9.5 + 0.8 × 0 = 9.5', () => {
    expect(correctedCalcium({ calciumMgDl: 9.5, albuminGDl: 4.0 })).toBe(9.5);
  });

  it('corrects downwards when albumin is above 4.0: 10.0 + 0.8 × (4.0 − 4.5) = 10.0 − 0.4 = 9.6', () => {
    expect(correctedCalcium({ calciumMgDl: 10.0, albuminGDl: 4.5 })).toBe(9.6);
  });

  it('is exact where the decimal arithmetic is: 10.4 + 0.8 × 0.9 = 11.12 (IEEE 754 alone: 11.120000000000001)', () => {
    expect(correctedCalcium({ calciumMgDl: 10.4, albuminGDl: 3.1 })).toBe(11.12);
  });

  it.each([
    { calciumMgDl: Number.NaN, albuminGDl: 3 },
    { calciumMgDl: -1, albuminGDl: 3 },
    { calciumMgDl: 9, albuminGDl: -0.1 },
    { calciumMgDl: 9, albuminGDl: Number.POSITIVE_INFINITY },
  ])('refuses impossible input %o with a RangeError', (input) => {
    expect(() => correctedCalcium(input)).toThrow(RangeError);
  });
});
