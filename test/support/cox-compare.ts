/**
 * Test support (not part of the engine): compares a `coxPh` fit with an R `coxph` fit in the
 * fixtures' layout (../shared/fixtures/r-survival/FORMAT.md, `coxph`), field by field, with the
 * named tolerances of test/support/r-fixtures.ts; every mismatch becomes one message naming the
 * case, the field, the index, both values, the difference and the tolerance (STYLE.md item 9).
 */

import type { CoxFactor, CoxFit, CoxInput } from '../../src/stats/cox/types.ts';
import { COX_ESTIMATE, COX_LOGLIK, compareNumbers, type SurvivalCase, type Tolerance } from './r-fixtures.ts';

/** One R fit as the fixtures store it. */
export interface RCoxFit {
  ties: string;
  terms: string[];
  coef: (number | null)[];
  se: number[];
  hr: (number | null)[];
  hr_lower: (number | null)[];
  hr_upper: (number | null)[];
  z: (number | null)[];
  p: (number | null)[];
  var: number[][];
  loglik_null: number;
  loglik_fit: number;
  lr_test: { statistic: number; df: number; p: number };
  wald_test: { statistic: number; df: number; p: number; statistic_summary_rounded: number };
  score_test: { statistic: number; df: number; p: number };
  iter: number;
  n: number;
  nevent: number;
  concordance: { c: number | null; se: number | null };
  means: number[];
  omitted_rows: number[];
  warnings: string[];
}

/** The likelihood-ratio statistic is 2Δℓ: twice the log-likelihood tolerance, or relative 1e-6. */
const LR_STATISTIC: Tolerance = { rel: COX_ESTIMATE.rel, abs: 2 * (COX_LOGLIK.abs as number) };

/** Warnings coxPh adds where R is silent (aliased columns, no events). */
const OWN_WARNINGS = [/^X matrix deemed to be singular; variable/, /^No events in the data/];

/** 0-based columns R flagged with "Loglik converged before variable  i,j ; coefficient may be infinite." */
export function infiniteColumns(warnings: readonly string[]): number[] {
  const flagged: number[] = [];
  for (const w of warnings) {
    const match = /^Loglik converged before variable\s+([\d,]+)\s*;/.exec(w);
    if (match?.[1]) for (const i of match[1].split(',')) flagged.push(Number(i) - 1);
  }
  return flagged;
}

export interface CompareOptions {
  /** Fields not compared (with the reason in the caller). */
  skip?: readonly string[];
}

/**
 * Every fixture field of `actual` against R's `expected`. A coefficient R flagged as infinite
 * (monotone likelihood) is checked for divergence instead (same sign, |β| > 10, our warning), and
 * the Wald test, which depends on it, is left out (FORMAT.md: only the stopping rule defines them).
 */
export function compareCoxFit(
  errors: string[],
  where: string,
  actual: CoxFit,
  expected: RCoxFit,
  options: CompareOptions = {},
): void {
  const skip = new Set(options.skip ?? []);
  const equal = (field: string, a: unknown, e: unknown) => {
    if (!skip.has(field) && JSON.stringify(a) !== JSON.stringify(e)) {
      errors.push(`${where}.${field}: expected ${JSON.stringify(e)}, actual ${JSON.stringify(a)}`);
    }
  };
  const numbers = (field: string, a: unknown, e: unknown, tol: Tolerance) => {
    if (!skip.has(field)) compareNumbers(errors, `${where}.${field}`, a, e, tol);
  };
  const infinite = new Set(infiniteColumns(expected.warnings));
  const finite = <T>(values: readonly T[]) => values.filter((_, j) => !infinite.has(j));

  equal('ties', actual.ties, expected.ties);
  equal('terms', actual.terms, expected.terms);
  for (const field of ['coef', 'se', 'hr', 'hr_lower', 'hr_upper', 'z', 'p'] as const) {
    numbers(field, finite(actual[field]), finite(expected[field]), COX_ESTIMATE);
  }
  numbers('var', finite(actual.var.map(finite)), finite(expected.var.map(finite)), COX_ESTIMATE);
  for (const j of infinite) {
    const a = actual.coef[j];
    const e = expected.coef[j] as number;
    if (a === null || a === undefined || Math.sign(a) !== Math.sign(e) || Math.abs(a) <= 10) {
      errors.push(
        `${where}.coef[${j}]: R's coefficient diverged to ${e}; expected a large one of the same sign, actual ${a}`,
      );
    }
  }
  numbers('loglik_null', actual.loglik_null, expected.loglik_null, COX_LOGLIK);
  numbers('loglik_fit', actual.loglik_fit, expected.loglik_fit, COX_LOGLIK);
  numbers('lr_test.statistic', actual.lr_test.statistic, expected.lr_test.statistic, LR_STATISTIC);
  numbers('lr_test.p', actual.lr_test.p, expected.lr_test.p, COX_ESTIMATE);
  equal('lr_test.df', actual.lr_test.df, expected.lr_test.df);
  if (infinite.size === 0) {
    numbers('wald_test.statistic', actual.wald_test.statistic, expected.wald_test.statistic, COX_ESTIMATE);
    numbers('wald_test.p', actual.wald_test.p, expected.wald_test.p, COX_ESTIMATE);
    equal(
      'wald_test.statistic_summary_rounded',
      actual.wald_test.statistic_summary_rounded,
      expected.wald_test.statistic_summary_rounded,
    );
  }
  equal('wald_test.df', actual.wald_test.df, expected.wald_test.df);
  numbers('score_test.statistic', actual.score_test.statistic, expected.score_test.statistic, COX_ESTIMATE);
  numbers('score_test.p', actual.score_test.p, expected.score_test.p, COX_ESTIMATE);
  equal('score_test.df', actual.score_test.df, expected.score_test.df);
  equal('iter', actual.iter, expected.iter);
  equal('n', actual.n, expected.n);
  equal('nevent', actual.nevent, expected.nevent);
  numbers('concordance.c', actual.concordance?.c, expected.concordance.c, COX_ESTIMATE);
  numbers('concordance.se', actual.concordance?.se, expected.concordance.se, COX_ESTIMATE);
  numbers('means', actual.means, expected.means, COX_ESTIMATE);
  equal('omitted_rows', actual.omitted_rows, expected.omitted_rows);
  const rWarnings = actual.warnings.filter((w) => !OWN_WARNINGS.some((own) => own.test(w)));
  equal('warnings', rWarnings, expected.warnings);
}

/**
 * coxPh's input for a fixture model formula `Surv(time, event) ~ a + b + …`: `group` is the group
 * factor (levels in `group_levels` order), `strata(strata)` the strata, `factor(x)` a factor
 * covariate made from covariate x, any other name a numeric covariate.
 */
export function fixtureInput(fixture: SurvivalCase, formula: string): CoxInput {
  const rhs = formula.split('~')[1];
  if (rhs === undefined) throw new Error(`no right-hand side in ${formula}`);
  const { data } = fixture;
  const input: CoxInput = { time: data.time, event: data.event, terms: [] };
  const covariates: Record<string, (number | null)[]> = {};
  const factors: Record<string, CoxFactor> = {};
  const terms: string[] = [];
  for (const raw of rhs.split('+')) {
    const term = raw.trim();
    const factor = /^factor\((\w+)\)$/.exec(term)?.[1];
    if (term === 'strata(strata)') {
      if (!data.strata) throw new Error(`${fixture.case_id} has no strata`);
      input.strata = data.strata;
      continue;
    }
    terms.push(term);
    if (term === 'group') {
      input.group = data.group;
      input.groupLevels = fixture.group_levels;
    } else if (factor) {
      const values = data.covariates[factor];
      if (!values) throw new Error(`${fixture.case_id} has no covariate ${factor}`);
      factors[term] = { values: values.map((v) => (v === null ? null : String(v))) };
    } else {
      const values = data.covariates[term];
      if (!values) throw new Error(`${fixture.case_id} has no covariate ${term}`);
      covariates[term] = values;
    }
  }
  return { ...input, covariates, factorCovariates: factors, terms };
}
