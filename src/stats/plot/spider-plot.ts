/**
 * Spider plot: each subject's percentage change from baseline in the sum of target-lesion diameters
 * over time, one line from (0, 0) per subject, coloured by arm, ending in a dot (or a cross when the
 * subject progressed). Same % axis and RECIST lines as the waterfall plot. Pure and deterministic.
 */
import type { ResponsePlotOptions } from './check.ts';
import { figureFrame, figureTitle } from './figure.ts';
import { drawHeader, type LegendEntry, SAMPLE } from './header.ts';
import { curveStyle } from './palette.ts';
import {
  drawPercentAxis,
  drawReferenceLines,
  formatPercent,
  percentAxis,
  referenceLabelWidth,
  yAxisLeft,
} from './percent-axis.ts';
import { linearScale, type TimeUnit } from './scales.ts';
import { type CheckedLine, checkSpiderInput, type SpiderPlotInput } from './spider-input.ts';
import { drawStudyTimeAxis, studyTimeAxis } from './study-time-axis.ts';
import { el, escapeXml, INK, markerPath, num, svgDocument } from './svg.ts';

export type { SpiderLine, SpiderPlotInput, SpiderPoint } from './spider-input.ts';

const Y_TITLE = 'Change from baseline in sum of diameters (%)';
/** Half-size of the end markers, px. */
const MARK = 3.2;

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
 * Draws the spider plot. Throws an `InputError` naming the field (e.g. `lines[2].points[1].day`)
 * when the input is not a list of lines.
 */
export function renderSpiderSvg(plot: SpiderPlotInput, options: ResponsePlotOptions = {}): string {
  const { lines, arms, clip, unit } = checkSpiderInput(plot, options);
  const frame = figureFrame(options);
  const { width, fs, pad } = frame;
  const prefix = 'sp';
  const styles = arms.map((_, a) => curveStyle(a, options.palette));
  const all = lines.flatMap((l) => l.points);
  const axis = percentAxis(all.map((p) => p.y));
  const time = studyTimeAxis(Math.max(...all.map((p) => p.x)), unit, fs);
  const left = yAxisLeft(axis.labels, fs);
  const right = Math.floor(width - pad - Math.max(referenceLabelWidth(fs), time.overhang));

  const clipped = all.some((p) => p.clipped);
  const progressed = lines.some((l) => l.progressed);
  const markerEntries = [
    { label: 'Last assessment', shape: 'circle' as const },
    ...(progressed ? [{ label: 'Progressed', shape: 'cross' as const }] : []),
    ...(clipped
      ? [{ label: `Above ${formatPercent(clip)} (drawn at it)`, shape: 'triangle-up' as const }]
      : []),
  ];
  const entries: LegendEntry[] = [
    ...arms.map((label, a) => ({
      label,
      sampleWidth: SAMPLE,
      draw: (x: number, mid: number) =>
        el('path', {
          d: `M${num(x)} ${num(mid)}h${SAMPLE}`,
          stroke: styles[a]?.stroke,
          'stroke-width': 2,
          'stroke-dasharray': styles[a]?.dash,
          fill: 'none',
        }),
    })),
    ...markerEntries.map((m) => ({
      label: m.label,
      sampleWidth: MARK * 3,
      draw: (x: number, mid: number) => marker(m.shape, x + MARK * 1.5, mid, INK),
    })),
  ];
  const header = drawHeader(plot.title, entries, frame, { left, right }, prefix);
  const top = Math.round(header.bottom + fs * 0.6);
  const panelHeight = options.panelHeight ?? Math.round(width * 0.5);
  const bottom = top + panelHeight;
  const inset = 8;
  const x = linearScale(0, time.end, left, right);
  const y = linearScale(axis.lo, axis.hi, bottom - inset, top + inset);

  const timeAxis = drawStudyTimeAxis(
    time,
    x,
    { left, right, top, bottom },
    { title: plot.xLabel, lineFrom: { x: left - 4, y: bottom }, grid: false },
    fs,
    prefix,
  );
  const body = [
    ...header.body,
    ...timeAxis.elements,
    ...drawReferenceLines([{ left, right }], y, fs, prefix),
    ...drawPercentAxis(axis, y, { left: left - 4, top, bottom }, plot.yLabel ?? Y_TITLE, fs, prefix),
  ];

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
    height: Math.ceil(timeAxis.titleBaseline + pad),
    fontSize: fs,
    title: figureTitle(plot.title, 'Spider plot of percentage change in tumor size over time'),
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
