/**
 * The percentage-change axis and the RECIST reference lines that the waterfall and spider plots share,
 * so the two figures read alike: the same round breaks covering the thresholds, the same dashed lines.
 */
import { inputError } from '../input.ts';
import { drawYTicks, drawYTitle, yAxisWidth } from './axes.ts';
import { isNumber } from './check.ts';
import { fontSizes } from './figure.ts';
import { formatBreaks, niceBreaks } from './scales.ts';
import { el, INK, MUTED, num, text, textWidth } from './svg.ts';

/**
 * The dashed reference lines, in % change of the sum of diameters. RECIST 1.1 §4.3.1: PR is a decrease
 * of at least 30 % from baseline; PD an increase of at least 20 % (over the nadir, which the line at
 * +20 % from baseline only approximates — it is the conventional reading aid, not the rule).
 */
export const RECIST_LINES = [
  { value: 20, label: '+20%', meaning: 'progression' },
  { value: -30, label: '−30%', meaning: 'partial response' },
] as const;

/** Values above this are drawn at it, with a marker (default +100 %). */
export const DEFAULT_CLIP = 100;

/** A percentage to at most one decimal with its sign: "+12.5%", "−30%", "0%". */
export function formatPercent(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return '0%';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

/** Checks a % change of a sum of diameters: finite and ≥ −100 (a sum cannot shrink below zero). */
export function checkPercentChange(value: unknown, field: string): number {
  if (!isNumber(value) || value < -100)
    throw inputError(field, 'a finite percentage ≥ −100', undefined, value);
  return value;
}

/** Checks `clipAbove`: a percentage ≥ 20; `DEFAULT_CLIP` when absent. */
export function checkClip(value: unknown): number {
  if (value === undefined) return DEFAULT_CLIP;
  if (!isNumber(value) || value < 20)
    throw inputError('clipAbove', 'a finite percentage ≥ 20', undefined, value);
  return value;
}

/** The % change axis: round breaks covering the drawn values and both RECIST lines. */
export function percentAxis(drawnValues: readonly number[]) {
  const lo = Math.min(-30, ...drawnValues);
  const hi = Math.max(20, ...drawnValues);
  const breaks = niceBreaks(lo, hi, 8);
  const labels = formatBreaks(breaks).map((l) => l.replace('-', '−'));
  return { breaks, labels, lo: breaks[0] as number, hi: breaks[breaks.length - 1] as number };
}

/** Left margin for a y axis with these tick labels and a rotated title. */
export function yAxisLeft(tickLabels: readonly string[], fs: number): number {
  return Math.ceil(yAxisWidth(tickLabels, fs));
}

/** Right margin that keeps the threshold labels, written after the panel, inside the figure. */
export function referenceLabelWidth(fs: number): number {
  return Math.max(...RECIST_LINES.map((l) => textWidth(l.label, fontSizes(fs).note))) + 8;
}

/** The y axis line, ticks, tick labels and rotated title, at `left` from `top` to `bottom`. */
export function drawPercentAxis(
  axis: ReturnType<typeof percentAxis>,
  y: (value: number) => number,
  panel: { left: number; top: number; bottom: number },
  title: string,
  fs: number,
  prefix: string,
): string[] {
  const { left, top, bottom } = panel;
  const ys = axis.breaks.map((b) => y(b));
  const ticks = ys.map((tickY) => `M${num(left)} ${num(tickY)}h-5`).join('');
  return [
    el('path', {
      class: `${prefix}-axis`,
      d: `M${num(left)} ${num(top)}V${num(bottom)}${ticks}`,
      stroke: '#333333',
      'stroke-width': 1,
      fill: 'none',
    }),
    drawYTicks(axis.labels, ys, left, fs, `${prefix}-y-ticks`),
    drawYTitle(title, axis.labels, panel, fs, `${prefix}-y-title`),
  ];
}

/**
 * The zero line (solid) and the RECIST lines (dashed) across each panel, with the thresholds labelled
 * after the last panel.
 */
export function drawReferenceLines(
  panels: readonly { left: number; right: number }[],
  y: (value: number) => number,
  fs: number,
  prefix: string,
): string[] {
  const across = (value: number) =>
    panels.map((p) => `M${num(p.left)} ${num(y(value))}H${num(p.right)}`).join('');
  const labelX = (panels[panels.length - 1]?.right ?? 0) + 6;
  const size = fontSizes(fs).note;
  return [
    el('path', { class: `${prefix}-zero`, d: across(0), stroke: INK, 'stroke-width': 1, fill: 'none' }),
    ...RECIST_LINES.map((line) =>
      el(
        'g',
        { class: `${prefix}-reference`, 'data-value': line.value },
        el('path', {
          d: across(line.value),
          stroke: MUTED,
          'stroke-width': 1,
          'stroke-dasharray': '5 4',
          fill: 'none',
        }) + text(line.label, { x: labelX, y: y(line.value) + size * 0.35, 'font-size': size, fill: MUTED }),
      ),
    ),
  ];
}
