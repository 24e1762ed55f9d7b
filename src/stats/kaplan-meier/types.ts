/**
 * Public types of the Kaplan–Meier engine. Field names follow the R survival reference fixtures
 * (../shared/fixtures/r-survival/FORMAT.md, "Curve") so a curve serialises to exactly that shape.
 * `null` stands for R's NA (undefined: S = 0 on the log scale, not reached, …).
 */

/**
 * Pointwise confidence interval for S(t), as R's `survfit(conf.type = …)`:
 * `log` (R's default) exp(log S ± z·se); `log-log` S^exp(∓z·se/log S); `plain` S ± z·S·se clipped to [0, 1].
 */
export type ConfType = 'log' | 'log-log' | 'plain';

/** Every conf type, in the order R documents them. */
export const CONF_TYPES: readonly ConfType[] = ['log', 'log-log', 'plain'];

/** How a restricted-mean horizon τ was chosen (FORMAT.md "RMean"). */
export type HorizonRule = 'fixed' | 'min_over_groups_of_max_time' | 'max_time';

/** A resolved horizon: τ and the rule that gave it. */
export interface RMeanHorizon {
  horizon: number;
  horizon_rule: HorizonRule;
}

/**
 * A horizon as the caller asks for it: a number (rule `fixed`), a resolved horizon, or a rule that
 * the engine resolves from the curves it builds (`max_time`: the largest time of any curve, R's
 * print default `rmean = "common"`; `min_over_groups_of_max_time`: the common-support horizon).
 */
export type HorizonRequest = number | RMeanHorizon | { horizon_rule: Exclude<HorizonRule, 'fixed'> };

/** Restricted mean survival time ∫₀^τ Ŝ(t) dt and its standard error, as `summary(fit, rmean = τ)$table`. */
export interface RMean extends RMeanHorizon {
  rmean: number;
  se: number;
}

/** The median with its confidence limits; `null` = not reached. */
export interface MedianEstimate {
  estimate: number | null;
  lower: number | null;
  upper: number | null;
}

/** Survival-time quantiles: the time by which a fraction `probs[i]` has had the event. */
export interface QuantileTable {
  probs: number[];
  estimate: (number | null)[];
  lower: (number | null)[];
  upper: (number | null)[];
}

/** One conf type's pointwise band, median (print.survfit rule) and quantiles (`quantile()` rule). */
export interface ConfidenceBand {
  /** Aligned with `Curve.time`; null where R gives NA (log, log-log), NaN where R gives NaN (plain at S = 0). */
  lower: (number | null)[];
  upper: (number | null)[];
  median: MedianEstimate;
  quantiles: QuantileTable;
}

/** A Kaplan–Meier curve, field for field as FORMAT.md's Curve. */
export interface Curve {
  label: string;
  group: string | null;
  /** Rows used. */
  records: number;
  /** Largest number at risk (= n_start for right-censored data). */
  n_max: number;
  /** Number at risk at the start. */
  n_start: number;
  /** Total events. */
  events: number;
  /** Every distinct observed time, event or censoring, ascending. */
  time: number[];
  /** Number with time ≥ t; a subject censored at t is still at risk at t. */
  n_risk: number[];
  n_event: number[];
  n_censor: number[];
  /** Product-limit S(t) = ∏_{tᵢ ≤ t} (1 − dᵢ/nᵢ). */
  surv: number[];
  /** Greenwood SE of −log S(t) (R's `std.err`, cumulative-hazard scale); Infinity once S = 0. */
  std_err: number[];
  /** SE of S(t) itself: surv × std_err (NaN where S = 0, as R's 0 × Inf). */
  std_err_surv: number[];
  /** Nelson–Aalen cumulative hazard. */
  cumhaz: number[];
  std_chaz: number[];
  ci: Partial<Record<ConfType, ConfidenceBand>>;
  rmean: RMean[];
}

/** The by-group result: one curve per group level plus the pooled curve (FORMAT.md `km`). */
export interface CurveSet {
  conf_level: number;
  conf_types: ConfType[];
  /** R's `conf.lower = "usual"`: the band does not shrink at censored times. */
  conf_lower: 'usual';
  overall: Curve;
  by_group: Curve[];
}

export interface KaplanMeierOptions {
  /** One conf type or several (default `log`, R's default). */
  confType?: ConfType | readonly ConfType[];
  /** Default 0.95. */
  confLevel?: number;
  /** Quantile probabilities for `ci[type].quantiles` (default 0.25, 0.5, 0.75). */
  probs?: readonly number[];
  /** Restricted-mean horizons (default: `max_time`, R's print default). */
  rmean?: readonly HorizonRequest[];
  /** R's `timefix` (default true): merge times equal within a relative 1.5e-8, as `aeqSurv`. */
  timefix?: boolean;
  /** Curve label (default "overall"). */
  label?: string;
  /** Group level of the curve (default null). */
  group?: string | null;
}

export interface ByGroupOptions extends Omit<KaplanMeierOptions, 'label' | 'group'> {
  /** Group levels in the order wanted (default R's `factor()` order, `factorLevels`). */
  levels?: readonly string[];
}

/** Survival data with a group label per row. */
export interface GroupedSurvivalInput {
  time: ArrayLike<number>;
  event: ArrayLike<number | boolean>;
  group: ArrayLike<string>;
}
