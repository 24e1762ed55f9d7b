/**
 * Spider plot: each subject's percentage change from baseline in the sum of target-lesion diameters
 * over time, one line from (0, 0) per subject, coloured by arm, ending in a dot (or a cross when the
 * subject progressed). Same % axis and RECIST lines as the waterfall plot. Pure and deterministic.
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
} from './check.ts';
import { drawLegend, flowLegend, fontSizes, layoutTitle, SAMPLE } from './layout.ts';
import { curveStyle } from './palette.ts';
import { formatBreaks, linearScale, niceBreaks, TIME_UNITS, type TimeUnit } from './scales.ts';
import {
  el,
  escapeXml,
  INK,
  labelText,
  markerPath,
  num,
  svgDocument,
  text,
  textWidth,
  truncateToWidth,
} from './svg.ts';
import {
  checkClip,
  checkPercentChange,
  drawPercentAxis,
  drawReferenceLines,
  formatPercent,
  percentAxis,
  type ResponsePlotOptions,
  referenceLabelWidth,
  yAxisLeft,
} from './waterfall-plot.ts';

export interface SpiderPoint {
  /** Days since randomization (or the reference date of the baseline), ≥ 0. */
  day: number;
  /** % change from baseline in the sum of diameters, ≥ −100. */
  percentChange: number;
}

export interface SpiderLine {
  subject: string;
  arm: string;
  /** Post-baseline assessments in strictly increasing `day`; the line starts at (0, 0). */
  points: readonly SpiderPoint[];
  /** Whether the subject progressed; the last point is then marked with a cross instead of a dot. */
  progressed?: boolean;
}

export interface SpiderPlotInput {
  title?: string;
  /** At least one line. */
  lines: readonly SpiderLine[];
  /** Arm order of the legend and colours; default: the order the lines first name them. */
  arms?: readonly string[];
  /** Unit of the time axis (default days); the input stays in days. */
  timeUnit?: TimeUnit;
  /** X-axis title; "Days since randomization" (or weeks, months) when absent. */
  xLabel?: string;
  /** Y-axis title; "Change from baseline in sum of diameters (%)" when absent. */
  yLabel?: string;
  /** Larger values are drawn at this value with a ▲ marker (default 100; at least 20). */
  clipAbove?: number;
}

const Y_TITLE = 'Change from baseline in sum of diameters (%)';
const MARK = 3.2;

interface CheckedLine {
  subject: string;
  armIndex: number;
  /** (x in the axis unit, drawn % change, clipped) from (0, 0). */
  points: { x: number; y: number; clipped: boolean; value: number }[];
  progressed: boolean;
}

function checkSpiderInput(plot: SpiderPlotInput, options: ResponsePlotOptions) {
  const input = checkObject(plot, 'plot');
  const list = checkArray(input.lines, 'lines');
  if (list.length === 0) throw new StatsInputError('lines', 'at least one line', undefined, []);
  const clip = checkClip(plot.clipAbove);
  const unit = plot.timeUnit ?? 'days';
  if (!Object.hasOwn(TIME_UNITS, unit))
    throw new StatsInputError('timeUnit', `one of ${Object.keys(TIME_UNITS).join(', ')}`, undefined, unit);
  const perUnit = TIME_UNITS[unit].days;
  const seen = new Set<string>();
  const rows = list.map((row, i) => {
    const at = `lines[${i}]`;
    const line = checkObject(row, at);
    const subject = checkLabel(line.subject, `${at}.subject`, 'subject identifier');
    if (seen.has(subject))
      throw new StatsInputError(`${at}.subject`, 'a subject not already listed', undefined, subject);
    seen.add(subject);
    const arm = checkLabel(line.arm, `${at}.arm`, 'arm name');
    const points = checkArray(line.points, `${at}.points`);
    if (points.length === 0)
      throw new StatsInputError(`${at}.points`, 'at least one post-baseline assessment', undefined, []);
    const drawn: CheckedLine['points'] = [];
    let previous = -1;
    points.forEach((p, k) => {
      const point = checkObject(p, `${at}.points[${k}]`);
      const day = point.day;
      if (!isNumber(day) || day < 0)
        throw new StatsInputError(`${at}.points[${k}].day`, 'a finite number of days ≥ 0', undefined, day);
      if (day <= previous)
        throw new StatsInputError(
          `${at}.points[${k}].day`,
          `a day after the previous point's (${previous})`,
          undefined,
          day,
        );
      previous = day;
      const value = checkPercentChange(point.percentChange, `${at}.points[${k}].percentChange`);
      drawn.push({ x: day / perUnit, y: Math.min(value, clip), clipped: value > clip, value });
    });
    if (drawn[0]?.x !== 0) drawn.unshift({ x: 0, y: 0, clipped: false, value: 0 });
    if (line.progressed !== undefined && typeof line.progressed !== 'boolean')
      throw new StatsInputError(`${at}.progressed`, 'true or false', undefined, line.progressed);
    return { subject, arm, points: drawn, progressed: line.progressed === true };
  });
  const arms = checkArms(
    plot.arms,
    rows.map((r) => r.arm),
    (i) => `lines[${i}].arm`,
  );
  for (const key of ['title', 'yLabel', 'xLabel'] as const)
    if (plot[key] !== undefined) checkString(plot[key], key);
  checkPlotOptions(options);
  const lines: CheckedLine[] = rows.map((r) => ({ ...r, armIndex: arms.indexOf(r.arm) }));
  return { lines, arms, clip, unit };
}

function describeSpider(lines: readonly CheckedLine[], arms: readonly string[], unit: TimeUnit): string {
  const n = lines.length;
  const parts = [
    `Spider plot of the percentage change from baseline in the sum of target-lesion diameters over time (${unit}) for ${n} ${n === 1 ? 'subject' : 'subjects'}.`,
  ];
  arms.forEach((arm, a) => {
    const own = lines.filter((l) => l.armIndex === a);
    if (own.length === 0) return;
    const progressed = own.filter((l) => l.progressed).length;
    const shrunk = own.filter((l) => l.points.some((p) => p.value <= -30)).length;
    parts.push(
      `${arm}: ${own.length} ${own.length === 1 ? 'subject' : 'subjects'}, ${shrunk} with a decrease of 30% or more at some assessment, ${progressed} progressed.`,
    );
  });
  parts.push('Dashed lines at +20% and −30%.');
  return parts.join(' ');
}

/**
 * Draws the spider plot. Throws a `StatsInputError` naming the field (e.g. `lines[2].points[1].day`)
 * when the input is not a list of lines.
 */
export function renderSpiderSvg(plot: SpiderPlotInput, options: ResponsePlotOptions = {}): string {
  const { lines, arms, clip, unit } = checkSpiderInput(plot, options);
  const width = options.width ?? 720;
  const fs = options.fontSize ?? 13;
  const size = fontSizes(fs);
  const pad = Math.round(fs);
  const prefix = 'sp';
  const styles = arms.map((_, a) => curveStyle(a, options.palette));
  const all = lines.flatMap((l) => l.points);
  const axis = percentAxis(all.map((p) => p.y));
  const xBreaks = niceBreaks(0, Math.max(...all.map((p) => p.x)), 7);
  const xLabels = formatBreaks(xBreaks);
  const xEnd = xBreaks[xBreaks.length - 1] as number;
  const left = yAxisLeft(axis.labels, fs);
  const lastTickHalf = textWidth(xLabels[xLabels.length - 1] as string, size.tick) / 2;
  const right = Math.floor(width - pad - Math.max(referenceLabelWidth(fs), lastTickHalf));

  const title = layoutTitle(plot.title, width, pad, fs, pad);
  const clipped = all.some((p) => p.clipped);
  const progressed = lines.some((l) => l.progressed);
  const markerEntries = [
    { label: 'Last assessment', shape: 'circle' as const },
    ...(progressed ? [{ label: 'Progressed', shape: 'cross' as const }] : []),
    ...(clipped
      ? [{ label: `Above ${formatPercent(clip)} (drawn at it)`, shape: 'triangle-up' as const }]
      : []),
  ];
  const entries = [
    ...arms.map((label) => ({ label, sampleWidth: SAMPLE })),
    ...markerEntries.map((m) => ({ label: m.label, sampleWidth: MARK * 3 })),
  ];
  const legend = flowLegend(entries, left, right, title.bottom, size.legend);
  const top = Math.round(legend.bottom + fs * 0.6);
  const panelHeight = options.panelHeight ?? Math.round(width * 0.5);
  const bottom = top + panelHeight;
  const inset = 8;
  const x = linearScale(0, xEnd, left, right);
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
  body.push(
    drawLegend(
      legend.slots,
      entries.map((e) => e.label),
      (i) => entries[i]?.sampleWidth ?? 0,
      (slot) => {
        const style = styles[slot.index];
        if (style)
          return el('path', {
            d: `M${num(slot.x)} ${num(slot.mid)}h${SAMPLE}`,
            stroke: style.stroke,
            'stroke-width': 2,
            'stroke-dasharray': style.dash,
            fill: 'none',
          });
        const m = markerEntries[slot.index - arms.length];
        return m ? marker(m.shape, slot.x + MARK * 1.5, slot.mid, INK) : '';
      },
      size.legend,
      `${prefix}-legend`,
    ),
  );

  // Time axis: light gridlines at the breaks, the axis line, ticks, labels and title.
  const gridX = xBreaks.map((b) => num(x(b)));
  const xTitle = plot.xLabel ?? `${TIME_UNITS[unit].name} since randomization`;
  const tickBaseline = bottom + 5 + 4 + size.tick * 0.75;
  const xTitleBaseline = tickBaseline + 10 + size.axisTitle * 0.95;
  body.push(
    el('path', {
      class: `${prefix}-x-axis`,
      d: `M${num(left - 4)} ${num(bottom)}H${num(right)}${gridX.map((gx) => `M${gx} ${num(bottom)}v5`).join('')}`,
      stroke: '#333333',
      'stroke-width': 1,
      fill: 'none',
    }),
    el(
      'g',
      { class: `${prefix}-x-ticks`, 'font-size': size.tick, 'text-anchor': 'middle' },
      xLabels.map((l, i) => text(l, { x: gridX[i], y: tickBaseline })).join(''),
    ),
    labelText(truncateToWidth(xTitle, right - left, size.axisTitle), xTitle, {
      class: `${prefix}-x-title`,
      x: (left + right) / 2,
      y: xTitleBaseline,
      'font-size': size.axisTitle,
      'text-anchor': 'middle',
    }),
    ...drawReferenceLines([{ left, right }], y, fs, prefix),
    ...drawPercentAxis(axis, y, { left: left - 4, top, bottom }, plot.yLabel ?? Y_TITLE, fs, prefix),
  );

  // Lines first, all markers on top of them.
  const paths = lines.map((line) => {
    const style = styles[line.armIndex];
    const d = line.points.map((p, k) => `${k === 0 ? 'M' : 'L'}${num(x(p.x))} ${num(y(p.y))}`).join('');
    const last = line.points[line.points.length - 1];
    const tip = `${line.subject} (${arms[line.armIndex]}): last ${formatPercent(last?.value ?? 0)}${line.progressed ? ', progressed' : ''}`;
    return el(
      'path',
      {
        class: `${prefix}-line`,
        'data-subject': line.subject,
        'data-arm': line.armIndex,
        d,
        stroke: style?.stroke,
        'stroke-width': 1.5,
        'stroke-dasharray': style?.dash,
        'stroke-linejoin': 'round',
        fill: 'none',
      },
      el('title', {}, escapeXml(tip)),
    );
  });
  const ends = lines.map((line) => {
    const last = line.points[line.points.length - 1] as CheckedLine['points'][number];
    const colour = styles[line.armIndex]?.stroke ?? INK;
    return el(
      'g',
      { class: `${prefix}-end`, 'data-subject': line.subject, 'data-progressed': String(line.progressed) },
      marker(line.progressed ? 'cross' : 'circle', x(last.x), y(last.y), colour),
    );
  });
  const clips = lines.flatMap((line) =>
    line.points
      .filter((p) => p.clipped)
      .map((p) => markerPath('triangle-up', x(p.x), y(p.y) - MARK * 1.6, MARK * 0.9)),
  );
  body.push(el('g', { class: `${prefix}-lines` }, paths.join('')), el('g', {}, ends.join('')));
  if (clips.length > 0) body.push(el('path', { class: `${prefix}-clipped`, d: clips.join(''), fill: INK }));

  return svgDocument({
    id: options.idPrefix ?? 'spider',
    width,
    height: Math.ceil(xTitleBaseline + pad),
    fontSize: fs,
    title:
      plot.title && plot.title.trim() !== ''
        ? plot.title
        : 'Spider plot of percentage change in tumor size over time',
    desc: describeSpider(lines, arms, unit),
    body,
  });
}

/** A dot, or a cross for progression, in `colour` with a white outline so it reads over the lines. */
function marker(shape: 'circle' | 'cross' | 'triangle-up', cx: number, cy: number, colour: string): string {
  if (shape === 'cross') {
    const d = markerPath('cross', cx, cy, MARK);
    return (
      el('path', { d, stroke: '#FFFFFF', 'stroke-width': 4, fill: 'none' }) +
      el('path', { d, stroke: colour, 'stroke-width': 2, fill: 'none' })
    );
  }
  const r = shape === 'circle' ? MARK : MARK * 0.9;
  return el('path', {
    d: markerPath(shape, cx, cy, r),
    fill: colour,
    stroke: '#FFFFFF',
    'stroke-width': 0.8,
  });
}
