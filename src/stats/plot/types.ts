/**
 * The plain input of the Kaplan–Meier figure. It does not depend on the statistics engine: the CLI
 * and the web app copy estimates into it, so the figure can be drawn from any source (R output too).
 */

/** One group's survival curve, a right-continuous step function that starts at (0, 1). */
export interface KmPlotCurve {
  /** Group name, shown in the legend and the number-at-risk table. */
  label: string;
  /**
   * Strictly increasing times ≥ 0 at which the estimate is given; from each time the value holds until
   * the next. Times of censorings may be included (with an unchanged value), as R's `survfit` does.
   * Before the first time the curve is 1, unless the first time is 0.
   */
  time: readonly number[];
  /** S(t) from `time[i]` on, in [0, 1]. */
  surv: readonly number[];
  /** Lower confidence limit from `time[i]` on; null where undefined (e.g. once S reaches 0). */
  lower?: readonly (number | null)[];
  /** Upper confidence limit from `time[i]` on; null where undefined. */
  upper?: readonly (number | null)[];
  /**
   * Times of censorings, marked on the curve at its height there. The curve is drawn to the last of
   * `time` and `censorTimes` (a group with no events is a flat line at 1 to its last censoring).
   */
  censorTimes?: readonly number[];
  /** Median survival time; null or absent when not reached. */
  median?: number | null;
}

/** Number at risk per curve at given times (columns), drawn under the x-axis. */
export interface KmPlotAtRisk {
  /** Strictly increasing times ≥ 0; also the x-axis breaks unless `xBreaks` is given. */
  times: readonly number[];
  /** `counts[c][j]`: subjects of curve c at risk at `times[j]`. */
  counts: readonly (readonly number[])[];
}

/** A Cox hazard ratio of `comparison` relative to `reference` with its confidence interval. */
export interface KmPlotHazardRatio {
  estimate: number;
  lower: number;
  upper: number;
  /** Confidence level of [lower, upper]; 0.95 when absent. */
  level?: number;
  /** Label of the reference group (denominator), e.g. "Placebo". */
  reference: string;
  /** Label of the compared group (numerator), e.g. "Drug". */
  comparison: string;
}

export interface KmPlotAnnotation {
  hazardRatio?: KmPlotHazardRatio;
  /** Log-rank test p-value in [0, 1]. */
  logRankP?: number;
}

export interface KmPlotInput {
  title?: string;
  /** X-axis title, e.g. "Time (months)". */
  xLabel: string;
  /** Y-axis title; "Survival probability" when absent. */
  yLabel?: string;
  /** At least one curve; the first is drawn solid, the others in distinct dash patterns. */
  curves: readonly KmPlotCurve[];
  atRisk?: KmPlotAtRisk;
  annotation?: KmPlotAnnotation;
  /** Shaded step bands between `lower` and `upper` (default false). */
  showConfidenceBands?: boolean;
  /** Dashed lines from S = 0.5 to each reached median and down to the axis (default false). */
  showMedianLines?: boolean;
  /** "+" marks at censoring times (default true). */
  showCensorMarks?: boolean;
  /** End of the x-axis; curves are cut there. Default: the first round break after the data. */
  xMax?: number;
  /** X-axis breaks; default: the at-risk times, else round breaks from 0 (see `timeBreaks`). */
  xBreaks?: readonly number[];
}

export interface KmPlotOptions {
  /** Width in px (default 720); the height follows from the parts shown. */
  width?: number;
  /** Height of the plotting panel in px (default: half the width). */
  panelHeight?: number;
  /** Base font size in px (default 13). */
  fontSize?: number;
  /** Y tick labels as proportions 0.00–1.00 (default) or percentages 0%–100%. */
  yScale?: 'proportion' | 'percent';
  /** Line colours by curve, cycled; default Okabe–Ito. */
  palette?: readonly string[];
  /** Prefix of the element ids (title, desc, clip path), unique per page when several plots are inlined. */
  idPrefix?: string;
}
