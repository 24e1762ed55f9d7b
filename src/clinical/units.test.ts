import { UcumLhcUtils } from '@lhncbc/ucum-lhc';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { convertUnit, isValidUcum, MOLAR_MASS } from './units.ts';

function converted(value: number, from: string, to: string, molarMass?: number): number {
  const result = convertUnit(value, from, to, molarMass === undefined ? {} : { molarMass });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function failureMessage(value: number, from: string, to: string, molarMass?: number): string {
  const result = convertUnit(value, from, to, molarMass === undefined ? {} : { molarMass });
  if (result.ok) throw new Error(`expected ${from} → ${to} to fail, got ${result.value}`);
  return result.message;
}

describe('convertUnit: exact values', () => {
  it.each([
    // Cell counts: 10*3/uL = 10^3 / 10^-6 L = 10^9/L; /uL = /mm3 = 10^6/L = 10^-3 × 10^9/L
    [1, '10*3/uL', '10*9/L', 1],
    [75, '10*3/uL', '10*9/L', 75], // I16 platelets threshold (ucum-lhc alone: 74.99999999999999)
    [1500, '/mm3', '10*9/L', 1.5], // I14 ANC threshold (ucum-lhc alone: 1.4999999999999998)
    [1500, '/uL', '10*9/L', 1.5],
    [500, '/uL', '10*9/L', 0.5], // I15 lymphocytes threshold
    [1.5, '10*9/L', '/uL', 1500],
    [250, '10*9/L', '10*3/uL', 250],
    [1, '/mm3', '/uL', 1], // 1 mm3 = 1 uL
    [1, '/mm3', '/L', 1_000_000],
    // Mass concentration: 1 g/dL = 10 g/L
    [9, 'g/dL', 'g/L', 90], // I17 hemoglobin 90 g/L
    [3.0, 'g/dL', 'g/L', 30], // I20 albumin 30 g/L
    [30, 'g/L', 'g/dL', 3],
    [1, 'mg/dL', 'mg/L', 10],
    // Enzyme activity: 1 ukat = 1 umol/s = 60 umol/min = 60 U
    [60, 'U/L', 'ukat/L', 1],
    // Length, mass, pressure
    [10, 'cm', 'mm', 100],
    [1, 'm', 'cm', 100],
    [1, '[lb_av]', 'kg', 0.45359237], // the avoirdupois pound is defined as exactly 0.45359237 kg
    [150, '[lb_av]', 'kg', 68.0388555],
    [1, 'mm[Hg]', 'kPa', 0.133322], // UCUM defines m[Hg] as 133.322 kPa
    [760, 'mm[Hg]', 'kPa', 101.32472], // 760 × 0.133322
    // Annotations are unity in UCUM, so they convert to 1 and to each other with factor 1
    [1.3, '{INR}', '1', 1.3],
    [1.3, '1', '{INR}', 1.3],
    [2, '{score}', '1', 2],
    [50, '%', '1', 0.5],
    // Around an arbitrary unit, the rest converts and the arbitrary unit stays
    [1, '[IU]/mL', '[IU]/L', 1000],
    [500, '[IU]/mL', '[IU]/L', 500_000], // I09 HBV DNA < 500 IU/mL
    [25, 'm[IU]/mL', '[IU]/L', 25], // serum hCG: 1 mIU/mL = 1 IU/L
    [2, 'k[IU]/L', '[IU]/mL', 2],
    [1, '10*3.[IU]/mL', 'k[IU]/L', 1000],
    [1, "[arb'U]/mL", "[arb'U]/L", 1000],
  ])('%s %s = %s %s', (value, from, to, expected) => {
    expect(converted(value, from, to)).toBe(expected);
  });

  it('bilirubin (584.66 g/mol): 1 mg/dL = 0.01 g/L ÷ 584.66 g/mol = 17.104 umol/L', () => {
    expect(converted(1, 'mg/dL', 'umol/L', MOLAR_MASS.bilirubin)).toBeCloseTo(17.104, 3);
    expect(converted(1, 'mg/dL', 'umol/L', MOLAR_MASS.bilirubin)).toBeCloseTo(10_000 / 584.66, 9);
    expect(converted(17.104, 'umol/L', 'mg/dL', MOLAR_MASS.bilirubin)).toBeCloseTo(1, 4);
  });

  it('creatinine (113.12 g/mol): 1 mg/dL = 10 000 / 113.12 = 88.40 umol/L', () => {
    expect(converted(1, 'mg/dL', 'umol/L', MOLAR_MASS.creatinine)).toBeCloseTo(88.4, 2);
    expect(converted(88.4, 'umol/L', 'mg/dL', MOLAR_MASS.creatinine)).toBeCloseTo(1, 3);
  });

  it('calcium (40.078 g/mol): 10 mg/dL = 0.1 g/L ÷ 40.078 g/mol = 2.495 mmol/L', () => {
    expect(converted(10, 'mg/dL', 'mmol/L', MOLAR_MASS.calcium)).toBeCloseTo(2.495, 3);
    expect(converted(1.5, 'mmol/L', 'mg/dL', MOLAR_MASS.calcium)).toBeCloseTo(6.0117, 4); // E25: 1.5 × 40.078 / 10
  });

  it('returns identical units untouched, unrounded and without asking UCUM (which refuses [IU]/mL → [IU]/mL)', () => {
    expect(converted(0.1 + 0.2, 'mg/dL', 'mg/dL')).toBe(0.1 + 0.2);
    expect(converted(480, '[IU]/mL', '[IU]/mL')).toBe(480);
  });
});

describe('convertUnit: failures name both units and say why', () => {
  it.each(['', ' ', '\t'])('an empty or blank unit (%j) gives "no unit given"', (blank) => {
    expect(failureMessage(1, blank, 'mg/dL')).toMatch(/^no unit given/);
    expect(failureMessage(1, 'mg/dL', blank)).toMatch(/^no unit given/);
    expect(failureMessage(1, blank, blank)).toMatch(/^no unit given/);
  });

  it('K/uL is kelvin per microliter in UCUM, not thousands per microliter', () => {
    expect(isValidUcum('K/uL')).toBe(true);
    const message = failureMessage(5, 'K/uL', '10*9/L');
    expect(message).toContain('cannot convert K/uL to 10*9/L');
    expect(message).toContain('Kelvin');
  });

  it('IU/L is not UCUM ([IU]/L is) and is not taken to be U/L', () => {
    const message = failureMessage(40, 'IU/L', 'U/L');
    expect(message).toContain('cannot convert IU/L to U/L');
    expect(message).toContain('[IU]');
  });

  it('international units are not enzyme units: [IU]/L → U/L fails', () => {
    expect(failureMessage(40, '[IU]/L', 'U/L')).toContain('arbitrary unit');
  });

  it('copies are not international units: {copies}/mL → [IU]/mL fails', () => {
    expect(failureMessage(1000, '{copies}/mL', '[IU]/mL')).toContain('cannot convert {copies}/mL to [IU]/mL');
  });

  it.each([
    ['[IU]/mL', "[arb'U]/mL"], // two different arbitrary units
    ['[IU]', '1'],
    ['[IU]/mL', 'mL/[IU]'], // same arbitrary unit, other side of the fraction
    ['[IU]/mL', '[IU]2/mL'], // other power
    ['[IU]/mL', '[IU]/g'], // the rest is not commensurable
  ])('%s → %s fails', (from, to) => {
    expect(failureMessage(1, from, to)).toContain(`cannot convert ${from} to ${to}`);
  });

  it('cannot be fooled by a unit that already holds the stand-in’s dimension: [IU] → cd2/[IU] fails', () => {
    // With candela alone standing in for [IU], this would read cd → cd2/cd = cd and "succeed" with factor 1.
    expect(failureMessage(1, '[IU]', 'cd2/[IU]')).toContain('cannot convert [IU] to cd2/[IU]');
  });

  it('mass ↔ amount of substance without a molar mass says a molar mass is needed', () => {
    expect(failureMessage(1, 'mg/dL', 'umol/L')).toContain('a molar mass is needed');
    expect(failureMessage(2.5, 'mmol/L', 'mg/dL')).toContain('a molar mass is needed');
  });

  it.each([0, -40, Number.NaN])('refuses a molar mass of %s', (molarMass) => {
    expect(failureMessage(1, 'mg/dL', 'umol/L', molarMass)).toContain('molar mass must be a positive number');
  });

  it('refuses temperatures: Cel → K adds 273.15, which no factor can express', () => {
    expect(failureMessage(37, 'Cel', 'K')).toContain('not by a factor');
    expect(failureMessage(98.6, '[degF]', 'Cel')).toContain('not by a factor');
  });

  it.each([
    ['µmol/L', 'umol/L'], // UCUM spells micro "u"
    ['Gauss', 'G'], // ucum-lhc would substitute the code for the name; we do not
    ['mmHg', 'mm[Hg]'],
    ['mg dL', 'g/L'],
    ['(score)', '1'],
  ])('does not reinterpret a non-UCUM code: %s → %s fails', (from, to) => {
    expect(failureMessage(1, from, to)).toContain(`cannot convert ${from} to ${to}`);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('refuses a value of %s', (value) => {
    expect(failureMessage(value, 'g/dL', 'g/L')).toContain('not a finite number');
  });
});

describe('convertUnit: round trips (fast-check)', () => {
  const pairs: [string, string, number?][] = [
    ['10*3/uL', '10*9/L'],
    ['/mm3', '10*9/L'],
    ['g/dL', 'g/L'],
    ['mg/dL', 'umol/L', MOLAR_MASS.bilirubin],
    ['mg/dL', 'umol/L', MOLAR_MASS.creatinine],
    ['mg/dL', 'mmol/L', MOLAR_MASS.calcium],
    ['[lb_av]', 'kg'],
    ['mm[Hg]', 'kPa'],
    ['cm', '[in_i]'],
    ['m[IU]/mL', '[IU]/L'],
    ['U/L', 'ukat/L'],
  ];

  it('there and back returns the value within 1e-9 relative', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
        ([from, to, molarMass], value) => {
          const back = converted(converted(value, from, to, molarMass), to, from, molarMass);
          expect(Math.abs(back - value)).toBeLessThanOrEqual(1e-9 * value);
        },
      ),
    );
  });
});

describe('convertUnit: cache', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('asks ucum-lhc once per unit pair and gives identical results on every call', () => {
    const ucumConvert = vi.spyOn(UcumLhcUtils.prototype, 'convertUnitTo');
    const results = [1, 2, 3].map(() => convertUnit(3.3, 'mg/L', 'ug/dL'));
    expect(results).toEqual([
      { ok: true, value: 330 },
      { ok: true, value: 330 },
      { ok: true, value: 330 },
    ]);
    expect(ucumConvert).toHaveBeenCalledTimes(1);
  });

  it('caches failures too: the same frozen failure comes back without asking ucum-lhc again', () => {
    const ucumConvert = vi.spyOn(UcumLhcUtils.prototype, 'convertUnitTo');
    const first = convertUnit(1, 'kg', 's');
    const second = convertUnit(2, 'kg', 's');
    expect(first.ok).toBe(false);
    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(ucumConvert).toHaveBeenCalledTimes(1);
  });

  it('keeps molar masses apart: bilirubin and creatinine factors are cached separately', () => {
    const bilirubin = converted(1, 'mg/dL', 'umol/L', MOLAR_MASS.bilirubin);
    const creatinine = converted(1, 'mg/dL', 'umol/L', MOLAR_MASS.creatinine);
    expect(bilirubin).not.toBe(creatinine);
    expect(converted(1, 'mg/dL', 'umol/L', MOLAR_MASS.bilirubin)).toBe(bilirubin);
  });
});

describe('isValidUcum', () => {
  it.each([
    'mg/dL',
    '10*9/L',
    '10*3/uL',
    '/mm3',
    'umol/L',
    '[IU]/mL',
    'm[IU]/mL',
    '{copies}/mL',
    '{INR}',
    '1',
    'K/uL',
  ])('%s is valid UCUM', (unit) => {
    expect(isValidUcum(unit)).toBe(true);
  });

  it.each(['', ' ', ' mg/dL', 'mg dL', 'IU/L', 'µmol/L', 'Gauss', 'mmHg', 'mcg', '(score)', 'foo'])(
    '%j is not valid UCUM',
    (unit) => {
      expect(isValidUcum(unit)).toBe(false);
    },
  );
});
