/**
 * The Kaplan–Meier figure's input from a survival analysis: curves by group with CI bands, the
 * at-risk table, the hazard ratio (when estimable) and the log-rank p — for `trialkit analyze survival
 * --plot` and the analysis view alike (src/stats/plot draws it; it knows nothing of this engine's types).
 */
import { nRiskAt } from '../kaplan-meier/index.ts';
import { type KmPlotInput, timeBreaks } from '../plot/index.ts';
import type { SurvivalAnalysis } from './types.ts';

/** Column names of the analysis: the x-axis title, and a prefix for group levels that are bare codes ("sex=1"). */
export interface KmPlotColumns {
  time: string;
  group?: string;
}

export function kaplanMeierPlotInput(analysis: SurvivalAnalysis, columns: KmPlotColumns): KmPlotInput {
  const { km } = analysis;
  const type = km.conf_types[0] ?? 'log';
  const curves = km.by_group.length ? km.by_group : [km.overall];
  const maxTime = Math.max(0, ...curves.map((c) => c.time.at(-1) ?? 0));
  const times = timeBreaks(maxTime);
  const groupFit = analysis.coxph?.models.group?.efron ?? analysis.coxph?.models.group?.breslow;
  const levels = analysis.group_levels;
  // A hazard ratio is shown only when it is estimable: not under monotone likelihood (limits 0 or Inf).
  const finite = (v: number | null | undefined) => v != null && Number.isFinite(v) && v > 0;
  const twoGroups =
    levels?.length === 2 &&
    groupFit &&
    finite(groupFit.hr[0]) &&
    finite(groupFit.hr_lower[0]) &&
    finite(groupFit.hr_upper[0]);
  const codes = levels?.every((l) => Number.isFinite(Number(l))) && columns.group;
  const name = (level: string) => (codes ? `${columns.group}=${level}` : level);
  return {
    xLabel: `Time (${columns.time})`,
    curves: curves.map((c) => {
      const band = c.ci[type];
      return {
        label: c.group === null ? c.label : name(c.group),
        time: c.time,
        surv: c.surv,
        lower: band?.lower,
        upper: band?.upper,
        censorTimes: c.time.filter((_, i) => (c.n_censor[i] ?? 0) > 0),
        median: band?.median.estimate ?? null,
      };
    }),
    atRisk: { times, counts: curves.map((c) => nRiskAt(c, times).map((n) => n ?? 0)) },
    annotation: {
      ...(twoGroups && levels
        ? {
            hazardRatio: {
              estimate: groupFit.hr[0] as number,
              lower: groupFit.hr_lower[0] as number,
              upper: groupFit.hr_upper[0] as number,
              level: km.conf_level,
              reference: name(levels[0] as string),
              comparison: name(levels[1] as string),
            },
          }
        : {}),
      ...(analysis.survdiff ? { logRankP: analysis.survdiff.logrank.p } : {}),
    },
    showConfidenceBands: true,
    showMedianLines: true,
  };
}
