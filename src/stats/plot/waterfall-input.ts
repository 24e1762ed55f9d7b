/**
 * The waterfall plot's input: its types, and the check that turns it into bars sorted from largest
 * growth to deepest shrinkage, each with its arm's index and its value as drawn (clipped).
 */
import { inputError } from '../input.ts';
import {
  checkArms,
  checkLabel,
  checkObject,
  checkPlotOptions,
  checkRows,
  checkTexts,
  type ResponsePlotOptions,
} from './check.ts';
import { checkClip, checkPercentChange } from './percent-axis.ts';

/** RECIST 1.1 best overall response: complete, partial, stable, progressive disease, not evaluable. */
export type BestResponse = 'CR' | 'PR' | 'SD' | 'PD' | 'NE';

export const RESPONSE_NAMES: Record<BestResponse, string> = {
  CR: 'complete response',
  PR: 'partial response',
  SD: 'stable disease',
  PD: 'progressive disease',
  NE: 'not evaluable',
};

export const RESPONSES = Object.keys(RESPONSE_NAMES) as BestResponse[];

export interface WaterfallBar {
  /** Subject identifier (e.g. CDISC USUBJID), unique among the bars. */
  subject: string;
  arm: string;
  /** Best (smallest) % change from baseline in the sum of diameters, ≥ −100. */
  bestPercentChange: number;
  /** Best overall response, written above (growth) or below (shrinkage) the bar. */
  bestResponse?: BestResponse;
}

export interface WaterfallPlotInput {
  title?: string;
  /** At least one bar. */
  bars: readonly WaterfallBar[];
  /** Arm order of the legend, colours and facets; default: the order the bars first name them. */
  arms?: readonly string[];
  /** Y-axis title; "Best change from baseline in sum of diameters (%)" when absent. */
  yLabel?: string;
  /** X-axis title; "Subjects (n = N)" when absent. */
  xLabel?: string;
  /** Larger values are drawn at this value with a ▲ marker (default 100; at least 20). */
  clipAbove?: number;
  /** One panel per arm side by side, bars sorted within each (default false: one panel, arms mixed). */
  facetByArm?: boolean;
}

export interface CheckedBar extends WaterfallBar {
  arm: string;
  /** Index into the arm order. */
  armIndex: number;
  /** The drawn value: `bestPercentChange` clipped at `clipAbove`. */
  drawn: number;
  clipped: boolean;
}

export function checkWaterfallInput(plot: WaterfallPlotInput, options: ResponsePlotOptions) {
  const list = checkRows(plot, 'bars', 'bar');
  const clip = checkClip(plot.clipAbove);
  const seen = new Map<string, number>();
  const rows = list.map((row, i) => {
    const at = `bars[${i}]`;
    const bar = checkObject(row, at);
    const subject = checkLabel(bar.subject, `${at}.subject`, 'subject identifier');
    const before = seen.get(subject);
    if (before !== undefined)
      throw inputError(`${at}.subject`, `a subject not already in bars[${before}]`, undefined, subject);
    seen.set(subject, i);
    const arm = checkLabel(bar.arm, `${at}.arm`, 'arm name');
    const value = checkPercentChange(bar.bestPercentChange, `${at}.bestPercentChange`);
    const response = bar.bestResponse;
    if (response !== undefined && !RESPONSES.includes(response as BestResponse))
      throw inputError(`${at}.bestResponse`, `one of ${RESPONSES.join(', ')}`, undefined, response);
    return { subject, arm, value, response: response as BestResponse | undefined };
  });
  const arms = checkArms(
    plot.arms,
    rows.map((r) => r.arm),
    (i) => `bars[${i}].arm`,
  );
  checkTexts(plot, ['title', 'yLabel', 'xLabel']);
  checkPlotOptions(options);
  const bars: CheckedBar[] = rows.map((r) => {
    const bar: CheckedBar = {
      subject: r.subject,
      arm: r.arm,
      armIndex: arms.indexOf(r.arm),
      bestPercentChange: r.value,
      drawn: Math.min(r.value, clip),
      clipped: r.value > clip,
    };
    if (r.response) bar.bestResponse = r.response;
    return bar;
  });
  return { bars: sortBars(bars), arms, clip };
}

/** Largest growth first; ties by subject, so the order does not depend on the input's. */
function sortBars<T extends { bestPercentChange: number; subject: string }>(bars: readonly T[]): T[] {
  return [...bars].sort(
    (a, b) =>
      b.bestPercentChange - a.bestPercentChange ||
      (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
  );
}
