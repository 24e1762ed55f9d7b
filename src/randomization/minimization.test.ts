/**
 * Pocock–Simon minimization, worked by hand (Biometrics 1975;31:103-115).
 *
 * Two arms A and B; factors mki (cabozantinib | lenvatinib) and ecog (0 | 1). Six earlier subjects:
 *
 *   #  arm  mki           ecog        margins (earlier subjects per arm)
 *   1  A    cabozantinib  0           mki=cabozantinib: A 2 (#1 #4)  B 1 (#2)
 *   2  B    cabozantinib  1           mki=lenvatinib:   A 1 (#3)     B 2 (#5 #6)
 *   3  A    lenvatinib    0           ecog=0:           A 2 (#1 #3)  B 1 (#5)
 *   4  A    cabozantinib  1           ecog=1:           A 1 (#4)     B 2 (#2 #6)
 *   5  B    lenvatinib    0
 *   6  B    lenvatinib    1
 */
import { describe, expect, it } from 'vitest';
import {
  minimize,
  type PreviousAllocation,
  parseRandomizationConfig,
  type RandomizationConfig,
} from './index.ts';

const SEED = '000102030405060708090a0b0c0d0e0f';

function config(overrides: Record<string, unknown> = {}): RandomizationConfig {
  return parseRandomizationConfig(
    {
      enrollmentTarget: 122,
      arms: [
        { id: 'A', ratio: 1 },
        { id: 'B', ratio: 1 },
      ],
      factors: [
        { id: 'mki', label: 'Planned MKI', levels: ['cabozantinib', 'lenvatinib'] },
        { id: 'ecog', label: 'ECOG', levels: ['0', '1'] },
      ],
      method: 'minimization',
      preferredArmProbability: 1,
      ...overrides,
    },
    'test config',
  );
}

const row = (arm: string, mki: string, ecog: string): PreviousAllocation => ({ arm, factors: { mki, ecog } });
const HISTORY = [
  row('A', 'cabozantinib', '0'),
  row('B', 'cabozantinib', '1'),
  row('A', 'lenvatinib', '0'),
  row('A', 'cabozantinib', '1'),
  row('B', 'lenvatinib', '0'),
  row('B', 'lenvatinib', '1'),
];
const CABO_0 = { mki: 'cabozantinib', ecog: '0' };
const CABO_1 = { mki: 'cabozantinib', ecog: '1' };

/** Arms assigned over many sequence numbers (each a fresh draw) with the same history. */
function armsOver(c: RandomizationConfig, subject: Record<string, string>, n: number, history = HISTORY) {
  const out: string[] = [];
  for (let s = history.length + 1; s <= history.length + n; s++)
    out.push(minimize(c, history, subject, SEED, s).arm);
  return out;
}
const share = (arms: readonly string[], arm: string) => arms.filter((a) => a === arm).length / arms.length;

describe('minimize: hand-worked scores', () => {
  it('new subject cabozantinib, ecog 0, range: G_A = 4, G_B = 0, so B is preferred', () => {
    // to A: mki=cabozantinib (2+1, 1) range 2; ecog=0 (2+1, 1) range 2; G_A = 1·2 + 1·2 = 4
    // to B: mki=cabozantinib (2, 1+1) range 0; ecog=0 (2, 1+1) range 0; G_B = 0
    const result = minimize(config(), HISTORY, CABO_0, SEED, 7);
    expect(result).toEqual({
      arm: 'B',
      preferredArm: 'B',
      scores: { A: 4, B: 0 },
      probabilityUsed: 1,
      tie: false,
      rule: 'minimization',
    });
  });

  it('the same with variance: G_A = 1 + 1 = 2, G_B = 0', () => {
    // (3, 1): mean 2, ((3−2)² + (1−2)²)/2 = 1 for each factor; (2, 2): 0
    expect(minimize(config({ imbalance: 'variance' }), HISTORY, CABO_0, SEED, 7).scores).toEqual({
      A: 2,
      B: 0,
    });
  });

  it('cabozantinib, ecog 1: the factors disagree, so the weights decide', () => {
    // to A: mki (3, 1) range 2; ecog=1 (1+1, 2) range 0 → G_A = 2·w_mki
    // to B: mki (2, 2) range 0; ecog=1 (1, 2+1) range 2 → G_B = 2·w_ecog
    const heavyMki = minimize(config({ weights: { mki: 2 } }), HISTORY, CABO_1, SEED, 7);
    expect(heavyMki).toMatchObject({ scores: { A: 4, B: 2 }, preferredArm: 'B', arm: 'B' });
    const heavyEcog = minimize(config({ weights: { ecog: 3 } }), HISTORY, CABO_1, SEED, 7);
    expect(heavyEcog).toMatchObject({ scores: { A: 2, B: 6 }, preferredArm: 'A', arm: 'A' });
  });

  it('three arms: range and variance prefer different arms', () => {
    // Arms X, Y, Z; factors f (u | v), g (s | t); new subject f=u, g=s. Earlier subjects:
    // Y(u,t), Z(u,s), X(v,s), X(v,s), Z(v,s), Z(v,s) → f=u: (0, 1, 1); g=s: (2, 0, 3).
    //   to X: f (1,1,1) range 0 var 0;   g (3,0,3) range 3 var (1+4+1)/3 = 2   → range 3, variance 2
    //   to Y: f (0,2,1) range 2 var 2/3; g (2,1,3) range 2 var (0+1+1)/3 = 2/3 → range 4, variance 4/3
    //   to Z: f (0,1,2) range 2 var 2/3; g (2,0,4) range 4 var (0+4+4)/3 = 8/3 → range 6, variance 10/3
    const three = (imbalance: string) =>
      config({
        arms: ['X', 'Y', 'Z'].map((id) => ({ id, ratio: 1 })),
        factors: [
          { id: 'f', label: 'f', levels: ['u', 'v'] },
          { id: 'g', label: 'g', levels: ['s', 't'] },
        ],
        imbalance,
      });
    const history = [
      { arm: 'Y', factors: { f: 'u', g: 't' } },
      { arm: 'Z', factors: { f: 'u', g: 's' } },
      ...['X', 'X', 'Z', 'Z'].map((arm) => ({ arm, factors: { f: 'v', g: 's' } })),
    ];
    const byRange = minimize(three('range'), history, { f: 'u', g: 's' }, SEED, 7);
    expect(byRange).toMatchObject({ scores: { X: 3, Y: 4, Z: 6 }, preferredArm: 'X', arm: 'X' });
    const byVariance = minimize(three('variance'), history, { f: 'u', g: 's' }, SEED, 7);
    expect(byVariance.preferredArm).toBe('Y');
    expect(byVariance.scores.X).toBeCloseTo(2, 12);
    expect(byVariance.scores.Y).toBeCloseTo(4 / 3, 12);
    expect(byVariance.scores.Z).toBeCloseTo(10 / 3, 12);
  });
});

describe('minimize: the random part', () => {
  it('a tie (lenvatinib, ecog 0: G_A = G_B = 2) is broken with equal probability', () => {
    // to A: mki=lenvatinib (1+1, 2) 0; ecog=0 (2+1, 1) 2 → 2.  to B: (1, 2+1) 2; (2, 1+1) 0 → 2.
    const subject = { mki: 'lenvatinib', ecog: '0' };
    expect(minimize(config(), HISTORY, subject, SEED, 7)).toMatchObject({
      preferredArm: null,
      scores: { A: 2, B: 2 },
      probabilityUsed: 0.5,
      tie: true,
      rule: 'tie',
    });
    const arms = armsOver(config(), subject, 2000);
    expect(share(arms, 'A')).toBeGreaterThan(0.45);
    expect(share(arms, 'A')).toBeLessThan(0.55);
  });

  it('the first subject is a tie of all arms (every G_k = 2)', () => {
    expect(minimize(config(), [], CABO_0, SEED, 1)).toMatchObject({ scores: { A: 2, B: 2 }, tie: true });
  });

  it('with p = 1 the preferred arm is always assigned', () => {
    expect(new Set(armsOver(config(), CABO_0, 500))).toEqual(new Set(['B']));
  });

  it('with p = 0.8 the preferred arm is assigned about 80 % of the time, the other arm sometimes', () => {
    const c = config({ preferredArmProbability: 0.8 });
    expect(minimize(c, HISTORY, CABO_0, SEED, 7)).toMatchObject({ preferredArm: 'B', probabilityUsed: 0.8 });
    const b = share(armsOver(c, CABO_0, 4000), 'B');
    expect(b).toBeGreaterThan(0.77);
    expect(b).toBeLessThan(0.83);
  });

  it('with three arms the non-preferred arms share 1 − p equally', () => {
    const c = config({ arms: ['X', 'Y', 'Z'].map((id) => ({ id, ratio: 1 })), preferredArmProbability: 0.6 });
    const history = [{ arm: 'Y', factors: CABO_0 }]; // to X or Z: range 1 + 1 = 2; to Y: 2 + 2 = 4
    expect(minimize(c, history, CABO_0, SEED, 2)).toMatchObject({ scores: { X: 2, Y: 4, Z: 2 }, tie: true });
    const history2 = [...history, { arm: 'Z', factors: CABO_0 }]; // now X alone scores 0
    const arms = armsOver(c, CABO_0, 4000, history2);
    expect(share(arms, 'X')).toBeCloseTo(0.6, 1);
    expect(share(arms, 'Y')).toBeCloseTo(0.2, 1);
    expect(share(arms, 'Z')).toBeCloseTo(0.2, 1);
  });

  it('is deterministic given seed and sequence number; another seed changes the draws', () => {
    const c = config({ preferredArmProbability: 0.8 });
    expect(minimize(c, HISTORY, CABO_0, SEED, 9)).toEqual(minimize(c, HISTORY, CABO_0, SEED, 9));
    const other = (s: number) => minimize(c, HISTORY, CABO_0, 'ab'.repeat(16), s).arm;
    const mine = armsOver(c, CABO_0, 200);
    expect(mine.map((_, i) => other(i + 7))).not.toEqual(mine);
  });

  it('allocates the first initialRandom subjects by simple randomization, scores shown', () => {
    const c = config({ initialRandom: 7 });
    expect(minimize(c, HISTORY, CABO_0, SEED, 7)).toMatchObject({
      preferredArm: null,
      scores: { A: 4, B: 0 },
      probabilityUsed: 0.5,
      tie: false,
      rule: 'initial-random',
    });
    expect(new Set(armsOver(c, CABO_0, 100))).toEqual(new Set(['A', 'B']));
    expect(minimize(config({ initialRandom: 6 }), HISTORY, CABO_0, SEED, 7).rule).toBe('minimization');
  });
});

describe('minimize refuses bad input, naming it', () => {
  it.each([
    [
      'an unknown earlier arm',
      [...HISTORY, row('C', 'lenvatinib', '0')],
      CABO_0,
      8,
      /previous\[6\]\.arm: expected an arm ID \(A, B\); got "C"/,
    ],
    [
      'an earlier unknown level',
      [row('A', 'sorafenib', '0')],
      CABO_0,
      2,
      /previous\[0\]\.factors\.mki: .*got "sorafenib"/,
    ],
    [
      'a missing factor',
      HISTORY,
      { mki: 'lenvatinib' },
      7,
      /subjectFactors\.ecog: expected a level of "ECOG": one of 0, 1; got nothing/,
    ],
    ['a reused sequence number', HISTORY, CABO_0, 6, /sequenceNumber: expected an integer ≥ 7 .*; got 6/],
    ['a fractional sequence number', HISTORY, CABO_0, 7.5, /sequenceNumber: .*got 7\.5/],
  ])('%s', (_, previous, subject, sequence, message) => {
    expect(() => minimize(config(), previous, subject, SEED, sequence)).toThrowError(message);
  });

  it('a bad seed, a permuted-block configuration', () => {
    expect(() => minimize(config(), HISTORY, CABO_0, '12', 7)).toThrowError(/seed: expected a hex string/);
    const blocks = parseRandomizationConfig(
      { enrollmentTarget: 10, arms: config().arms, method: 'permuted-blocks', blockSizes: [2] },
      'x',
    );
    expect(() => minimize(blocks, [], {}, SEED, 1)).toThrowError(
      /method: expected "minimization".*got "permuted-blocks"/,
    );
  });
});
