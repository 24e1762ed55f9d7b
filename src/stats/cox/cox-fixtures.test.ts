/**
 * coxPh against R's coxph (survival 3.5-3) on every shared fixture case
 * (../shared/fixtures/r-survival, FORMAT.md `coxph`): every model (`group`, `multivariable`,
 * `group_stratified`) × ties (efron, breslow), every field, with FORMAT.md's tolerances
 * (COX_ESTIMATE 1e-6 relative, COX_LOGLIK 1e-9 absolute); `iter` must equal R's. The design is
 * built from each model's `formula` (every fixture covariate is numeric, per the case notes).
 * A coefficient R flags as infinite (monotone likelihood) is checked for divergence, not value.
 */
import { describe, expect, it } from 'vitest';
import { compareCoxFit, fixtureInput, type RCoxFit } from '../../../test/support/cox-compare.ts';
import { loadFixture, SURVIVAL_CASES, type SurvivalCase } from '../../../test/support/r-fixtures.ts';
import { coxPh } from './index.ts';

interface CoxModelFixture {
  formula: string;
  efron: RCoxFit;
  breslow: RCoxFit;
}

const runs = SURVIVAL_CASES.flatMap((id) => {
  const fixture = loadFixture<SurvivalCase & { coxph: { models: Record<string, CoxModelFixture> } }>(id);
  return Object.entries(fixture.coxph.models).flatMap(([model, spec]) =>
    (['efron', 'breslow'] as const).map((ties) => ({ name: `${id} ${model} ${ties}`, fixture, spec, ties })),
  );
});

describe('coxPh against the shared R fixtures', () => {
  it('covers every case with its group model, and the multivariable and stratified models', () => {
    for (const id of SURVIVAL_CASES) expect(runs.map((r) => r.name)).toContain(`${id} group efron`);
    expect(new Set(runs.map((r) => r.name.split(' ')[1]))).toEqual(
      new Set(['group', 'multivariable', 'group_stratified']),
    );
  });

  it.each(runs)('$name: every field matches R', ({ name, fixture, spec, ties }) => {
    const errors: string[] = [];
    compareCoxFit(errors, name, coxPh(fixtureInput(fixture, spec.formula), { ties }), spec[ties]);
    expect(errors).toEqual([]);
  });

  it('returns exactly the fixture fields, plus the documented extras', () => {
    const { fixture, spec, ties } = runs[0] as (typeof runs)[number];
    const fit = coxPh(fixtureInput(fixture, spec.formula), { ties });
    const extras = ['converged', 'linear_predictors', 'model'];
    expect(Object.keys(fit).sort()).toEqual([...Object.keys(spec[ties]), ...extras].sort());
  });
});
