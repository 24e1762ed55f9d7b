/** The log-rank family's input and result types. */
import type { SurvivalInput } from '../input.ts';

/** One row per subject: follow-up, event, the group compared and optionally a stratum. */
export interface LogRankInput extends SurvivalInput {
  /** Group label of each subject (e.g. the arm). */
  group: ArrayLike<string>;
  /** Stratum label of each subject, for a stratified test. */
  strata?: ArrayLike<string>;
  /** Group levels in the order of the result's rows; default: R's factor() order of the labels. */
  groupLevels?: readonly string[];
  /** Stratum levels in the order of the by-stratum columns; default: R's factor() order. */
  strataLevels?: readonly string[];
}

/** Column names of the caller's data, used in the formula and in error messages. */
export interface LogRankColumns {
  time: string;
  event: string;
  group: string;
  strata: string;
}

export interface LogRankOptions {
  /**
   * Weight Ŝ(t−)^ρ at each event time, Ŝ the pooled Kaplan–Meier estimate: ρ = 0 is the
   * log-rank test (Mantel 1966), ρ = 1 the Peto & Peto (1972) modification of the
   * Gehan–Wilcoxon test; the G-ρ family of Harrington & Fleming (1982). Default 0.
   */
  rho?: number;
  /** Column names (default time, event, group, strata). */
  columns?: Partial<LogRankColumns>;
  /**
   * Merge times that differ by less than √ε relative, as R's survdiff does by default
   * (survival's aeqSurv, `timefix = TRUE`): floating-point noise must not split a tie. Default true.
   */
  timefix?: boolean;
}

/**
 * Field names and meanings of the R reference fixtures' `survdiff` entry
 * (../shared/fixtures/r-survival/FORMAT.md), which mirror R's survdiff object.
 */
export interface LogRankResult {
  /** The equivalent R formula, e.g. "Surv(time, event) ~ group + strata(strata)". */
  formula: string;
  rho: number;
  stratified: boolean;
  /** Group levels, the order of every per-group array and of var's rows and columns. */
  groups: string[];
  /** Subjects per group. */
  n: number[];
  /** O: Σ w·d per group (weighted when ρ > 0), summed over strata. */
  observed: number[];
  /** E: Σ w·d·n_k/n per group, summed over strata. */
  expected: number[];
  o_minus_e: number[];
  /** (O − E)²/E, the column R's print.survdiff shows. */
  oe2_over_e: number[];
  /** (O − E)²/V with V the diagonal of var. */
  oe2_over_v: number[];
  /** Covariance matrix of O − E (groups × groups), summed over strata. */
  var: number[][];
  /** dᵀ V⁻¹ d over the groups with E > 0, the first of them dropped. */
  chisq: number;
  /** (Groups with E > 0) − 1. */
  df: number;
  /** Upper chi-square tail of chisq on df degrees of freedom. */
  p: number;
  /** Stratified only: stratum levels, the columns of the by-stratum matrices. */
  strata?: string[];
  /** Stratified only: subjects per stratum. */
  strata_n?: number[];
  /** Stratified only: O per group (rows) and stratum (columns). */
  observed_by_stratum?: number[][];
  /** Stratified only: E per group (rows) and stratum (columns). */
  expected_by_stratum?: number[][];
}
