import { describe, expect, it } from 'vitest';
import { InputError } from '../contracts/index.ts';
import { listStrata, parseRandomizationConfig, stratumKey } from './index.ts';

const ARMS = [
  { id: 'A', ratio: 1 },
  { id: 'B', ratio: 1 },
];
const config = parseRandomizationConfig(
  {
    enrollmentTarget: 122,
    arms: ARMS,
    factors: [
      { id: 'planned-mki', label: 'Planned MKI', levels: ['cabozantinib', 'lenvatinib'] },
      { id: 'ecog', label: 'ECOG performance status', levels: ['0', '1'] },
    ],
    method: 'permuted-blocks',
    blockSizes: [2, 4],
  },
  'two-factor config',
);
const unstratified = parseRandomizationConfig(
  { enrollmentTarget: 10, arms: ARMS, method: 'permuted-blocks', blockSizes: [2] },
  'unstratified config',
);

function issues(f: () => unknown) {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
  throw new Error('no error');
}

describe('stratumKey', () => {
  it('is factor=level in configuration order, whatever the order of the given values', () => {
    expect(stratumKey(config, { ecog: '1', 'planned-mki': 'lenvatinib' })).toBe(
      'planned-mki=lenvatinib|ecog=1',
    );
  });

  it('is "all" without factors', () => {
    expect(stratumKey(unstratified, {})).toBe('all');
  });

  it('names an unknown factor, a missing factor and an unknown level, all at once', () => {
    const found = issues(() => stratumKey(config, { 'planned-mki': 'sorafenib', site: 'mayo' }));
    expect(found).toEqual([
      { path: 'factors.site', expected: 'a configured factor (planned-mki, ecog)', value: 'mayo' },
      {
        path: 'factors.planned-mki',
        expected: 'a level of "Planned MKI": one of cabozantinib, lenvatinib',
        value: 'sorafenib',
      },
      {
        path: 'factors.ecog',
        expected: 'a level of "ECOG performance status": one of 0, 1',
        value: undefined,
      },
    ]);
    expect(() => stratumKey(config, { 'planned-mki': 'sorafenib', ecog: '0' })).toThrowError(
      /factors\.planned-mki: expected a level of "Planned MKI": one of cabozantinib, lenvatinib; got "sorafenib"/,
    );
  });

  it('rejects a level that is not text, and factor values that are not a mapping', () => {
    expect(issues(() => stratumKey(config, { 'planned-mki': 1 as never, ecog: '0' }))[0]).toMatchObject({
      path: 'factors.planned-mki',
      value: 1,
    });
    expect(() => stratumKey(config, null as never)).toThrowError(
      /factors: expected a mapping of factor ID to level/,
    );
    expect(() => stratumKey(unstratified, { ecog: '0' })).toThrowError(/factors\.ecog: expected no factors/);
  });
});

describe('listStrata', () => {
  it('is the cartesian product of the levels, last factor fastest, with each stratum’s values', () => {
    expect(listStrata(config)).toEqual([
      { stratum: 'planned-mki=cabozantinib|ecog=0', factors: { 'planned-mki': 'cabozantinib', ecog: '0' } },
      { stratum: 'planned-mki=cabozantinib|ecog=1', factors: { 'planned-mki': 'cabozantinib', ecog: '1' } },
      { stratum: 'planned-mki=lenvatinib|ecog=0', factors: { 'planned-mki': 'lenvatinib', ecog: '0' } },
      { stratum: 'planned-mki=lenvatinib|ecog=1', factors: { 'planned-mki': 'lenvatinib', ecog: '1' } },
    ]);
    expect(listStrata(unstratified)).toEqual([{ stratum: 'all', factors: {} }]);
  });

  it('gives each stratum the key stratumKey gives its values', () => {
    for (const s of listStrata(config)) expect(stratumKey(config, s.factors)).toBe(s.stratum);
  });
});
