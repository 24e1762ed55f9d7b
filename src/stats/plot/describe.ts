/** The text alternative of the figure (its `<title>` and `<desc>`), for screen readers and search. */
import type { StepCurve } from './check.ts';
import { figureTitle } from './figure.ts';
import { formatHazardRatio, formatPValue, formatTime } from './format.ts';
import type { KmPlotInput } from './types.ts';

export function describeTitle(plot: KmPlotInput): string {
  return figureTitle(plot.title, 'Kaplan–Meier survival curves');
}

/**
 * "Kaplan–Meier curves of Survival probability against Time (months) for 2 groups. Placebo (60 at
 * risk at time 0): median 6.1. Drug (60 at risk at time 0): median not reached. Drug vs Placebo:
 * HR 0.58 (95% CI 0.41–0.80). Log-rank p = 0.0013."
 */
export function describePlot(plot: KmPlotInput, curves: readonly StepCurve[]): string {
  const yLabel = plot.yLabel ?? 'Survival probability';
  const groups = curves.length === 1 ? '1 group' : `${curves.length} groups`;
  const xLabel = plot.xLabel.trim() === '' ? 'time' : plot.xLabel;
  const parts = [`Kaplan–Meier curves of ${yLabel} against ${xLabel} for ${groups}.`];
  const atZero = plot.atRisk?.times[0] === 0;
  curves.forEach((curve, c) => {
    const n = atZero ? ` (${plot.atRisk?.counts[c]?.[0]} at risk at time 0)` : '';
    const median = curve.median === undefined ? 'not reached' : formatTime(curve.median);
    parts.push(`${curve.label}${n}: median ${median}.`);
  });
  const hr = plot.annotation?.hazardRatio;
  if (hr) parts.push(`${hr.comparison} vs ${hr.reference}: ${formatHazardRatio(hr)}.`);
  const p = plot.annotation?.logRankP;
  if (p !== undefined) parts.push(`Log-rank ${formatPValue(p)}.`);
  return parts.join(' ');
}
