import { describe, expect, it } from 'vitest';
import { cockcroftGault } from './cockcroft-gault.ts';

// Cockcroft DW, Gault MH. Nephron 1976;16:31-41: CrCl = (140 − age) × kg / (72 × Scr mg/dL), × 0.85 if female.
describe('cockcroftGault', () => {
  it('60 years, 72 kg, Scr 1.0 mg/dL: (140 − 60) × 72 / (72 × 1.0) = 80 mL/min for a man', () => {
    expect(cockcroftGault({ ageYears: 60, weightKg: 72, creatinineMgDl: 1.0, sex: 'male' })).toBe(80);
  });

  it('the same woman: 80 × 0.85 = 68 mL/min', () => {
    expect(cockcroftGault({ ageYears: 60, weightKg: 72, creatinineMgDl: 1.0, sex: 'female' })).toBe(68);
  });

  it('85 years, 55 kg, Scr 1.2, female: 55 × 55 / 86.4 = 35.0116; × 0.85 = 29.7598 mL/min (below I22’s 30)', () => {
    const crcl = cockcroftGault({ ageYears: 85, weightKg: 55, creatinineMgDl: 1.2, sex: 'female' });
    expect(crcl).toBeCloseTo(29.7598, 4);
  });

  it('32 years, 42 kg, Scr 2.1: 108 × 42 / 151.2 = 4536 / 151.2 = 30 exactly (IEEE 754 alone: 29.999999999999996, failing I22)', () => {
    expect(cockcroftGault({ ageYears: 32, weightKg: 42, creatinineMgDl: 2.1, sex: 'male' })).toBe(30);
  });

  it('64 years, 54 kg, Scr 1.9: 76 × 54 / 136.8 = 4104 / 136.8 = 30 exactly (IEEE 754 alone: 30.000000000000004)', () => {
    expect(cockcroftGault({ ageYears: 64, weightKg: 54, creatinineMgDl: 1.9, sex: 'male' })).toBe(30);
  });

  it.each([
    { ageYears: 60, weightKg: 72, creatinineMgDl: 0 },
    { ageYears: 60, weightKg: 72, creatinineMgDl: -1 },
    { ageYears: 60, weightKg: 0, creatinineMgDl: 1 },
    { ageYears: 60, weightKg: Number.NaN, creatinineMgDl: 1 },
    { ageYears: 140, weightKg: 72, creatinineMgDl: 1 },
    { ageYears: -1, weightKg: 72, creatinineMgDl: 1 },
    { ageYears: 60, weightKg: 72, creatinineMgDl: Number.POSITIVE_INFINITY },
  ])('refuses impossible input %o with a RangeError', (input) => {
    expect(() => cockcroftGault({ ...input, sex: 'male' })).toThrow(RangeError);
  });
});
