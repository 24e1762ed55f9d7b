/**
 * Waterfall plot of each subject's best percentage change from baseline in the sum of target-lesion
 * diameters (RECIST 1.1 "SLD"), one bar per subject sorted from largest growth to deepest shrinkage,
 * coloured by arm, with the RECIST thresholds drawn as dashed lines. Pure: the same input gives the
 * same bytes. The percentage axis and the threshold lines are shared with the spider plot, so the two
 * figures read alike.
 */
import { StatsInputError } from '../input.ts';
import {
  checkArms,
  checkArray,
  checkLabel,
  checkObject,
  checkPlotOptions,
  checkString,
  isNumber,
  type PlotOptions,
} from './check.ts';
import { drawLegend, flowLegend, fontSizes, layoutTitle } from './layout.ts';
import { curveStyle, readableOnWhite } from './palette.ts';
import { formatBreaks, linearScale, niceBreaks } from './scales.ts';
import {
  el,
  escapeXml,
  INK,
  labelText,
  MUTED,
  markerPath,
  num,
  svgDocument,
  text,
  textWidth,
  truncateToWidth,
  wrapToWidth,
} from './svg.ts';

/** RECIST 1.1 best overall response: complete, partial, stable, progressive disease, not evaluable. */
export type BestResponse = 'CR' | 'PR' | 'SD' | 'PD' | 'NE';

export const RESPONSE_NAMES: Record<BestResponse, string> = {
  CR: 'complete response',
  PR: 'partial response',
  SD: 'stable disease',
  PD: 'progressive disease',
  NE: 'not evaluable',
};

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

/** Options of the response plots: size, font, colours and the id prefix (see `PlotOptions`). */
export type ResponsePlotOptions = PlotOptions;

const Y_TITLE = 'Best change from baseline in sum of diameters (%)';
const RESPONSES = Object.keys(RESPONSE_NAMES) as BestResponse[];

interface CheckedBar extends WaterfallBar {
  arm: string;
  /** Index into the arm order. */
  armIndex: number;
  /** The drawn value: `bestPercentChange` clipped at `clipAbove`. */
  drawn: number;
  clipped: boolean;
}

/** A percentage to at most one decimal with its sign: "+12.5%", "−30%", "0%". */
export function formatPercent(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return '0%';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}

/** Checks a % change of a sum of diameters: finite and ≥ −100 (a sum cannot shrink below zero). */
export function checkPercentChange(value: unknown, field: string): number {
  if (!isNumber(value) || value < -100)
    throw new StatsInputError(field, 'a finite percentage ≥ −100', undefined, value);
  return value;
}

export function checkClip(value: unknown): number {
  if (value === undefined) return DEFAULT_CLIP;
  if (!isNumber(value) || value < 20)
    throw new StatsInputError('clipAbove', 'a finite percentage ≥ 20', undefined, value);
  return value;
}

function checkWaterfallInput(plot: WaterfallPlotInput, options: ResponsePlotOptions) {
  const input = checkObject(plot, 'plot');
  const list = checkArray(input.bars, 'bars');
  if (list.length === 0) throw new StatsInputError('bars', 'at least one bar', undefined, []);
  const clip = checkClip(plot.clipAbove);
  const seen = new Map<string, number>();
  const rows = list.map((row, i) => {
    const at = `bars[${i}]`;
    const bar = checkObject(row, at);
    const subject = checkLabel(bar.subject, `${at}.subject`, 'subject identifier');
    const before = seen.get(subject);
    if (before !== undefined)
      throw new StatsInputError(
        `${at}.subject`,
        `a subject not already in bars[${before}]`,
        undefined,
        subject,
      );
    seen.set(subject, i);
    const arm = checkLabel(bar.arm, `${at}.arm`, 'arm name');
    const value = checkPercentChange(bar.bestPercentChange, `${at}.bestPercentChange`);
    const response = bar.bestResponse;
    if (response !== undefined && !RESPONSES.includes(response as BestResponse))
      throw new StatsInputError(`${at}.bestResponse`, `one of ${RESPONSES.join(', ')}`, undefined, response);
    return { subject, arm, value, response: response as BestResponse | undefined };
  });
  const arms = checkArms(
    plot.arms,
    rows.map((r) => r.arm),
    (i) => `bars[${i}].arm`,
  );
  for (const key of ['title', 'yLabel', 'xLabel'] as const)
    if (plot[key] !== undefined) checkString(plot[key], key);
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
  const size = fontSizes(fs);
  const tickWidth = Math.max(...tickLabels.map((l) => textWidth(l, size.tick)));
  return Math.ceil(Math.round(fs) + size.axisTitle * 1.2 + 8 + tickWidth + 9);
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
  const size = fontSizes(fs);
  const { left, top, bottom } = panel;
  const ticks = axis.breaks.map((b) => `M${num(left)} ${num(y(b))}h-5`).join('');
  const tickWidth = Math.max(...axis.labels.map((l) => textWidth(l, size.tick)));
  const titleX = left - 9 - tickWidth - 8 - size.axisTitle * 0.22;
  const labels = axis.breaks.map((b, i) =>
    text(axis.labels[i] as string, { x: left - 9, y: y(b) + size.tick * 0.35 }),
  );
  return [
    el('path', {
      class: `${prefix}-axis`,
      d: `M${num(left)} ${num(top)}V${num(bottom)}${ticks}`,
      stroke: '#333333',
      'stroke-width': 1,
      fill: 'none',
    }),
    el('g', { class: `${prefix}-y-ticks`, 'font-size': size.tick, 'text-anchor': 'end' }, labels.join('')),
    labelText(truncateToWidth(title, bottom - top, size.axisTitle), title, {
      class: `${prefix}-y-title`,
      transform: `translate(${num(titleX)} ${num((top + bottom) / 2)}) rotate(-90)`,
      'font-size': size.axisTitle,
      'text-anchor': 'middle',
    }),
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

/** One panel of the figure: its bars (sorted) and its horizontal extent. */
interface Panel {
  arm?: number;
  bars: CheckedBar[];
  left: number;
  right: number;
}

/** Side-by-side panels sharing the width so that every bar is equally wide. */
function layoutPanels(
  bars: readonly CheckedBar[],
  arms: readonly string[],
  facet: boolean,
  left: number,
  right: number,
  gap: number,
): Panel[] {
  if (!facet) return [{ bars: [...bars], left, right }];
  const groups = arms
    .map((_, a) => ({ arm: a, bars: bars.filter((b) => b.armIndex === a) }))
    .filter((g) => g.bars.length > 0);
  const perBar = (right - left - gap * (groups.length - 1)) / bars.length;
  let x = left;
  return groups.map((g) => {
    const panel = { ...g, left: x, right: x + perBar * g.bars.length };
    x = panel.right + gap;
    return panel;
  });
}

/** Response letters: horizontal when they fit the bar's band, else turned; none below 5 px. */
function letterStyle(band: number, tick: number): { size: number; rotated: boolean; extent: number } | null {
  const flat = Math.min(tick * 0.85, (band * 0.9) / (textWidth('CR', 1) + 0.1));
  if (flat >= 8) return { size: flat, rotated: false, extent: flat };
  const turned = Math.min(tick * 0.85, band * 1.1);
  if (turned < 5) return null;
  return { size: turned, rotated: true, extent: textWidth('CR', turned) };
}

function describeWaterfall(bars: readonly CheckedBar[], arms: readonly string[], clip: number): string {
  const parts = [
    `Waterfall plot of the best percentage change from baseline in the sum of target-lesion diameters for ${bars.length} ${bars.length === 1 ? 'subject' : 'subjects'}, sorted from largest increase to largest decrease.`,
  ];
  arms.forEach((arm, a) => {
    const values = bars.filter((b) => b.armIndex === a).map((b) => b.bestPercentChange);
    if (values.length === 0) return;
    const sorted = [...values].sort((x, y) => x - y);
    const mid = sorted.length / 2;
    const median =
      sorted.length % 2 ? sorted[Math.floor(mid)] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
    const shrunk = values.filter((v) => v <= -30).length;
    parts.push(
      `${arm}: ${values.length} ${values.length === 1 ? 'subject' : 'subjects'}, median ${formatPercent(median as number)}, ${shrunk} with a decrease of 30% or more.`,
    );
  });
  const clipped = bars.filter((b) => b.clipped);
  if (clipped.length > 0)
    parts.push(
      `Drawn at ${formatPercent(clip)}: ${clipped.map((b) => `${b.subject} ${formatPercent(b.bestPercentChange)}`).join(', ')}.`,
    );
  parts.push('Dashed lines at +20% and −30%.');
  return parts.join(' ');
}

/**
 * Draws the waterfall plot. Throws a `StatsInputError` naming the field (e.g. `bars[3].bestPercentChange`)
 * when the input is not a list of bars.
 */
export function renderWaterfallSvg(plot: WaterfallPlotInput, options: ResponsePlotOptions = {}): string {
  const { bars, arms, clip } = checkWaterfallInput(plot, options);
  const width = options.width ?? 720;
  const fs = options.fontSize ?? 13;
  const size = fontSizes(fs);
  const pad = Math.round(fs);
  const prefix = 'wf';
  const facet = plot.facetByArm === true;
  const styles = arms.map((_, a) => curveStyle(a, options.palette));
  const axis = percentAxis(bars.map((b) => b.drawn));
  const left = yAxisLeft(axis.labels, fs);
  const right = Math.floor(width - pad - referenceLabelWidth(fs));
  const panels = layoutPanels(bars, arms, facet, left, right, Math.round(fs * 1.2));
  const band = (right - left) / (bars.length + (panels.length - 1) * 1.2);

  // Header: title, then the legend (arms unless the panels name them; the clip marker when used).
  const title = layoutTitle(plot.title, width, pad, fs, pad);
  const clipped = bars.some((b) => b.clipped);
  const entries = [
    ...(facet ? [] : arms.map((label) => ({ label, sampleWidth: size.legend }))),
    ...(clipped ? [{ label: `Above ${formatPercent(clip)} (drawn at it)`, sampleWidth: size.legend }] : []),
  ];
  const legend = flowLegend(entries, left, right, title.bottom, size.legend);
  const strip = facet ? size.legend * 1.7 : 0;
  const top = Math.round(legend.bottom + fs * 0.6 + strip);
  const panelHeight = options.panelHeight ?? Math.round(width * 0.5);
  const bottom = top + panelHeight;
  const letters = bars.some((b) => b.bestResponse) ? letterStyle(band, size.tick) : null;
  const marker = Math.min(4, Math.max(2, band * 0.35));
  const inset = Math.max(6, (letters ? letters.extent + 4 : 0) + (clipped ? 2 * marker + 3 : 0));
  const y = linearScale(axis.lo, axis.hi, bottom - inset, top + inset);

  const body: string[] = title.lines.map((line) =>
    text(line.text, {
      class: `${prefix}-title`,
      x: pad,
      y: line.baseline,
      'font-size': size.title,
      'font-weight': 'bold',
    }),
  );
  if (entries.length > 0) {
    const clipIndex = facet ? 0 : arms.length;
    body.push(
      drawLegend(
        legend.slots,
        entries.map((e) => e.label),
        () => size.legend,
        (slot) => {
          const h = size.legend * 0.8;
          if (slot.index === clipIndex && clipped)
            return el('path', { d: markerPath('triangle-up', slot.x + h / 2, slot.mid, 4), fill: INK });
          return el('rect', {
            x: slot.x,
            y: slot.mid - h / 2,
            width: h,
            height: h,
            fill: styles[slot.index]?.stroke,
          });
        },
        size.legend,
        `${prefix}-legend`,
      ),
    );
  }
  if (facet) {
    for (const p of panels) {
      const arm = arms[p.arm as number] as string;
      const full = `${arm} (n = ${p.bars.length})`;
      body.push(
        labelText(truncateToWidth(full, p.right - p.left, size.legend, true), full, {
          class: `${prefix}-strip`,
          x: (p.left + p.right) / 2,
          y: top - strip * 0.4,
          'font-size': size.legend,
          'font-weight': 'bold',
          'text-anchor': 'middle',
          fill: readableOnWhite(styles[p.arm as number]?.stroke ?? INK),
        }),
      );
    }
  }

  const drawnBars: string[] = [];
  const marks: string[] = [];
  const letterTexts: string[] = [];
  const y0 = y(0);
  for (const p of panels) {
    const step = (p.right - p.left) / p.bars.length;
    const barWidth = step * (step >= 4 ? 0.78 : 0.9);
    p.bars.forEach((bar, i) => {
      const cx = p.left + step * (i + 0.5);
      const y1 = y(bar.drawn);
      const h = Math.abs(y1 - y0);
      const tip = `${bar.subject} (${bar.arm}): ${formatPercent(bar.bestPercentChange)}${bar.bestResponse ? `, best response ${bar.bestResponse}` : ''}`;
      drawnBars.push(
        el(
          'rect',
          {
            class: `${prefix}-bar`,
            'data-subject': bar.subject,
            'data-arm': bar.armIndex,
            'data-value': bar.bestPercentChange,
            x: cx - barWidth / 2,
            y: h < 1 ? y0 - 0.5 : Math.min(y0, y1),
            width: barWidth,
            height: Math.max(h, 1),
            fill: styles[bar.armIndex]?.stroke,
          },
          el('title', {}, escapeXml(tip)),
        ),
      );
      let end = bar.drawn >= 0 ? Math.min(y0 - 0.5, y1) : y1;
      if (bar.clipped) {
        marks.push(markerPath('triangle-up', cx, end - 2 - marker, marker));
        end -= 2 * marker + 3;
      }
      if (letters && bar.bestResponse) {
        const up = bar.drawn >= 0;
        const attributes = letters.rotated
          ? {
              transform: `translate(${num(cx + letters.size * 0.35)} ${num(up ? end - 3 : end + 3)}) rotate(-90)`,
              'text-anchor': up ? 'start' : 'end',
            }
          : { x: cx, y: up ? end - 3 : end + 3 + letters.size * 0.75, 'text-anchor': 'middle' };
        letterTexts.push(text(bar.bestResponse, { 'data-subject': bar.subject, ...attributes }));
      }
    });
  }

  // Below the panel: the x-axis title, then a note that spells out the response codes and the lines.
  const xTitle = plot.xLabel ?? `Subjects (n = ${bars.length})`;
  const xTitleBaseline = bottom + 8 + size.axisTitle * 0.95;
  const used = RESPONSES.filter((r) => bars.some((b) => b.bestResponse === r));
  const note = [
    ...(letters && used.length > 0
      ? [`${used.map((r) => `${r}, ${RESPONSE_NAMES[r]}`).join('; ')} (best overall response).`]
      : []),
    'Dashed lines: +20% and −30% from baseline, the RECIST 1.1 thresholds for progression and partial response.',
  ].join(' ');
  const noteLines = wrapToWidth(note, width - 2 * pad, size.note);
  const noteBaselines = noteLines.map((_, i) => xTitleBaseline + fs * 0.9 + (i + 1) * size.note * 1.35);
  const height = Math.ceil((noteBaselines[noteBaselines.length - 1] ?? xTitleBaseline) + pad);

  body.push(
    el('g', { class: `${prefix}-bars` }, drawnBars.join('')),
    ...drawReferenceLines(panels, y, fs, prefix),
    ...drawPercentAxis(axis, y, { left: left - 4, top, bottom }, plot.yLabel ?? Y_TITLE, fs, prefix),
  );
  if (marks.length > 0) body.push(el('path', { class: `${prefix}-clipped`, d: marks.join(''), fill: INK }));
  if (letterTexts.length > 0)
    body.push(
      el('g', { class: `${prefix}-responses`, 'font-size': num(letters?.size ?? 0) }, letterTexts.join('')),
    );
  body.push(
    labelText(truncateToWidth(xTitle, right - left, size.axisTitle), xTitle, {
      class: `${prefix}-x-title`,
      x: (left + right) / 2,
      y: xTitleBaseline,
      'font-size': size.axisTitle,
      'text-anchor': 'middle',
    }),
    el(
      'g',
      { class: `${prefix}-note`, 'font-size': size.note, fill: MUTED },
      noteLines.map((line, i) => text(line, { x: pad, y: noteBaselines[i] })).join(''),
    ),
  );

  return svgDocument({
    id: options.idPrefix ?? 'waterfall',
    width,
    height,
    fontSize: fs,
    title:
      plot.title && plot.title.trim() !== ''
        ? plot.title
        : 'Waterfall plot of best percentage change in tumor size',
    desc: describeWaterfall(bars, arms, clip),
    body,
  });
}
