/**
 * Per endpoint (PFS, OS) and arm: Kaplan–Meier with number at risk, medians with CIs, the Cox hazard
 * ratio and the log-rank test (src/stats, as `trialkit analyze survival`), and the figure of
 * `trialkit analyze survival --plot` as SVG with the CSV data behind it.
 */
import { type AdtteRow, adamCsv, writeCsv } from '../../cdisc/index.ts';
import { InputError } from '../../contracts/index.ts';
import {
  analyzeSurvival,
  kaplanMeierPlotInput,
  renderKaplanMeierSvg,
  TIME_UNITS,
} from '../../stats/index.ts';
import type { Arms } from './arms.ts';
import type { DataFile } from './datasets.ts';
import { finite, type Interval } from './interval.ts';
import type { AnalysisProblem } from './problems.ts';
import type { AnalysisOptions } from './request.ts';

const ENDPOINTS = {
  PFS: 'Progression-free survival',
  OS: 'Overall survival',
} as const;

export function survivalReport(
  paramcd: keyof typeof ENDPOINTS,
  adtte: readonly AdtteRow[],
  arms: Arms,
  options: AnalysisOptions,
  problems: AnalysisProblem[],
) {
  const rows = adtte.filter((r) => r.PARAMCD === paramcd && r.ARM !== null);
  const title = `${ENDPOINTS[paramcd]} by arm`;
  if (rows.length === 0) {
    problems.push({
      stage: 'analysis',
      severity: 'error',
      message: `${paramcd}: no ADTTE records with an arm`,
    });
    return null;
  }
  const unit = TIME_UNITS[options.timeUnit];
  const present = arms.levels.filter((arm) => rows.some((r) => r.ARM === arm));
  try {
    const analysis = analyzeSurvival(
      {
        time: rows.map((r) => r.AVAL / unit.days),
        event: rows.map((r) => (r.CNSR === 0 ? 1 : 0)),
        group: rows.map((r) => r.ARM as string),
        names: { time: 'AVAL', event: 'EVENT', group: 'ARM' },
        groupLevels: present,
      },
      { ties: 'efron', confTypes: ['log'], confLevel: options.confLevel },
    );
    const plot = { ...kaplanMeierPlotInput(analysis, { time: options.timeUnit }), title };
    const hr = plot.annotation?.hazardRatio;
    const svg = renderKaplanMeierSvg(
      {
        ...plot,
        curves: plot.curves.map((c) => ({ ...c, label: arms.short(c.label) })),
        annotation: {
          ...plot.annotation,
          ...(hr
            ? {
                hazardRatio: {
                  ...hr,
                  reference: arms.short(hr.reference),
                  comparison: arms.short(hr.comparison),
                },
              }
            : {}),
        },
      },
      { idPrefix: `km-${paramcd.toLowerCase()}` },
    );
    const fit = analysis.coxph?.models.group?.efron;
    // Estimable unless the likelihood is monotone (a limit of 0 or ∞): the rule of the CLI's figure.
    const estimable =
      fit !== undefined && [fit.hr[0], fit.hr_lower[0], fit.hr_upper[0]].every((v) => (finite(v) ?? 0) > 0);
    const hazardRatio =
      present.length === 2 && fit
        ? {
            comparison: present[1] as string,
            reference: present[0] as string,
            estimable,
            estimate: estimable ? finite(fit.hr[0]) : null,
            lower: estimable ? finite(fit.hr_lower[0]) : null,
            upper: estimable ? finite(fit.hr_upper[0]) : null,
            waldP: estimable ? finite(fit.p[0]) : null,
          }
        : null;
    const logrank = analysis.survdiff?.logrank;
    const curves = analysis.km.by_group;
    const estimates = curves.flatMap((c) =>
      c.time.map((t, i) => ({
        ARM: c.group,
        TIME: t,
        NRISK: c.n_risk[i],
        NEVENT: c.n_event[i],
        NCENSOR: c.n_censor[i],
        SURV: c.surv[i],
        LOWER: c.ci.log?.lower[i],
        UPPER: c.ci.log?.upper[i],
      })),
    );
    for (const warning of analysis.warnings)
      problems.push({ stage: 'analysis', severity: 'warning', message: `${paramcd}: ${warning}` });
    return {
      paramcd,
      title,
      timeUnit: options.timeUnit,
      confLevel: options.confLevel,
      arms: curves.map((c) => ({
        arm: c.group as string,
        n: c.n_start,
        events: c.events,
        censored: c.n_start - c.events,
        median: (c.ci.log?.median ?? { estimate: null, lower: null, upper: null }) satisfies Interval,
      })),
      atRisk: {
        times: [...(plot.atRisk?.times ?? [])],
        byArm: curves.map((c, i) => ({
          arm: c.group as string,
          counts: [...(plot.atRisk?.counts[i] ?? [])],
        })),
      },
      hazardRatio,
      logRank: logrank ? { chisq: logrank.chisq, df: logrank.df, p: logrank.p } : null,
      svg,
      data: [
        { name: `adtte-${paramcd.toLowerCase()}`, csv: adamCsv('adtte', rows) },
        {
          name: `km-${paramcd.toLowerCase()}-estimates`,
          csv: writeCsv(['ARM', 'TIME', 'NRISK', 'NEVENT', 'NCENSOR', 'SURV', 'LOWER', 'UPPER'], estimates),
        },
      ] satisfies DataFile[],
    };
  } catch (error) {
    // Data the statistics refuse is a problem listed beside the rest of the report, not a 400.
    if (!(error instanceof InputError)) throw error;
    problems.push({ stage: 'analysis', severity: 'error', message: `${paramcd}: ${error.message}` });
    return null;
  }
}
