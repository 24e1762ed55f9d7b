/**
 * concordance against R: `summary(coxph(...))$concordance` of every fit in the shared fixtures
 * (../shared/fixtures/r-survival, FORMAT.md `concordance`), and the extra cases of
 * scripts/r-extra/zph-concordance.R (strata, more than 10 strata, heavy ties in time and score),
 * which also carry R's pair counts.
 *
 * Tolerance: CLOSED_FORM. C is a ratio of integer pair counts and se a sum of squares of rationals,
 * so the only error is rounding; the largest gap seen is 4e-16. The shared fixtures give β̂, not
 * the linear predictor: our η = xβ̂ orders the rows as R's does (C is piecewise constant in β̂ and
 * only moves when two scores cross, which β̂'s last digits cannot cause here). The extra cases use
 * R's own linear predictor, so ties in the score are R's exactly.
 */
import { describe, expect, it } from 'vitest';
import { fixtureDesign } from '../../../test/support/fixture-design.ts';
import {
  CLOSED_FORM,
  compareNumbers,
  loadExtraFixtures,
  loadFixture,
  SURVIVAL_CASES,
} from '../../../test/support/r-fixtures.ts';
import { concordance } from './index.ts';

interface FixtureFit {
  coef: number[];
  omitted_rows: number[];
  concordance: { c: number; se: number };
}
type FixtureModel = { formula: string } & Record<'efron' | 'breslow', FixtureFit>;

describe('concordance against the shared R fixtures', () => {
  it('matches summary(coxph)$concordance (C and se) for every case, model and ties method', () => {
    const errors: string[] = [];
    let fits = 0;
    for (const id of SURVIVAL_CASES) {
      const fixture = loadFixture(id);
      for (const [name, model] of Object.entries(fixture.coxph.models as Record<string, FixtureModel>)) {
        const design = fixtureDesign(fixture, model.formula);
        for (const ties of ['efron', 'breslow'] as const) {
          const fit = model[ties];
          const where = `${id} ${name} ${ties} concordance`;
          compareNumbers(errors, `${where} omitted_rows`, design.omittedRows, fit.omitted_rows, { abs: 0 });
          const lp = new Float64Array(design.time.length);
          design.x.forEach((column, j) => {
            column.forEach((v, i) => {
              lp[i] = (lp[i] as number) + (fit.coef[j] as number) * v;
            });
          });
          const result = concordance({ time: design.time, event: design.event, strata: design.strata }, lp);
          compareNumbers(errors, `${where}.c`, result.c, fit.concordance.c, CLOSED_FORM);
          compareNumbers(errors, `${where}.se`, result.se, fit.concordance.se, CLOSED_FORM);
          fits++;
        }
      }
    }
    expect(errors).toEqual([]);
    // lung and ovarian: group + multivariable (+ stratified for ovarian); veteran all three; aml group only.
    expect(fits).toBe(2 * (2 + 3 + 1 + 3));
  });
});

interface ExtraConcordanceFit {
  formula: string;
  ties: string;
  time: number[];
  event: number[];
  strata: number[] | null;
  lp: number[];
  c: number;
  se: number;
  counts: { concordant: number; discordant: number; tied_x: number; tied_y: number; tied_xy: number };
}

const extraCases = loadExtraFixtures<{ case_id: string; fits: ExtraConcordanceFit[] }>('concordance-');

describe('concordance against extra R cases (scripts/r-extra/zph-concordance.R)', () => {
  it('finds the strata and tied-time cases', () => {
    expect(extraCases.map((c) => c.case_id).sort()).toEqual([
      'concordance-lung-inst',
      'concordance-lung-months',
      'concordance-veteran-strata',
    ]);
  });

  it.each(extraCases.map((c) => [c.case_id, c] as const))('%s: C, se and the pair counts', (_, c) => {
    const errors: string[] = [];
    for (const fit of c.fits) {
      const where = `${c.case_id} ${fit.formula} ${fit.ties}`;
      const result = concordance(
        { time: fit.time, event: fit.event, strata: fit.strata ?? undefined },
        fit.lp,
      );
      compareNumbers(errors, `${where} c`, result.c, fit.c, CLOSED_FORM);
      compareNumbers(errors, `${where} se`, result.se, fit.se, CLOSED_FORM);
      const k = result.counts;
      compareNumbers(
        errors,
        `${where} counts [concordant, discordant, tied.x, tied.y, tied.xy]`,
        [k.concordant, k.discordant, k.tiedRisk, k.tiedTime, k.tiedBoth],
        [
          fit.counts.concordant,
          fit.counts.discordant,
          fit.counts.tied_x,
          fit.counts.tied_y,
          fit.counts.tied_xy,
        ],
        { abs: 0 },
      );
    }
    expect(errors).toEqual([]);
  });
});
