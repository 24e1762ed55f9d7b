/**
 * `coxPh`: the Cox proportional hazards model (Cox DR. Regression models and life-tables. JRSS B
 * 1972;34:187-220) fitted as R's `coxph` does (survival 3.5-3; Therneau TM, Grambsch PM. Modeling
 * Survival Data: Extending the Cox Model. Springer 2000), with Efron's (JASA 1977;72:557-65) or
 * Breslow's (Biometrics 1974;30:89-99) handling of tied event times.
 *
 * The checking wrapper (STYLE.md item 2): validate and build the design (design.ts), sort once into
 * risk sets (risk-sets.ts), run the unchecked Newton–Raphson core (newton.ts), then summarise as
 * `summary.coxph` (summary.ts).
 */
import { inputError } from '../input.ts';
import { buildCoxDesign, type CoxDesign } from './design.ts';
import { fitCoxCore } from './newton.ts';
import { type CoxPrepared, prepareRiskSets } from './risk-sets.ts';
import { type CoxSettings, linearPredictor, modelData, summarizeCox } from './summary.ts';
import type { CoxFit, CoxInput, CoxOptions } from './types.ts';

/** R's `coxph.control()` defaults. */
export const COX_DEFAULTS = {
  ties: 'efron',
  confLevel: 0.95,
  eps: 1e-9,
  iterMax: 20,
  tolerChol: Number.EPSILON ** 0.75,
  timefix: true,
} as const;

function positive(field: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw inputError(field, 'a finite number > 0', undefined, value);
  }
  return value;
}

export function coxSettings(options: CoxOptions): CoxSettings {
  const ties = options.ties ?? COX_DEFAULTS.ties;
  if (ties !== 'efron' && ties !== 'breslow') {
    throw inputError('ties', "'efron' or 'breslow'", undefined, ties);
  }
  const confLevel = options.confLevel ?? COX_DEFAULTS.confLevel;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    throw inputError('confLevel', 'a number between 0 and 1', undefined, confLevel);
  }
  const eps = positive('eps', options.eps ?? COX_DEFAULTS.eps);
  const iterMax = options.iterMax ?? COX_DEFAULTS.iterMax;
  if (!Number.isInteger(iterMax) || iterMax < 0) {
    throw inputError('iterMax', 'an integer ≥ 0', undefined, iterMax);
  }
  return {
    ties,
    confLevel,
    eps,
    iterMax,
    tolerChol: positive('tolerChol', options.tolerChol ?? COX_DEFAULTS.tolerChol),
    tolerInf: positive('tolerInf', options.tolerInf ?? Math.sqrt(eps)),
    timefix: options.timefix ?? COX_DEFAULTS.timefix,
  };
}

/**
 * No events: R's coxph returns at once with every coefficient NA, a zero variance matrix, both
 * log-likelihoods 0, tests of 0 on 0 df and `means = colMeans(X)`. We do the same and say why.
 */
function fitWithoutEvents(design: CoxDesign, prepared: CoxPrepared, settings: CoxSettings): CoxFit {
  const { nvar: p, terms } = design;
  const n = design.rows.length;
  const means = new Float64Array(p);
  design.columns.forEach((column, j) => {
    let sum = 0;
    for (const v of column) sum += v;
    means[j] = sum / n;
  });
  const beta = new Float64Array(p);
  const nulls = terms.map(() => null);
  const none = { statistic: 0, df: 0, p: 1 };
  return {
    ties: settings.ties,
    terms,
    coef: nulls,
    se: terms.map(() => 0),
    hr: nulls,
    hr_lower: nulls,
    hr_upper: nulls,
    z: nulls,
    p: nulls,
    var: terms.map(() => terms.map(() => 0)),
    loglik_null: 0,
    loglik_fit: 0,
    lr_test: none,
    wald_test: { ...none, statistic_summary_rounded: 0 },
    score_test: none,
    iter: 0,
    n,
    nevent: 0,
    concordance: { c: null, se: null },
    means: Array.from(means),
    omitted_rows: design.omitted,
    warnings: ['No events in the data: the coefficients are NA (R returns the same without a warning)'],
    converged: false,
    linear_predictors: linearPredictor([], beta, means, n),
    model: modelData(design, prepared, beta),
  };
}

/**
 * Fits `Surv(time, event) ~ group + covariates… + strata(strata)`. Throws an `InputError` naming the
 * column and 1-based row of bad input; rows with a missing covariate are dropped (`omitted_rows`).
 */
export function coxPh(input: CoxInput, options: CoxOptions = {}): CoxFit {
  const settings = coxSettings(options);
  const design = buildCoxDesign(input);
  const prepared = prepareRiskSets(
    design.columns,
    design.time,
    design.status,
    design.stratum,
    settings.timefix,
  );
  let nevent = 0;
  for (const s of design.status) nevent += s;
  if (nevent === 0) return fitWithoutEvents(design, prepared, settings);
  const core = fitCoxCore(prepared.sets, prepared.scale, {
    efron: settings.ties === 'efron',
    eps: settings.eps,
    // A model without covariates has only its log-likelihood (R's coxph.null): nothing to iterate.
    iterMax: design.nvar === 0 ? 0 : settings.iterMax,
    tolerChol: settings.tolerChol,
  });
  return summarizeCox(design, prepared, core, settings, nevent);
}
