import { describe, expect, it } from 'vitest';
import { type ChildPughInput, childPugh, childPughClassOf } from './child-pugh.ts';
import { convertUnit, MOLAR_MASS } from './units.ts';

// Pugh RNH et al. Br J Surg 1973;60:646-9, cut-offs as in the NCT05168163 criteria catalog.
// Every case starts from a patient scoring 1 point everywhere (total 5, class A) and changes one thing.
const HEALTHY: Required<ChildPughInput> = {
  bilirubinMgDl: 1.0,
  albuminGDl: 4.0,
  inr: 1.0,
  ascites: 'none',
  encephalopathy: 'none',
};

describe('childPugh: points on each side of and at every cut-off', () => {
  it.each([
    // bilirubin mg/dL: < 2 → 1, 2–3 inclusive → 2, > 3 → 3
    ['bilirubin', { bilirubinMgDl: 1.99 }, 1],
    ['bilirubin', { bilirubinMgDl: 2 }, 2],
    ['bilirubin', { bilirubinMgDl: 3 }, 2],
    ['bilirubin', { bilirubinMgDl: 3.01 }, 3],
    // albumin g/dL: > 3.5 → 1, 2.8–3.5 inclusive → 2, < 2.8 → 3
    ['albumin', { albuminGDl: 3.51 }, 1],
    ['albumin', { albuminGDl: 3.5 }, 2],
    ['albumin', { albuminGDl: 2.8 }, 2],
    ['albumin', { albuminGDl: 2.79 }, 3],
    // INR: < 1.7 → 1, 1.7–2.3 inclusive → 2, > 2.3 → 3
    ['inr', { inr: 1.69 }, 1],
    ['inr', { inr: 1.7 }, 2],
    ['inr', { inr: 2.3 }, 2],
    ['inr', { inr: 2.31 }, 3],
    ['ascites', { ascites: 'none' }, 1],
    ['ascites', { ascites: 'mild' }, 2],
    ['ascites', { ascites: 'moderate-severe' }, 3],
    ['encephalopathy', { encephalopathy: 'none' }, 1],
    ['encephalopathy', { encephalopathy: 'grade-1-2' }, 2],
    ['encephalopathy', { encephalopathy: 'grade-3-4' }, 3],
  ] as const)('%s %o → %i points', (component, change, points) => {
    const result = childPugh({ ...HEALTHY, ...change });
    expect(result.points[component]).toBe(points);
    expect(result.score).toBe(4 + points);
  });

  it('a bilirubin of exactly 2 mg/dL that arrived as µmol/L and was converted keeps its 2 points', () => {
    const bilirubin = { molarMass: MOLAR_MASS.bilirubin };
    const inMicromol = convertUnit(2, 'mg/dL', 'umol/L', bilirubin); // 2 × 17.104 = 34.208 µmol/L
    if (!inMicromol.ok) throw new Error(inMicromol.message);
    const back = convertUnit(inMicromol.value, 'umol/L', 'mg/dL', bilirubin);
    if (!back.ok) throw new Error(back.message);
    expect(childPugh({ ...HEALTHY, bilirubinMgDl: back.value }).points.bilirubin).toBe(2);
  });
});

describe('childPughClassOf: A = 5–6, B = 7–9, C = 10–15', () => {
  it.each([
    [5, 'A'],
    [6, 'A'],
    [7, 'B'],
    [9, 'B'],
    [10, 'C'],
    [15, 'C'],
  ] as const)('%i → %s', (score, expected) => {
    expect(childPughClassOf(score)).toBe(expected);
  });

  it.each([4, 16, 6.5, Number.NaN])('%s is not a Child-Pugh score (RangeError)', (score) => {
    expect(() => childPughClassOf(score)).toThrow(RangeError);
  });
});

describe('childPugh: complete input', () => {
  it('1 point everywhere: 1 + 1 + 1 + 1 + 1 = 5, class A, nothing missing', () => {
    expect(childPugh(HEALTHY)).toEqual({
      points: { bilirubin: 1, albumin: 1, inr: 1, ascites: 1, encephalopathy: 1 },
      missing: [],
      minScore: 5,
      maxScore: 5,
      score: 5,
      class: 'A',
      possibleClasses: ['A'],
    });
  });

  it.each([
    // 6/7: bilirubin 2 (2) + 1 + 1 + 1 + 1 = 6 → A; with albumin 3.0 (2) it is 7 → B
    [{ bilirubinMgDl: 2 }, 6, 'A'],
    [{ bilirubinMgDl: 2, albuminGDl: 3.0 }, 7, 'B'],
    // 9/10: 2 + 2 + 2 + 2 + 1 = 9 → B; with INR 2.5 (3) it is 10 → C
    [{ bilirubinMgDl: 2.5, albuminGDl: 3.0, inr: 2.0, ascites: 'mild' }, 9, 'B'],
    [{ bilirubinMgDl: 2.5, albuminGDl: 3.0, inr: 2.5, ascites: 'mild' }, 10, 'C'],
    // 3 points everywhere: 15 → C
    [
      {
        bilirubinMgDl: 5,
        albuminGDl: 2.0,
        inr: 3.0,
        ascites: 'moderate-severe',
        encephalopathy: 'grade-3-4',
      },
      15,
      'C',
    ],
  ] as const)('%o → score %i, class %s', (change, score, expectedClass) => {
    const result = childPugh({ ...HEALTHY, ...change });
    expect(result).toMatchObject({ score, minScore: score, maxScore: score, class: expectedClass });
    expect(result.possibleClasses).toEqual([expectedClass]);
  });
});

describe('childPugh: missing components give a range (each could add 1 to 3 points)', () => {
  it('bilirubin 1 + albumin 1 + INR 1, ascites and encephalopathy missing: 3 + 2..6 = 5..9 → A or B', () => {
    const result = childPugh({ bilirubinMgDl: 1.0, albuminGDl: 4.0, inr: 1.0 });
    expect(result).toEqual({
      points: { bilirubin: 1, albumin: 1, inr: 1 },
      missing: ['ascites', 'encephalopathy'],
      minScore: 5,
      maxScore: 9,
      possibleClasses: ['A', 'B'],
    });
    expect('score' in result).toBe(false);
    expect('class' in result).toBe(false);
  });

  it('bilirubin 3 points + albumin 3 points + INR 1: 7 + 2..6 = 9..13 → B or C, so class A is impossible', () => {
    const result = childPugh({ bilirubinMgDl: 4, albuminGDl: 2.5, inr: 1.0 });
    expect(result).toMatchObject({ minScore: 9, maxScore: 13, possibleClasses: ['B', 'C'] });
    expect(result.class).toBeUndefined();
  });

  it('2 + 2 + 2 points known: 6 + 2..6 = 8..12 → B or C', () => {
    const result = childPugh({ bilirubinMgDl: 2, albuminGDl: 3, inr: 2 });
    expect(result).toMatchObject({ minScore: 8, maxScore: 12, possibleClasses: ['B', 'C'] });
  });

  it('2 + 1 + 1 points known: 4 + 2..6 = 6..10 → any class', () => {
    const result = childPugh({ bilirubinMgDl: 2, albuminGDl: 4, inr: 1 });
    expect(result).toMatchObject({ minScore: 6, maxScore: 10, possibleClasses: ['A', 'B', 'C'] });
  });

  it('4 components at 3 points, encephalopathy missing: 12 + 1..3 = 13..15 → class C is certain without a score', () => {
    const result = childPugh({ bilirubinMgDl: 5, albuminGDl: 2, inr: 3, ascites: 'moderate-severe' });
    expect(result).toMatchObject({ minScore: 13, maxScore: 15, class: 'C', possibleClasses: ['C'] });
    expect(result.missing).toEqual(['encephalopathy']);
    expect(result.score).toBeUndefined();
  });

  it('4 components at 1 point, one missing: 4 + 1..3 = 5..7, so class A is never certain with a gap', () => {
    const result = childPugh({ albuminGDl: 4, inr: 1, ascites: 'none', encephalopathy: 'none' });
    expect(result).toMatchObject({
      minScore: 5,
      maxScore: 7,
      possibleClasses: ['A', 'B'],
      missing: ['bilirubin'],
    });
  });

  it('nothing known: 5..15, every class possible, every component missing in a fixed order', () => {
    expect(childPugh({})).toEqual({
      points: {},
      missing: ['bilirubin', 'albumin', 'inr', 'ascites', 'encephalopathy'],
      minScore: 5,
      maxScore: 15,
      possibleClasses: ['A', 'B', 'C'],
    });
  });
});

describe('childPugh: impossible input', () => {
  it.each([{ bilirubinMgDl: Number.NaN }, { albuminGDl: -1 }, { inr: Number.POSITIVE_INFINITY }])(
    '%o throws RangeError rather than scoring it',
    (input) => {
      expect(() => childPugh(input)).toThrow(RangeError);
    },
  );
});
