import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { InputError, type InputIssue } from '../contracts/index.ts';
import { checkProtocolMatch, DEFAULT_RANDOMIZATION_LIMITS, parseRandomizationConfig } from './index.ts';

const { maxStrata, maxListLengthPerStratum, maxListEntries, maxBlockSize } = DEFAULT_RANDOMIZATION_LIMITS;

const PROTOCOL_DIR = new URL('../../protocols/nct05168163/', import.meta.url);
const readYaml = (name: string): unknown => parse(readFileSync(new URL(name, PROTOCOL_DIR), 'utf8'));

const ARMS = [
  { id: 'A', ratio: 1 },
  { id: 'B', ratio: 1 },
];
const MKI = { id: 'mki', label: 'Planned MKI', levels: ['cabozantinib', 'lenvatinib'] };
const BLOCKS = {
  enrollmentTarget: 122,
  arms: ARMS,
  factors: [MKI],
  method: 'permuted-blocks',
  blockSizes: [2, 4],
};
const MINIMIZATION = {
  enrollmentTarget: 122,
  arms: ARMS,
  factors: [MKI],
  method: 'minimization',
  preferredArmProbability: 0.8,
};

/** The issues of a configuration that must fail. */
function issuesOf(data: unknown): readonly InputIssue[] {
  try {
    parseRandomizationConfig(data, 'test.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('the shipped NCT05168163 configuration', () => {
  const config = parseRandomizationConfig(readYaml('randomization.yaml'), 'randomization.yaml');

  it('is 1:1 A/B permuted blocks of 2 and 4 stratified by planned MKI, lists as long as the trial', () => {
    expect(config).toMatchObject({
      method: 'permuted-blocks',
      arms: [
        { id: 'A', ratio: 1 },
        { id: 'B', ratio: 1 },
      ],
      factors: [{ id: 'planned-mki', levels: ['cabozantinib', 'lenvatinib'] }],
      blockSizes: [2, 4],
      listLengthPerStratum: 122,
    });
  });

  it('says plainly that strata and block sizes are an assumption, not registry facts', () => {
    expect(config.assumption).toMatch(/registry record does not list stratification factors/);
    expect(config.assumption).toMatch(/block sizes/);
    expect(config.assumption).toMatch(/SAP/);
  });

  it("agrees with protocol.yaml's arms, stratification and enrollment target", () => {
    const protocol = readYaml('protocol.yaml') as Parameters<typeof checkProtocolMatch>[1];
    expect(() => checkProtocolMatch(config, protocol)).not.toThrow();
  });

  it('checkProtocolMatch names every disagreement', () => {
    const protocol = {
      arms: [{ id: 'A' }, { id: 'C' }],
      stratification: [{ id: 'planned-mki', levels: ['cabozantinib', 'sorafenib'] }],
      enrollment: { target: 100 },
    };
    expect(() => checkProtocolMatch(config, protocol)).toThrowError(/3 problems/);
    expect(() => checkProtocolMatch(config, protocol)).toThrowError(
      /arms: expected the protocol's arms \(A, C\); got \["A","B"\]/,
    );
    expect(() => checkProtocolMatch(config, protocol)).toThrowError(/factors: expected .*sorafenib/);
    expect(() => checkProtocolMatch(config, protocol)).toThrowError(/enrollmentTarget: .*\(100\); got 122/);
  });
});

describe('defaults', () => {
  it('an unstratified permuted-block list defaults to the enrollment target', () => {
    const { factors, ...rest } = BLOCKS;
    const config = parseRandomizationConfig(rest, 'x');
    expect(config.factors).toEqual([]);
    expect(config).toMatchObject({ listLengthPerStratum: 122 });
  });

  it('minimization: range, no initial random phase, every factor weighing 1', () => {
    expect(parseRandomizationConfig(MINIMIZATION, 'x')).toMatchObject({
      imbalance: 'range',
      initialRandom: 0,
      weights: { mki: 1 },
    });
  });

  it('parsing a parsed configuration gives it back unchanged', () => {
    for (const data of [BLOCKS, MINIMIZATION]) {
      const once = parseRandomizationConfig(data, 'x');
      expect(parseRandomizationConfig(once, 'x')).toEqual(once);
    }
  });
});

describe('errors name the field, the value and what was expected', () => {
  it.each([
    [
      'an unknown method',
      { ...BLOCKS, method: 'urn' },
      'method',
      /one of "permuted-blocks", "minimization"/,
      'urn',
    ],
    ['an unbalanceable block', { ...BLOCKS, blockSizes: [2, 3] }, 'blockSizes[1]', /multiple of 2.*1:1/, 3],
    ['no block sizes', { ...BLOCKS, blockSizes: [] }, 'blockSizes', /at least 1 item/, []],
    ['a repeated block size', { ...BLOCKS, blockSizes: [4, 4] }, 'blockSizes[1]', /not listed earlier/, 4],
    [
      'a repeated arm',
      { ...BLOCKS, arms: [ARMS[0], { id: 'A', ratio: 1 }] },
      'arms[1].id',
      /arm ID not listed earlier/,
      'A',
    ],
    [
      'a zero ratio',
      { ...BLOCKS, arms: [{ id: 'A', ratio: 0 }, ARMS[1]] },
      'arms[0].ratio',
      /a number > 0/,
      0,
    ],
    [
      'a text ratio',
      { ...BLOCKS, arms: [{ id: 'A', ratio: '1' }, ARMS[1]] },
      'arms[0].ratio',
      /a number/,
      '1',
    ],
    [
      'a level that would break the stratum key',
      { ...BLOCKS, factors: [{ ...MKI, levels: ['a=b'] }] },
      'factors[0].levels[0]',
      /an ID of letters, digits/,
      'a=b',
    ],
    ['a misspelt field', { ...BLOCKS, blocksizes: [2] }, 'blocksizes', /no field of this name/, [2]],
    [
      'a list shorter than the per-stratum share',
      { ...BLOCKS, listLengthPerStratum: 60 },
      'listLengthPerStratum',
      /at least 61, the enrollment target 122 shared by 2 strata/,
      60,
    ],
    [
      'too many strata',
      {
        ...BLOCKS,
        factors: ['a', 'b', 'c'].map((id) => ({ id, label: id, levels: [...'0123456789', 'x'] })),
      },
      'factors',
      new RegExp(`at most ${maxStrata} strata`),
      '1331 strata',
    ],
    [
      'a list too long to hold',
      { ...BLOCKS, listLengthPerStratum: 200_000 },
      'listLengthPerStratum',
      new RegExp(`at most ${maxListLengthPerStratum}$`),
      200_000,
    ],
    [
      'a default list too long to hold (the target)',
      { ...BLOCKS, enrollmentTarget: 150_000 },
      'enrollmentTarget',
      new RegExp(`at most ${maxListLengthPerStratum}$`),
      150_000,
    ],
    [
      'too many entries in all',
      {
        ...BLOCKS,
        factors: [{ id: 'site', label: 'Site', levels: [...Array(500).keys()].map((i) => `s${i}`) }],
        listLengthPerStratum: 5000,
      },
      'listLengthPerStratum',
      new RegExp(`at most ${maxListEntries} list entries in all; 500 strata × 5000 is 2500000`),
      5000,
    ],
    [
      'a block larger than the limit (issue 14: one such request ran the server out of memory)',
      { ...BLOCKS, blockSizes: [2, 100_000_000] },
      'blockSizes[1]',
      new RegExp(`a number ≤ ${maxBlockSize}`),
      100_000_000,
    ],
    [
      'more levels than the limit',
      {
        ...MINIMIZATION,
        factors: [
          {
            ...MKI,
            levels: [...Array(DEFAULT_RANDOMIZATION_LIMITS.maxLevelsPerFactor + 1).keys()].map(String),
          },
        ],
      },
      'factors[0].levels',
      new RegExp(`at most ${DEFAULT_RANDOMIZATION_LIMITS.maxLevelsPerFactor} item`),
      [...Array(DEFAULT_RANDOMIZATION_LIMITS.maxLevelsPerFactor + 1).keys()].map(String),
    ],
    [
      'more arms than the limit',
      {
        ...MINIMIZATION,
        arms: [...Array(DEFAULT_RANDOMIZATION_LIMITS.maxArms + 1).keys()].map((i) => ({
          id: `a${i}`,
          ratio: 1,
        })),
      },
      'arms',
      new RegExp(`at most ${DEFAULT_RANDOMIZATION_LIMITS.maxArms} item`),
      [...Array(DEFAULT_RANDOMIZATION_LIMITS.maxArms + 1).keys()].map((i) => ({ id: `a${i}`, ratio: 1 })),
    ],
    [
      'a label with a control character (a list stores it)',
      { ...BLOCKS, factors: [{ ...MKI, label: 'Planned\u0000MKI' }] },
      'factors[0].label',
      /without control characters/,
      'Planned\u0000MKI',
    ],
    [
      'a preferred-arm probability no better than chance',
      { ...MINIMIZATION, preferredArmProbability: 0.5 },
      'preferredArmProbability',
      /above 1\/2/,
      0.5,
    ],
    [
      'a probability above 1',
      { ...MINIMIZATION, preferredArmProbability: 1.2 },
      'preferredArmProbability',
      /≤ 1/,
      1.2,
    ],
    [
      'a weight of an unknown factor',
      { ...MINIMIZATION, weights: { ecog: 2 } },
      'weights.ecog',
      /one of mki/,
      'ecog',
    ],
    [
      'unequal ratios with minimization',
      { ...MINIMIZATION, arms: [ARMS[0], { id: 'B', ratio: 2 }] },
      'arms[1].ratio',
      /equal allocation only/,
      2,
    ],
    ['minimization without factors', { ...MINIMIZATION, factors: [] }, 'factors', /at least one factor/, []],
    [
      'an unknown imbalance measure',
      { ...MINIMIZATION, imbalance: 'sd' },
      'imbalance',
      /"range", "variance"/,
      'sd',
    ],
  ])('%s', (_, data, field, expected, value) => {
    const issues = issuesOf(data);
    const issue = issues.find((i) => i.path === field);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.expected).toMatch(expected);
    expect(issue?.value).toEqual(value);
  });

  it('the message carries the source, field, expectation and value, all problems at once', () => {
    const data = { ...BLOCKS, blockSizes: [2.5], enrollmentTarget: -1 };
    expect(() => parseRandomizationConfig(data, 'randomization.yaml')).toThrowError(
      /^randomization\.yaml: 2 problems:\n {2}enrollmentTarget: expected a number > 0; got -1\n {2}blockSizes\[0\]: expected an integer; got 2\.5$/,
    );
    expect(() => parseRandomizationConfig('method: x', 'r.yaml')).toThrowError(
      /^r\.yaml: \(root\): expected .*; got "method: x"$/,
    );
  });
});

describe('the limits a configuration is checked against', () => {
  it("are the caller's when given: tighter limits refuse what the defaults take", () => {
    const tight = { ...DEFAULT_RANDOMIZATION_LIMITS, maxBlockSize: 4, maxListLengthPerStratum: 100 };
    expect(parseRandomizationConfig({ ...BLOCKS, blockSizes: [2, 4] }, 'x')).toMatchObject({
      blockSizes: [2, 4],
    });
    expect(() => parseRandomizationConfig({ ...BLOCKS, blockSizes: [2, 8] }, 'x', tight)).toThrowError(
      /blockSizes\[1\]: expected a number ≤ 4; got 8/,
    );
    expect(() => parseRandomizationConfig(BLOCKS, 'x', tight)).toThrowError(
      /enrollmentTarget: expected a list length per stratum of at most 100; got 122/,
    );
  });

  it('refuse a huge list of block sizes by its length, before comparing its items', () => {
    const started = Date.now();
    const blockSizes = Array.from({ length: 1_000_000 }, () => 2);
    expect(() => parseRandomizationConfig({ ...BLOCKS, blockSizes }, 'x')).toThrowError(
      new RegExp(`blockSizes: expected at most ${maxBlockSize} item`),
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
