import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  generateAllocationList,
  minimize,
  type PreviousAllocation,
  parseRandomizationConfig,
  type RandomizationConfig,
  type RehearsalReport,
  rehearse,
} from './index.ts';

const SEED = '000102030405060708090a0b0c0d0e0f';
const NCT = parseRandomizationConfig(
  parse(readFileSync(new URL('../../protocols/nct05168163/randomization.yaml', import.meta.url), 'utf8')),
  'randomization.yaml',
);
const ARMS = [
  { id: 'A', ratio: 1 },
  { id: 'B', ratio: 1 },
];
const MINIMIZATION = parseRandomizationConfig(
  {
    enrollmentTarget: 200,
    arms: ARMS,
    factors: [
      { id: 'mki', label: 'Planned MKI', levels: ['cabozantinib', 'lenvatinib'] },
      { id: 'ecog', label: 'ECOG', levels: ['0', '1'] },
      { id: 'region', label: 'Region', levels: ['asia', 'europe', 'americas'] },
    ],
    method: 'minimization',
    preferredArmProbability: 0.8,
  },
  'minimization config',
);

/** Every count in the report agrees with the allocations, and the totals with the subject count. */
function expectCountsAddUp(report: RehearsalReport, config: RandomizationConfig): void {
  const n = report.subjects;
  expect(report.allocations).toHaveLength(n);
  for (const arm of config.arms) {
    expect(report.overall.counts[arm.id]).toBe(report.allocations.filter((a) => a.arm === arm.id).length);
  }
  expect(report.overall.total).toBe(n);
  expect(report.byStratum.reduce((s, r) => s + r.total, 0)).toBe(n);
  for (const r of report.byStratum) {
    const inStratum = report.allocations.filter((a) => a.stratum === r.stratum);
    expect(r.total).toBe(inStratum.length);
    for (const arm of config.arms)
      expect(r.counts[arm.id]).toBe(inStratum.filter((a) => a.arm === arm.id).length);
  }
  for (const f of config.factors) {
    const rows = report.byFactorLevel.filter((r) => r.factor === f.id);
    expect(rows.map((r) => r.level)).toEqual(f.levels);
    expect(rows.reduce((s, r) => s + r.total, 0)).toBe(n);
    for (const r of rows) {
      const atLevel = report.allocations.filter((a) => a.factors[f.id] === r.level);
      for (const arm of config.arms)
        expect(r.counts[arm.id]).toBe(atLevel.filter((a) => a.arm === arm.id).length);
    }
  }
  const max = (rows: readonly { imbalance: number }[]) => Math.max(0, ...rows.map((r) => r.imbalance));
  expect(report.maxImbalance).toEqual({
    overall: report.overall.imbalance,
    stratum: max(report.byStratum),
    factorLevel: max(report.byFactorLevel),
  });
}

describe('rehearse with permuted blocks (NCT05168163 configuration)', () => {
  it('generated subjects: counts add up; blocks of ≤ 4 keep each stratum within 2 of balance', () => {
    const report = rehearse(NCT, SEED, { count: 122 });
    expect(report.method).toBe('permuted-blocks');
    expect(report.subjects).toBe(122);
    expectCountsAddUp(report, NCT);
    expect(report.byStratum.map((r) => r.stratum)).toEqual([
      'planned-mki=cabozantinib',
      'planned-mki=lenvatinib',
    ]);
    expect(report.maxImbalance.stratum).toBeLessThanOrEqual(2);
    expect(report.maxImbalance.overall).toBeLessThanOrEqual(4);
    expect(rehearse(NCT, SEED, { count: 122 })).toEqual(report);
  });

  it('given subjects get the entries of their stratum’s list in order: the trial’s own list', () => {
    const subjects = [...'cclcllcccl'].map((c) => ({
      'planned-mki': c === 'c' ? 'cabozantinib' : 'lenvatinib',
    }));
    const report = rehearse(NCT, SEED, subjects);
    const list = generateAllocationList(NCT, SEED);
    const next = new Map(list.strata.map((s) => [s.stratum, s.entries.map((e) => e.arm)]));
    for (const a of report.allocations) expect(a.arm).toBe(next.get(a.stratum)?.shift());
    expect(report.allocations.map((a) => a.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expectCountsAddUp(report, NCT);
  });

  it('draws subjects by the given level frequencies', () => {
    const long = { ...NCT, listLengthPerStratum: 4000 };
    const skewed = rehearse(long, SEED, {
      count: 4000,
      levelProbabilities: { 'planned-mki': { cabozantinib: 3, lenvatinib: 1 } },
    });
    const cabo = skewed.byFactorLevel.find((r) => r.level === 'cabozantinib')?.total ?? 0;
    expect(cabo / 4000).toBeGreaterThan(0.72);
    expect(cabo / 4000).toBeLessThan(0.78);
    const only = rehearse(NCT, SEED, {
      count: 50,
      levelProbabilities: { 'planned-mki': { cabozantinib: 1 } },
    });
    expect(only.byStratum.map((r) => r.total)).toEqual([50, 0]);
  });

  it('reports imbalance per ratio unit: 2:1 in complete blocks of 3 is balanced', () => {
    const twoToOne = parseRandomizationConfig(
      {
        enrollmentTarget: 9,
        arms: [
          { id: 'A', ratio: 2 },
          { id: 'B', ratio: 1 },
        ],
        method: 'permuted-blocks',
        blockSizes: [3],
      },
      'x',
    );
    const report = rehearse(twoToOne, SEED, { count: 9 });
    expect(report.overall).toEqual({ counts: { A: 6, B: 3 }, total: 9, imbalance: 0 });
  });

  it('stops, naming the stratum, when a stratum needs more entries than its list holds', () => {
    const short = { ...NCT, factors: [], enrollmentTarget: 10, listLengthPerStratum: 10 };
    expect(() => rehearse(short, SEED, { count: 20 })).toThrowError(
      /subjects\[1[0-3]\]: expected a stratum with list entries left: all holds 1[0-3]; raise listLengthPerStratum; got "all"/,
    );
  });
});

describe('rehearse with minimization', () => {
  it('allocates exactly as calling minimize subject after subject', () => {
    const report = rehearse(MINIMIZATION, SEED, { count: 40 });
    const previous: PreviousAllocation[] = [];
    for (const a of report.allocations) {
      expect(minimize(MINIMIZATION, previous, a.factors, SEED, a.sequence).arm).toBe(a.arm);
      previous.push({ arm: a.arm, factors: a.factors });
    }
  });

  it('counts add up over 12 strata, and every margin ends near balance', () => {
    const report = rehearse(MINIMIZATION, SEED, { count: 200 });
    expect(report.method).toBe('minimization');
    expect(report.byStratum).toHaveLength(12);
    expectCountsAddUp(report, MINIMIZATION);
    expect(report.maxImbalance.factorLevel).toBeLessThanOrEqual(6);
  });

  it('with more strata than the limit of strata, lists only the strata subjects fell in', () => {
    const { weights, ...common } = MINIMIZATION as Extract<RandomizationConfig, { weights: unknown }>;
    const many = parseRandomizationConfig(
      {
        ...common,
        factors: ['a', 'b', 'c', 'd'].map((id) => ({
          id,
          label: id,
          levels: ['0', '1', '2', '3', '4', '5'],
        })),
      },
      'x',
    );
    const report = rehearse(many, SEED, { count: 30 });
    expect(report.byStratum.length).toBeLessThanOrEqual(30);
    expect(report.byStratum.every((r) => r.total > 0)).toBe(true);
    expectCountsAddUp(report, many);
  });
});

describe('rehearse refuses bad subjects', () => {
  it.each([
    [
      'a negative count',
      { count: -1 },
      /subjects\.count: expected an integer from 0 to 10000 \(the limit of a rehearsal\); got -1/,
    ],
    [
      'more subjects than the limit',
      { count: 10_001 },
      /subjects\.count: expected an integer from 0 to 10000 \(the limit of a rehearsal\); got 10001/,
    ],
    [
      'an unknown factor',
      { count: 5, levelProbabilities: { ecog: { '0': 1 } } },
      /levelProbabilities\.ecog: expected a factor ID \(planned-mki\)/,
    ],
    [
      'an unknown level',
      { count: 5, levelProbabilities: { 'planned-mki': { sorafenib: 1 } } },
      /levelProbabilities\.planned-mki\.sorafenib: expected a level/,
    ],
    [
      'a negative frequency',
      { count: 5, levelProbabilities: { 'planned-mki': { cabozantinib: -1 } } },
      /expected a finite frequency ≥ 0; got -1/,
    ],
    [
      'all frequencies zero',
      { count: 5, levelProbabilities: { 'planned-mki': { cabozantinib: 0 } } },
      /at least one level with a frequency above 0/,
    ],
    [
      'no subjects at all',
      undefined,
      /subjects: expected a list of factor values, or \{ count, levelProbabilities\? \}; got nothing/,
    ],
    [
      'a subject with an unknown level',
      [{ 'planned-mki': 'sorafenib' }],
      /subjects\[0\]\.planned-mki: .*got "sorafenib"/,
    ],
  ])('%s', (_, subjects, message) => {
    expect(() => rehearse(NCT, SEED, subjects as never)).toThrowError(message);
  });
});
