/**
 * The checking wrapper of coxPh: bad input is an InputError naming the column and the 1-based
 * row; the design follows R's model.matrix (term names, order, factor dummies, typed arrays).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { type CoxInput, type CoxOptions, coxPh } from './index.ts';

const base: CoxInput = {
  time: [5, 2, 5, 8, 3, 9, 4],
  event: [1, 1, 1, 0, 0, 1, 1],
  group: ['b', 'a', 'a', 'b', 'a', 'b', 'b'],
  covariates: { age: [60, 70, 55, 65, 80, 50, 72] },
};

function thrown(input: CoxInput, options: CoxOptions = {}): InputError {
  try {
    coxPh(input, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('no error thrown');
}

describe('coxPh input errors', () => {
  it.each([
    { why: 'negative time', input: { ...base, time: [5, 2, -1, 8, 3, 9, 4] }, field: 'time', row: 3 },
    { why: 'NaN time', input: { ...base, time: [5, 2, 5, 8, Number.NaN, 9, 4] }, field: 'time', row: 5 },
    { why: 'event not 0/1', input: { ...base, event: [1, 1, 2, 0, 0, 1, 1] }, field: 'event', row: 3 },
    { why: 'event column too short', input: { ...base, event: [1, 1] }, field: 'event', row: undefined },
    {
      why: 'group label outside groupLevels',
      input: { ...base, groupLevels: ['a', 'b'], group: ['b', 'a', 'c', 'b', 'a', 'b', 'b'] },
      field: 'group',
      row: 3,
    },
    {
      why: 'a group with one level (R: contrasts need 2 or more levels)',
      input: { ...base, group: Array.from(base.time, () => 'a') },
      field: 'groupLevels',
      row: undefined,
    },
    {
      why: 'duplicate group levels',
      input: { ...base, groupLevels: ['a', 'a'] },
      field: 'groupLevels',
      row: undefined,
    },
    {
      why: 'covariate of the wrong length',
      input: { ...base, covariates: { age: [1, 2, 3] } },
      field: 'covariates.age',
      row: undefined,
    },
    {
      why: 'infinite covariate (R stops: "data contains an infinite predictor")',
      input: { ...base, covariates: { age: [60, 70, 55, Number.POSITIVE_INFINITY, 80, 50, 72] } },
      field: 'covariates.age',
      row: 4,
    },
    {
      why: 'covariate that is not a number',
      input: { ...base, covariates: { age: [60, 70, '55', 65, 80, 50, 72] as unknown as number[] } },
      field: 'covariates.age',
      row: 3,
    },
    {
      why: 'every row missing a covariate',
      input: { ...base, covariates: { age: Array.from(base.time, () => null) } },
      field: 'covariates',
      row: undefined,
    },
    { why: 'unknown term', input: { ...base, terms: ['group', 'weight'] }, field: 'terms', row: undefined },
    {
      why: 'factor label outside its levels',
      input: {
        ...base,
        factorCovariates: { ecog: { values: ['0', '1', '2', '1', '0', '9', '1'], levels: ['0', '1', '2'] } },
      },
      field: 'factorCovariates.ecog',
      row: 6,
    },
    {
      why: 'missing stratum',
      input: { ...base, strata: ['x', 'y', null, 'y', 'x', 'y', 'x'] as string[] },
      field: 'strata',
      row: 3,
    },
    {
      why: 'group label that is not a string',
      input: { ...base, group: ['b', 'a', 'a', 'b', 'a', 2, 'b'] as string[] },
      field: 'group',
      row: 6,
    },
    {
      why: 'a name used twice',
      input: { ...base, factorCovariates: { age: { values: ['0', '1', '2', '1', '0', '1', '1'] } } },
      field: 'factorCovariates.age',
      row: undefined,
    },
  ])('$why → $field, row $row', ({ input, field, row }) => {
    const error = thrown(input as CoxInput);
    expect(error.issues[0]?.path).toBe(field);
    expect(error.issues[0]?.row).toBe(row);
  });

  it.each([
    { options: { ties: 'exact' as never }, field: 'ties' },
    { options: { confLevel: 1 }, field: 'confLevel' },
    { options: { eps: 0 }, field: 'eps' },
    { options: { iterMax: 2.5 }, field: 'iterMax' },
    { options: { tolerChol: -1 }, field: 'tolerChol' },
  ])('bad option → $field', ({ options, field }) => {
    expect(thrown(base, options).issues[0]?.path).toBe(field);
  });
});

describe('coxPh design', () => {
  it('names dummies <group><level> after the reference level, in formula order', () => {
    const fit = coxPh({ ...base, terms: ['age', 'group'] });
    expect(fit.terms).toEqual(['age', 'groupb']);
    expect(fit.model.assign).toEqual([
      { name: 'age', columns: [0] },
      { name: 'group', columns: [1] },
    ]);
    expect(coxPh({ ...base, groupLevels: ['b', 'a'], groupName: 'arm' }).terms).toEqual(['arma', 'age']);
  });

  it('a factor covariate gives one dummy per level after the first; a missing label drops the row', () => {
    const ecog = { values: ['0', '1', '2', '1', null, '2', '0'], levels: ['0', '1', '2'] };
    const fit = coxPh({ ...base, factorCovariates: { ecog } });
    expect(fit.terms).toEqual(['groupb', 'age', 'ecog1', 'ecog2']);
    expect(fit.model.assign.at(-1)).toEqual({ name: 'ecog', columns: [2, 3] });
    expect(fit.omitted_rows).toEqual([5]);
  });

  it('accepts typed arrays and NaN as missing', () => {
    const typed = coxPh({
      time: Float64Array.from(base.time as number[]),
      event: Uint8Array.from(base.event as number[]),
      group: base.group,
      covariates: { age: Float64Array.from([60, 70, 55, 65, Number.NaN, 50, 72]) },
    });
    const plain = coxPh({ ...base, covariates: { age: [60, 70, 55, 65, null, 50, 72] } });
    expect(typed.omitted_rows).toEqual([5]);
    expect(typed.coef).toEqual(plain.coef);
  });

  it('without covariates: only the log-likelihood of the (stratified) null model', () => {
    const fit = coxPh({ time: base.time, event: base.event, strata: ['x', 'y', 'x', 'y', 'x', 'y', 'x'] });
    expect(fit.terms).toEqual([]);
    expect(fit.loglik_fit).toBe(fit.loglik_null);
    expect(fit.iter).toBe(0);
    expect(fit.lr_test.df).toBe(0);
  });

  it('the linear predictor is R’s: Xβ − Σβ·means, with 0/1 columns uncentred', () => {
    const fit = coxPh(base);
    const [b0, b1] = fit.coef as number[];
    const ageMean = fit.means[1] as number;
    const age = base.covariates?.age as number[];
    (base.group as string[]).forEach((g, i) => {
      const expected = (g === 'b' ? (b0 as number) : 0) + (b1 as number) * ((age[i] as number) - ageMean);
      expect(fit.linear_predictors[i]).toBeCloseTo(expected, 12);
    });
    expect(fit.means[0]).toBe(0);
  });
});
