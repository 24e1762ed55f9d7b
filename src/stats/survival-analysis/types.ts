import type { CoxFit } from '../cox/index.ts';
import type { CoxZphResult } from '../cox-zph/index.ts';
import type { ConfType, CurveSet } from '../kaplan-meier/index.ts';
import type { LogRankResult } from '../log-rank/index.ts';

/** Survival data by column, with the names of the columns they came from (used in formulas and terms). */
export interface SurvivalTable {
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  group?: ArrayLike<string>;
  strata?: ArrayLike<string>;
  /** Numeric covariates (null = missing: the row is left out of models that use it, as R's na.omit). */
  covariates?: Record<string, ArrayLike<number | null>>;
  /** Factor covariates (null = missing). */
  factorCovariates?: Record<string, ArrayLike<string | null>>;
  names: { time: string; event: string; group?: string; strata?: string };
  /** Covariate order in the model formula (default: numeric covariates, then factors). */
  covariateOrder?: readonly string[];
  groupLevels?: readonly string[];
  strataLevels?: readonly string[];
}

export interface SurvivalAnalysisOptions {
  /** Cox ties; default both (as the R fixtures), else only the one asked for. */
  ties?: 'efron' | 'breslow';
  /** CI types of the curves; default `log` and `log-log` (as the R fixtures). */
  confTypes?: readonly ConfType[];
  confLevel?: number;
  /** A fixed RMST horizon; the data-driven horizons (common support, max time) always follow. */
  rmstHorizon?: number;
}

/** A Cox fit as reported: the fixture's fields and `converged`, without the design it was fitted on. */
export type ReportedCoxFit = Omit<CoxFit, 'model' | 'linear_predictors'>;

export interface CoxModelEntry {
  description: string;
  formula: string;
  efron?: ReportedCoxFit;
  breslow?: ReportedCoxFit;
}

export interface ZphEntry {
  transform: CoxZphResult['transform'];
  rows: string[];
  chisq: number[];
  df: number[];
  p: number[];
}

/**
 * Everything `trialkit analyze survival` computes. The `km`, `survdiff`, `coxph` and `cox_zph`
 * sections have exactly the field names and shapes of the R reference fixtures
 * (../shared/fixtures/r-survival/FORMAT.md), so an R user can diff the two.
 */
export interface SurvivalAnalysis {
  schema_version: 1;
  n: number;
  group_levels: string[] | null;
  strata_levels: string[] | null;
  covariate_names: string[];
  km: CurveSet;
  survdiff: {
    logrank: LogRankResult;
    peto_peto: LogRankResult;
    stratified_logrank: LogRankResult | null;
    stratified_peto_peto: LogRankResult | null;
  } | null;
  coxph: {
    control: {
      eps: number;
      toler_chol: number;
      iter_max: number;
      toler_inf: number;
      timefix: true;
      conf_level: number;
    };
    models: { group?: CoxModelEntry; multivariable?: CoxModelEntry; group_stratified?: CoxModelEntry };
  } | null;
  cox_zph: {
    model_formula: string;
    ties: 'efron' | 'breslow';
    terms_option: true;
    km: ZphEntry;
    identity: ZphEntry;
    rank: ZphEntry;
  } | null;
  /** Warnings of any fit, prefixed with the model they came from. */
  warnings: string[];
}
