/**
 * Types of the Cox proportional hazards model (Cox 1972), as R's `coxph` fits it (survival 3.5-3;
 * Therneau & Grambsch 2000). Output field names follow the R reference fixtures
 * (../shared/fixtures/r-survival/FORMAT.md, section `coxph`), so a fit compares field by field.
 */
import type { CoxDesign } from './design.ts';

/** How tied event times enter the partial likelihood: Efron (1977) or Breslow (1974). */
export type CoxTies = 'efron' | 'breslow';

/** A factor covariate: one 0/1 dummy per level after the first (R's treatment contrasts). */
export interface CoxFactor {
  /** One label per row; null = missing (the row is dropped, as R's na.omit). */
  values: ArrayLike<string | null>;
  /** Level order; the first is the reference. Default: R's `factor()` order (`factorLevels`). */
  levels?: readonly string[];
}

export interface CoxInput {
  /** Follow-up time, finite and ≥ 0. */
  time: ArrayLike<number>;
  /** 1 = event, 0 = right-censored (booleans accepted). */
  event: ArrayLike<number | boolean>;
  /** Treatment arm (a factor): dummies `group<level>` for every level but the first. */
  group?: ArrayLike<string>;
  /** Level order of `group`; the first is the reference. Default: R's `factor()` order. */
  groupLevels?: readonly string[];
  /** Name of the group column in term names (R's variable name); default `group`. */
  groupName?: string;
  /** Stratum of each row: a separate baseline hazard per stratum (R's `strata()`). */
  strata?: ArrayLike<string>;
  /** Numeric covariates by name; null or NaN = missing (the row is dropped). */
  covariates?: Readonly<Record<string, ArrayLike<number | null>>>;
  /** Factor covariates by name; dummies are named `<name><level>`. */
  factorCovariates?: Readonly<Record<string, CoxFactor>>;
  /**
   * Order of the model terms (the formula's right-hand side): the group name and covariate names.
   * Default: group, then `covariates`, then `factorCovariates`, each in key order.
   */
  terms?: readonly string[];
}

export interface CoxOptions {
  /** Default `efron`, as R. */
  ties?: CoxTies;
  /** Confidence level of the hazard-ratio intervals; default 0.95. */
  confLevel?: number;
  /** Convergence: stop when |1 − loglik_old/loglik_new| ≤ eps; default 1e-9 (`coxph.control`). */
  eps?: number;
  /** Maximum Newton–Raphson iterations; default 20. */
  iterMax?: number;
  /** Pivot tolerance of the Cholesky decomposition, relative to the largest diagonal; default ε^0.75. */
  tolerChol?: number;
  /** Tolerance of the infinite-coefficient check; default sqrt(eps). */
  tolerInf?: number;
  /** Merge times closer than sqrt(ε) before fitting (R's `aeqSurv`); default true. */
  timefix?: boolean;
}

export interface CoxTest {
  statistic: number;
  df: number;
  p: number;
}

export interface CoxWaldTest extends CoxTest {
  /** The statistic rounded to 2 decimals as `summary.coxph` prints it (R's `round`). */
  statistic_summary_rounded: number;
}

/**
 * What the cox.zph and concordance code can reuse: the design and the data of the rows used,
 * in their input order, and the order that sorts them.
 */
export interface CoxModel
  extends Pick<CoxDesign, 'rows' | 'columns' | 'assign' | 'status' | 'stratum' | 'strataLevels'> {
  /** Time of each row used (after R's timefix merge of near-equal times; CoxDesign's are as given). */
  time: Float64Array;
  /** Positions into the rows used, sorted by stratum, time, events before censorings. */
  order: Uint32Array;
  /** The coefficients with aliased (NA) ones as 0, i.e. what the linear predictor uses. */
  beta: Float64Array;
}

/** A Cox fit: the fixture's fields (FORMAT.md), then what other modules reuse. */
export interface CoxFit {
  ties: CoxTies;
  terms: string[];
  /** β̂; null where R gives NA (an aliased column, or no events at all). */
  coef: (number | null)[];
  se: number[];
  hr: (number | null)[];
  hr_lower: (number | null)[];
  hr_upper: (number | null)[];
  z: (number | null)[];
  p: (number | null)[];
  /** Inverse information at β̂, rows/columns in `terms` order (zero for aliased columns). */
  var: number[][];
  loglik_null: number;
  loglik_fit: number;
  lr_test: CoxTest;
  wald_test: CoxWaldTest;
  score_test: CoxTest;
  /** R's `fit$iter` (iterMax + 1 when Newton–Raphson ran out of iterations, as R). */
  iter: number;
  n: number;
  nevent: number;
  /**
   * Harrell's C and its standard error (`summary(fit)$concordance`), from src/stats/concordance;
   * null members where R gives NA (no comparable pair, no events).
   */
  concordance: { c: number | null; se: number | null } | null;
  /** R's `fit$means`: the centring values (0 for columns whose values are all −1, 0 or 1). */
  means: number[];
  /** 1-based input rows dropped for a missing covariate. */
  omitted_rows: number[];
  /** R's warnings, in R's wording, plus ours for aliased columns and data without events. */
  warnings: string[];
  /** False when Newton–Raphson ran out of iterations. */
  converged: boolean;
  /** R's `fit$linear.predictors`: Xβ̂ − Σ β̂·means, one per row used, in input order. */
  linear_predictors: Float64Array;
  model: CoxModel;
}
