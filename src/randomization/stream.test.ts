import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InputError } from '../contracts/index.ts';
import { chiSquareUpperTail } from '../stats/index.ts';
import { newSeed, RandomStream, seedBytes } from './stream.ts';

const SEED = '000102030405060708090a0b0c0d0e0f';
const KEY = seedBytes(SEED);

/** Pearson chi-square p-value of observed counts against equal expected counts. */
function uniformityP(counts: readonly number[]): number {
  const n = counts.reduce((s, c) => s + c, 0);
  const e = n / counts.length;
  const x2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
  return chiSquareUpperTail(x2, counts.length - 1);
}

describe('seeds', () => {
  it('newSeed gives 256 fresh bits as 64 hex characters, accepted as a seed', () => {
    const a = newSeed();
    const b = newSeed();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(b);
    expect(seedBytes(a)).toHaveLength(32);
  });

  it('reads hex in either case to the same bytes', () => {
    expect(seedBytes(SEED.toUpperCase())).toEqual(seedBytes(SEED));
  });

  it.each([
    ['a number', 1234, /seed: expected a hex string of at least 32 characters.*got 1234/],
    ['non-hex characters', 'zz'.repeat(16), /seed: expected a hex string.*got "zzzz/],
    [
      'fewer than 128 bits',
      'ab'.repeat(15),
      /seed: expected .*128 bits.*got "30 hex characters \(120 bits\)"/,
    ],
    ['an odd number of characters', 'a'.repeat(33), /seed: expected .*even number.*got "33 hex characters/],
    ['nothing', undefined, /seed: expected a hex string.*got nothing/],
  ])('rejects %s, naming the field, what was expected and the value', (_, seed, message) => {
    expect(() => seedBytes(seed)).toThrowError(InputError);
    expect(() => seedBytes(seed)).toThrowError(message);
  });
});

describe('RandomStream', () => {
  it('is HMAC-SHA256(seed, JSON [domain, purpose, label, counter]), 32-bit big-endian words in order', () => {
    const stream = new RandomStream(KEY, 'permuted-blocks', 'all');
    const words = Array.from({ length: 9 }, () => stream.nextUint32());
    const block = (counter: number) =>
      createHmac('sha256', KEY)
        .update(JSON.stringify(['trialkit/randomization', 'permuted-blocks', 'all', counter]))
        .digest();
    const expected = [0, 4, 8, 12, 16, 20, 24, 28].map((o) => block(0).readUInt32BE(o));
    expected.push(block(1).readUInt32BE(0));
    expect(words).toEqual(expected);
  });

  it('repeats for the same seed, purpose and label and differs when any of them changes', () => {
    const draw = (key: Buffer, purpose: string, label: string) => {
      const s = new RandomStream(key, purpose, label);
      return Array.from({ length: 20 }, () => s.nextUint32());
    };
    const base = draw(KEY, 'p', 'x');
    expect(draw(KEY, 'p', 'x')).toEqual(base);
    expect(draw(KEY, 'p', 'y')).not.toEqual(base);
    expect(draw(KEY, 'q', 'x')).not.toEqual(base);
    expect(draw(seedBytes('ff'.repeat(16)), 'p', 'x')).not.toEqual(base);
  });

  it('nextInt rejects the words of the incomplete last run instead of reducing them modulo n', () => {
    // n = 2^31 + 1: 2^32 mod n = 2^31 − 1, so words ≥ 2^31 + 1 (about half) must be redrawn.
    const n = 2 ** 31 + 1;
    const ints = new RandomStream(KEY, 'test', 'rejection');
    const words = new RandomStream(KEY, 'test', 'rejection');
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      let w = words.nextUint32();
      while (w >= n) {
        rejected += 1;
        w = words.nextUint32();
      }
      expect(ints.nextInt(n)).toBe(w);
    }
    expect(rejected).toBeGreaterThan(50);
  });

  it('nextInt is uniform over [0, n) (chi-square, fixed seed)', () => {
    const stream = new RandomStream(KEY, 'test', 'uniform');
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 70_000; i++) {
      const k = stream.nextInt(7);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(uniformityP(counts)).toBeGreaterThan(0.001);
    // the check itself can fail: a degenerate count is flagged
    expect(uniformityP([10_000, 9_000, 10_000, 10_000, 10_000, 10_000, 11_000])).toBeLessThan(0.001);
  });

  it('nextInt refuses a range it cannot draw from', () => {
    const stream = new RandomStream(KEY, 'test', 'bad');
    for (const n of [0, 1.5, 2 ** 32 + 1]) expect(() => stream.nextInt(n)).toThrowError(RangeError);
    expect(stream.nextInt(1)).toBe(0);
  });

  it('nextUnit stays in [0, 1) with mean near 1/2', () => {
    const stream = new RandomStream(KEY, 'test', 'unit');
    const xs = Array.from({ length: 20_000 }, () => stream.nextUnit());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.01);
  });

  it('shuffle permutes the items and reaches every order of three equally often', () => {
    const stream = new RandomStream(KEY, 'test', 'shuffle');
    const seen = new Map<string, number>();
    for (let i = 0; i < 6_000; i++) {
      const order = stream.shuffle(['x', 'y', 'z']).join('');
      seen.set(order, (seen.get(order) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['xyz', 'xzy', 'yxz', 'yzx', 'zxy', 'zyx']);
    expect(uniformityP([...seen.values()])).toBeGreaterThan(0.001);
  });
});
