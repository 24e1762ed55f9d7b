import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chiSquareUpperTail } from '../stats/index.ts';
import {
  ALGORITHM,
  type AllocationEntry,
  generateAllocationList,
  parseRandomizationConfig,
  type RandomizationConfig,
} from './index.ts';

const SEED = '000102030405060708090a0b0c0d0e0f';
const OTHER_SEED = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const NCT = parseRandomizationConfig(
  parse(readFileSync(new URL('../../protocols/nct05168163/randomization.yaml', import.meta.url), 'utf8')),
  'randomization.yaml',
);

function config(overrides: Record<string, unknown>): RandomizationConfig {
  const base = {
    enrollmentTarget: 122,
    arms: [
      { id: 'A', ratio: 1 },
      { id: 'B', ratio: 1 },
    ],
    method: 'permuted-blocks',
    blockSizes: [2, 4],
  };
  return parseRandomizationConfig({ ...base, ...overrides }, 'test config');
}

/** The entries of each block, in order. */
function blocks(entries: readonly AllocationEntry[]): AllocationEntry[][] {
  const out: AllocationEntry[][] = [];
  for (const e of entries) {
    if (e.block === out.length) out[out.length - 1]?.push(e);
    else out.push([e]);
  }
  return out;
}

const armsOf = (entries: readonly AllocationEntry[]) => entries.map((e) => e.arm).join('');

/** Pearson chi-square p-value of observed counts against equal expected counts. */
function uniformityP(counts: readonly number[]): number {
  const e = counts.reduce((s, c) => s + c, 0) / counts.length;
  return chiSquareUpperTail(
    counts.reduce((s, c) => s + (c - e) ** 2 / e, 0),
    counts.length - 1,
  );
}

describe('generateAllocationList (NCT05168163 configuration)', () => {
  const list = generateAllocationList(NCT, SEED);

  it('regenerates this exact list from this seed (a stored list stays checkable; bump ALGORITHM if not)', () => {
    expect(list.algorithm).toBe(ALGORITHM);
    expect(list.strata.map((s) => s.stratum)).toEqual(['planned-mki=cabozantinib', 'planned-mki=lenvatinib']);
    const [cabo, lenva] = list.strata;
    expect(armsOf(cabo?.entries.slice(0, 16) ?? [])).toBe('BAABABABABBABBAA');
    expect(cabo?.entries.slice(0, 16).map((e) => e.blockSize)).toEqual([
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      2,
      ...Array(8).fill(4),
    ]);
    expect(armsOf(lenva?.entries.slice(0, 16) ?? [])).toBe('BAABABBABAABABBA');
  });

  it('draws the first block as the documented construction says', () => {
    // word 0 of HMAC(seed, stratum, counter 0) picks the size (index = word mod 2, no rejection
    // needed as 2 divides 2^32); Fisher–Yates over [A…, B…] then takes one word per swap.
    const digest = createHmac('sha256', Buffer.from(SEED, 'hex'))
      .update(JSON.stringify(['trialkit/randomization', 'permuted-blocks', 'planned-mki=cabozantinib', 0]))
      .digest();
    const size = [2, 4][digest.readUInt32BE(0) % 2] as number;
    const arms = size === 2 ? ['A', 'B'] : ['A', 'A', 'B', 'B'];
    for (let i = arms.length - 1, word = 1; i > 0; i--, word++) {
      const j = digest.readUInt32BE(word * 4) % (i + 1); // i + 1 ∈ {2, 4} divides 2^32: no rejection
      [arms[i], arms[j]] = [arms[j] as string, arms[i] as string];
    }
    const first = list.strata[0]?.entries.filter((e) => e.block === 1) ?? [];
    expect(first.map((e) => e.arm)).toEqual(arms);
    expect(first[0]?.blockSize).toBe(size);
  });

  it('is the same for the same seed and different for another seed', () => {
    expect(generateAllocationList(NCT, SEED)).toEqual(list);
    const other = generateAllocationList(NCT, OTHER_SEED);
    for (const [i, s] of other.strata.entries())
      expect(armsOf(s.entries)).not.toBe(armsOf(list.strata[i]?.entries ?? []));
  });

  it('numbers entries 1…n per stratum, blocks 1…m, and covers the required length in complete blocks', () => {
    for (const s of list.strata) {
      expect(s.entries.map((e) => e.sequence)).toEqual(s.entries.map((_, i) => i + 1));
      expect(s.entries.every((e) => e.stratum === s.stratum)).toBe(true);
      const bs = blocks(s.entries);
      expect(bs.map((b) => b[0]?.block)).toEqual(bs.map((_, i) => i + 1));
      for (const b of bs) expect(b).toHaveLength(b[0]?.blockSize as number);
      expect(s.entries.length).toBeGreaterThanOrEqual(122);
      // no block more than needed: without the last block the list would be too short
      expect(s.entries.length - (bs.at(-1)?.length ?? 0)).toBeLessThan(122);
    }
  });

  it('balances every block exactly and uses only block sizes 2 and 4', () => {
    for (const s of list.strata) {
      for (const b of blocks(s.entries)) {
        expect([2, 4]).toContain(b.length);
        expect(b.filter((e) => e.arm === 'A')).toHaveLength(b.length / 2);
      }
    }
  });
});

describe('generateAllocationList (other configurations)', () => {
  it('balances blocks per the ratio: 2:1 in blocks of 3 and 6, 1:1:1 in blocks of 3 and 6', () => {
    const cases: [RandomizationConfig, Record<string, number>][] = [
      [
        config({
          arms: [
            { id: 'A', ratio: 2 },
            { id: 'B', ratio: 1 },
          ],
          blockSizes: [3, 6],
        }),
        { A: 2 / 3, B: 1 / 3 },
      ],
      [
        config({ arms: ['X', 'Y', 'Z'].map((id) => ({ id, ratio: 1 })), blockSizes: [3, 6] }),
        { X: 1 / 3, Y: 1 / 3, Z: 1 / 3 },
      ],
    ];
    for (const [c, share] of cases) {
      for (const b of blocks(generateAllocationList(c, SEED).strata[0]?.entries ?? [])) {
        for (const [arm, p] of Object.entries(share))
          expect(b.filter((e) => e.arm === arm)).toHaveLength(b.length * p);
      }
    }
  });

  it('keeps each stratum’s list independent of the other strata', () => {
    const mki = (levels: string[]) => ({ factors: [{ id: 'planned-mki', label: 'MKI', levels }] });
    const two = generateAllocationList(config(mki(['cabozantinib', 'lenvatinib'])), SEED);
    const three = generateAllocationList(config(mki(['sorafenib', 'cabozantinib', 'lenvatinib'])), SEED);
    const byKey = (l: typeof two) => new Map(l.strata.map((s) => [s.stratum, s.entries]));
    expect(byKey(three).get('planned-mki=cabozantinib')).toEqual(byKey(two).get('planned-mki=cabozantinib'));
    expect(byKey(three).get('planned-mki=lenvatinib')).toEqual(byKey(two).get('planned-mki=lenvatinib'));
    expect(armsOf(two.strata[0]?.entries ?? [])).not.toBe(armsOf(two.strata[1]?.entries ?? []));
  });

  it('over a long list, chooses block sizes uniformly, independently and orders arms uniformly (chi-square)', () => {
    const entries =
      generateAllocationList(config({ blockSizes: [2, 4, 6], listLengthPerStratum: 40_000 }), SEED).strata[0]
        ?.entries ?? [];
    const bs = blocks(entries);
    const sizes = bs.map((b) => b.length);
    const sizeCounts = [2, 4, 6].map((n) => sizes.filter((s) => s === n).length);
    expect(Math.min(...sizeCounts)).toBeGreaterThan(2000);
    expect(uniformityP(sizeCounts)).toBeGreaterThan(0.001);
    // consecutive sizes: all 9 pairs equally often (a generator stuck in a cycle would fail this)
    const pairs = new Map<string, number>();
    for (let i = 1; i < sizes.length; i++)
      pairs.set(`${sizes[i - 1]}${sizes[i]}`, (pairs.get(`${sizes[i - 1]}${sizes[i]}`) ?? 0) + 1);
    expect(pairs.size).toBe(9);
    expect(uniformityP([...pairs.values()])).toBeGreaterThan(0.001);
    // the 6 orders of AABB within blocks of 4
    const orders = new Map<string, number>();
    for (const b of bs.filter((x) => x.length === 4)) orders.set(armsOf(b), (orders.get(armsOf(b)) ?? 0) + 1);
    expect([...orders.keys()].sort()).toEqual(['AABB', 'ABAB', 'ABBA', 'BAAB', 'BABA', 'BBAA']);
    expect(uniformityP([...orders.values()])).toBeGreaterThan(0.001);
    // and the check can fail: sizes drawn 40 % / 30 % / 30 % over this many blocks are flagged
    const n = sizes.length;
    expect(uniformityP([0.4 * n, 0.3 * n, 0.3 * n])).toBeLessThan(0.001);
  });

  it('builds the single list of an unstratified trial', () => {
    const list = generateAllocationList(config({ enrollmentTarget: 10 }), SEED);
    expect(list.strata.map((s) => [s.stratum, s.factors])).toEqual([['all', {}]]);
    expect(list.strata[0]?.entries.length).toBeGreaterThanOrEqual(10);
  });
});

describe('generateAllocationList refuses bad input', () => {
  it('a bad seed', () => {
    expect(() => generateAllocationList(NCT, 'abc')).toThrowError(
      /seed: expected a hex string of at least 32/,
    );
  });

  it('a minimization configuration', () => {
    const { blockSizes, listLengthPerStratum, ...common } = NCT as Extract<
      RandomizationConfig,
      { blockSizes: unknown }
    >;
    const min = parseRandomizationConfig(
      { ...common, method: 'minimization', preferredArmProbability: 0.8 },
      'x',
    );
    expect(() => generateAllocationList(min, SEED)).toThrowError(
      /method: expected "permuted-blocks".*got "minimization"/,
    );
  });

  it('a configuration built in code that would not validate', () => {
    const bad = { ...NCT, blockSizes: [3] } as RandomizationConfig;
    expect(() => generateAllocationList(bad, SEED)).toThrowError(
      /^config\.blockSizes\[0\]: expected a multiple of 2, the sum of the arm ratios 1:1; got 3$/,
    );
  });
});
