/**
 * coxZph against R's cox.zph (survival 3.5-3): the shared fixtures (../shared/fixtures/r-survival,
 * FORMAT.md `cox_zph`) and the extra cases of scripts/r-extra/zph-concordance.R (strata, a
 * 3-column factor term, heavy ties in time, Breslow ties).
 *
 * Tolerance: the tests use R's own β̂, and given β̂ the statistic is closed-form (no iteration), so
 * CLOSED_FORM (1e-10 relative) applies; the largest gap seen is 3e-14. An end-to-end check that
 * feeds β̂ from our own Cox fit should use COX_ESTIMATE instead: the last test shows the table
 * moves by about as much as β̂ does within R's stopping rule.
 */
import { describe, expect, it } from 'vitest';
import { fixtureDesign } from '../../../test/support/fixture-design.ts';
import {
  CLOSED_FORM,
  COX_ESTIMATE,
  compareNumbers,
  loadExtraFixtures,
  loadFixture,
  SURVIVAL_CASES,
  type Tolerance,
} from '../../../test/support/r-fixtures.ts';
import { InputError, type InputIssue } from '../../contracts/index.ts';
import { type CoxZphResult, coxZph, type ZphTerm, type ZphTransform } from './index.ts';

const TRANSFORMS: ZphTransform[] = ['km', 'identity', 'rank'];

interface ZphTable {
  transform: string;
  rows: string[];
  chisq: number[];
  df: number[];
  p: number[];
}

function compareTable(
  errors: string[],
  where: string,
  actual: CoxZphResult,
  expected: ZphTable,
  tol: Tolerance,
) {
  if (JSON.stringify(actual.rows) !== JSON.stringify(expected.rows)) {
    errors.push(
      `${where}.rows: expected ${JSON.stringify(expected.rows)}, actual ${JSON.stringify(actual.rows)}`,
    );
    return;
  }
  compareNumbers(errors, `${where}.chisq`, actual.chisq, expected.chisq, tol);
  compareNumbers(errors, `${where}.df`, actual.df, expected.df, { abs: 0 });
  compareNumbers(errors, `${where}.p`, actual.p, expected.p, tol);
}

describe('coxZph against the shared R fixtures', () => {
  it('matches cox.zph for every transform and every row, using the fixture β̂', () => {
    const errors: string[] = [];
    const compared: string[] = [];
    for (const id of SURVIVAL_CASES) {
      const fixture = loadFixture(id);
      if (!fixture.cox_zph) continue;
      const zph = fixture.cox_zph;
      const model = fixture.coxph.models.multivariable;
      const fit = model[zph.ties];
      if (model.formula !== zph.model_formula) errors.push(`${id}: cox_zph formula differs from the fit's`);
      const design = fixtureDesign(fixture, zph.model_formula);
      compareNumbers(errors, `${id} omitted_rows`, design.omittedRows, fit.omitted_rows, { abs: 0 });
      if (design.columnNames.join() !== fit.terms.join()) {
        errors.push(`${id}: design columns ${design.columnNames} differ from R's ${fit.terms}`);
      }
      for (const transform of TRANSFORMS) {
        const result = coxZph(design, fit.coef, { transform, ties: zph.ties });
        compareTable(errors, `${id} cox_zph.${transform}`, result, zph[transform], CLOSED_FORM);
        compared.push(`${id}/${transform}`);
      }
    }
    expect(errors).toEqual([]);
    // No case skipped silently: lung, veteran and ovarian carry a cox_zph block (FORMAT.md).
    expect(compared).toHaveLength(9);
  });
});

interface ExtraZphCase {
  case_id: string;
  time: number[];
  event: number[];
  strata: number[] | null;
  x: number[][];
  terms: ZphTerm[];
  fits: { ties: 'efron' | 'breslow'; coef: number[]; zph: Record<ZphTransform, ZphTable> }[];
}

const extraCases = loadExtraFixtures<ExtraZphCase>('zph-');

describe('coxZph against extra R cases (scripts/r-extra/zph-concordance.R)', () => {
  it('finds the strata, factor-term and tied-time cases', () => {
    expect(extraCases.map((c) => c.case_id).sort()).toEqual([
      'zph-lung-months',
      'zph-veteran-factor',
      'zph-veteran-strata',
    ]);
  });

  it.each(extraCases.map((c) => [c.case_id, c] as const))(
    '%s: every transform, efron and breslow',
    (_, c) => {
      const errors: string[] = [];
      const input = { time: c.time, event: c.event, strata: c.strata ?? undefined, x: c.x, terms: c.terms };
      for (const fit of c.fits) {
        for (const transform of TRANSFORMS) {
          const result = coxZph(input, fit.coef, { transform, ties: fit.ties });
          compareTable(
            errors,
            `${c.case_id} ${fit.ties} ${transform}`,
            result,
            fit.zph[transform],
            CLOSED_FORM,
          );
        }
      }
      expect(errors).toEqual([]);
    },
  );
});

describe('coxZph options and input checks', () => {
  const lung = loadFixture('lung_sex');
  const design = fixtureDesign(lung, lung.cox_zph.model_formula);
  const beta: number[] = lung.coxph.models.multivariable.efron.coef;

  it('global: false leaves out the GLOBAL row and changes nothing else', () => {
    const all = coxZph(design, beta, { transform: 'km', ties: 'efron' });
    const terms = coxZph(design, beta, { transform: 'km', ties: 'efron', global: false });
    expect(terms.rows).toEqual(['group', 'age', 'ph_ecog']);
    expect(terms.chisq).toEqual(all.chisq.slice(0, 3));
    expect(terms.p).toEqual(all.p.slice(0, 3));
  });

  it('does not depend on the row order', () => {
    const n = design.time.length;
    const perm = Array.from({ length: n }, (_, i) => (i * 97) % n); // 97 is prime to n = 227
    const shuffled = {
      time: perm.map((i) => design.time[i] as number),
      event: perm.map((i) => design.event[i] as number),
      x: design.x.map((col) => perm.map((i) => col[i] as number)),
      terms: design.terms,
    };
    const a = coxZph(design, beta, { transform: 'rank', ties: 'efron' });
    const b = coxZph(shuffled, beta, { transform: 'rank', ties: 'efron' });
    const errors: string[] = [];
    compareNumbers(errors, 'shuffled chisq', b.chisq, a.chisq, { rel: 1e-12 });
    expect(errors).toEqual([]);
  });

  it('with β̂ moved as far as R’s stopping rule allows (3e-8), stays within COX_ESTIMATE', () => {
    const moved = beta.map((b, j) => b * (1 + (j % 2 ? 3e-8 : -3e-8)));
    const errors: string[] = [];
    for (const transform of TRANSFORMS) {
      const result = coxZph(design, moved, { transform, ties: 'efron' });
      compareTable(errors, `lung moved β ${transform}`, result, lung.cox_zph[transform], COX_ESTIMATE);
    }
    expect(errors).toEqual([]);
  });

  /** The first issue of the InputError `f` throws. */
  const errorOf = (f: () => unknown): InputIssue => {
    try {
      f();
    } catch (e) {
      if (e instanceof InputError) return e.issues[0] as InputIssue;
      throw e;
    }
    throw new Error('expected an InputError');
  };
  const small = {
    time: [3, 5, 5, 8, 10],
    event: [1, 1, 0, 1, 0],
    x: [[1, 0, 1, 0, 1]],
    terms: [{ name: 'arm', columns: [0] }],
  };
  const opts = { transform: 'km', ties: 'efron' } as const;

  it('names the row of a missing covariate', () => {
    const e = errorOf(() => coxZph({ ...small, x: [[1, 0, Number.NaN, 0, 1]] }, [0.1], opts));
    expect([e.path, e.row]).toEqual(['x[0]', 3]);
  });

  it('rejects terms that do not cover every column exactly once', () => {
    const twoColumns = { ...small, x: [small.x[0] as number[], [1, 2, 3, 4, 5]] };
    expect(errorOf(() => coxZph(twoColumns, [0.1, 0.2], opts)).path).toBe('terms');
    const twice = {
      ...twoColumns,
      terms: [
        { name: 'a', columns: [0, 1] },
        { name: 'b', columns: [1] },
      ],
    };
    expect(errorOf(() => coxZph(twice, [0.1, 0.2], opts)).path).toBe('terms[1].columns');
  });

  it('rejects a β of the wrong length, a bad stratum, no events, and unknown options', () => {
    expect(errorOf(() => coxZph(small, [0.1, 0.2], opts)).path).toBe('beta');
    expect(errorOf(() => coxZph({ ...small, strata: [0, 0, -1, 1, 1] }, [0.1], opts)).row).toBe(3);
    expect(errorOf(() => coxZph({ ...small, event: [0, 0, 0, 0, 0] }, [0.1], opts)).path).toBe('event');
    // @ts-expect-error: a JavaScript caller can pass anything
    expect(errorOf(() => coxZph(small, [0.1], { transform: 'log', ties: 'efron' })).path).toBe('transform');
  });

  it('reports a constant (hence collinear) column instead of returning nonsense', () => {
    const constant = { ...small, x: [[2, 2, 2, 2, 2]] };
    expect(errorOf(() => coxZph(constant, [0], opts)).path).toBe('x');
  });
});
