/**
 * Where everything of the Kaplan–Meier figure goes: margins sized to the estimated text widths, the
 * header (`header.ts`), the annotation box put in the first empty corner of the panel, the
 * number-at-risk table below.
 */
import { xAxisBaselines, yAxisWidth } from './axes.ts';
import type { StepCurve } from './check.ts';
import { drawnMedians, type PlotScales, valueRange } from './curves.ts';
import { figureFrame } from './figure.ts';
import { formatHazardRatio, formatPValue } from './format.ts';
import { flowLegend, type LegendSlot, layoutTitle, SAMPLE, type TitleLine } from './header.ts';
import { formatBreaks, linearScale, timeBreaks } from './scales.ts';
import { textWidth, truncateToWidth } from './svg.ts';
import type { KmPlotInput, KmPlotOptions } from './types.ts';

export const Y_BREAKS = [0, 0.25, 0.5, 0.75, 1] as const;
/** Half the size of a censor "+", px. */
export const CENSOR_HALF = 4;

export interface TimeAxis {
  breaks: number[];
  /** Last time on the axis. */
  xEnd: number;
}

/** The x-axis: given breaks, else the at-risk times, else round breaks ending at or after the data. */
export function timeAxis(plot: KmPlotInput, curves: readonly StepCurve[]): TimeAxis {
  const dataEnd = Math.max(...curves.map((c) => c.end));
  const given = plot.xBreaks ?? plot.atRisk?.times;
  let breaks: number[];
  let xEnd: number;
  if (given) {
    xEnd = plot.xMax ?? Math.max(dataEnd, given[given.length - 1] as number);
    breaks = given.filter((b) => b <= xEnd);
  } else {
    breaks = timeBreaks(dataEnd, plot.xMax);
    xEnd = plot.xMax ?? (breaks[breaks.length - 1] as number);
  }
  // Everything at time 0 (or breaks only at 0): give the axis one unit so it has a length.
  return { breaks, xEnd: xEnd > 0 ? xEnd : 1 };
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Layout {
  width: number;
  height: number;
  fs: number;
  pad: number;
  panel: { left: number; right: number; top: number; bottom: number };
  scales: PlotScales;
  xTickLabels: string[];
  yTickLabels: string[];
  titleLines: TitleLine[];
  legend: LegendSlot[];
  /** Annotation text; in `box` inside the panel, or else as lines under the legend (`box` undefined). */
  annotation: { lines: string[]; baselines: number[]; box?: Box };
  tickBaseline: number;
  xTitleBaseline: number;
  table?: { titleBaseline: number; rowBaselines: number[]; labels: string[] };
}

/** "Drug vs Placebo", each name shortened alike when the pair is wider than `maxWidth`. */
function comparisonLabel(comparison: string, reference: string, maxWidth: number, fontSize: number): string {
  const full = `${comparison} vs ${reference}`;
  if (textWidth(full, fontSize) <= maxWidth) return full;
  const each = (maxWidth - textWidth(' vs ', fontSize)) / 2;
  return `${truncateToWidth(comparison, each, fontSize)} vs ${truncateToWidth(reference, each, fontSize)}`;
}

/** The annotation text: the hazard ratio on one line with its comparison when `oneLine` and it fits. */
function annotationLines(plot: KmPlotInput, maxWidth: number, fontSize: number, oneLine: boolean): string[] {
  const lines: string[] = [];
  const hr = plot.annotation?.hazardRatio;
  if (hr) {
    const hrText = formatHazardRatio(hr);
    const label = `${comparisonLabel(hr.comparison, hr.reference, maxWidth - textWidth(':', fontSize), fontSize)}:`;
    if (oneLine && textWidth(`${label} ${hrText}`, fontSize) <= maxWidth) lines.push(`${label} ${hrText}`);
    else lines.push(label, hrText);
  }
  const p = plot.annotation?.logRankP;
  if (p !== undefined) lines.push(`Log-rank ${formatPValue(p)}`);
  return lines;
}

/** Whether a px rectangle of the panel is crossed by a curve, its band, censor marks or median lines. */
function occupied(box: Box, curves: readonly StepCurve[], plot: KmPlotInput, scales: PlotScales): boolean {
  const margin = CENSOR_HALF + 3;
  const t0 = Math.max(0, xInverse(scales, box.x - margin));
  const t1 = xInverse(scales, box.x + box.w + margin);
  const top = box.y - margin;
  const bottom = box.y + box.h + margin;
  const hits = (lo: number, hi: number) => scales.y(hi) <= bottom && scales.y(lo) >= top;
  for (const curve of curves) {
    const range = valueRange(curve, t0, Math.min(t1, scales.xEnd), plot.showConfidenceBands === true);
    if (range && hits(range[0], range[1])) return true;
  }
  if (plot.showMedianLines) {
    for (const m of drawnMedians(curves, scales.xEnd)) {
      if (hits(0.5, 0.5) && t0 <= m) return true;
      if (m >= t0 && m <= t1 && hits(0, 0.5)) return true;
    }
  }
  return false;
}

function xInverse(scales: PlotScales, px: number): number {
  const x0 = scales.x(0);
  return ((px - x0) / (scales.x(scales.xEnd) - x0)) * scales.xEnd;
}

/**
 * The annotation text and where it goes: the first empty corner of the panel (bottom left, top right,
 * bottom right) with the hazard ratio on one line, else on two; no box (above the panel) when no corner
 * is free. `local` is the panel's scales with its top at 0.
 */
function placeAnnotation(
  plot: KmPlotInput,
  curves: readonly StepCurve[],
  local: PlotScales,
  panel: { left: number; right: number; height: number; inset: number },
  fontSize: number,
): { lines: string[]; box?: Box } {
  const { left, right, height, inset } = panel;
  for (const oneLine of [true, false]) {
    const lines = annotationLines(plot, (right - left) * 0.6, fontSize, oneLine);
    if (lines.length === 0) return { lines };
    const w = Math.max(...lines.map((l) => textWidth(l, fontSize))) + 16;
    const h = lines.length * fontSize * 1.4 + 8;
    const candidates: Box[] = [
      { x: left + 10, y: height - inset - 6 - h, w, h },
      { x: right - 10 - w, y: inset + 4, w, h },
      { x: right - 10 - w, y: height - inset - 6 - h, w, h },
    ];
    const box = candidates.find((b) => !occupied(b, curves, plot, local));
    if (box) return { lines, box };
  }
  return { lines: annotationLines(plot, right - left, fontSize, true) };
}

export function computeLayout(
  plot: KmPlotInput,
  curves: readonly StepCurve[],
  axis: TimeAxis,
  options: KmPlotOptions,
): Layout {
  const { width, fs, size, pad } = figureFrame(options);
  const percent = options.yScale === 'percent';
  const yTickLabels = percent ? Y_BREAKS.map((b) => `${b * 100}%`) : formatBreaks([...Y_BREAKS]);
  const xTickLabels = formatBreaks(axis.breaks);
  const atRisk = plot.atRisk;
  const shownRiskTimes = atRisk ? atRisk.times.filter((t) => t <= axis.xEnd) : [];
  const countWidth = (j: number) =>
    Math.max(0, ...(atRisk?.counts ?? []).map((row) => textWidth(String(row[j] ?? ''), size.table)));

  // Left: y-axis title and tick labels, or the at-risk row labels if they are wider.
  const axisLeft = yAxisWidth(yTickLabels, fs);
  const tableLabels = atRisk
    ? curves.map((c) => truncateToWidth(c.label, Math.max(80, width * 0.28), size.table, true))
    : [];
  const labelWidth = Math.max(0, ...tableLabels.map((l) => textWidth(l, size.table, true)));
  const firstHalf = shownRiskTimes[0] === 0 ? countWidth(0) / 2 : 0;
  const left = Math.ceil(Math.max(axisLeft, atRisk ? pad + labelWidth + 14 + firstHalf : 0));
  const lastTickHalf = textWidth(xTickLabels[xTickLabels.length - 1] ?? '', size.tick) / 2;
  // The shown at-risk times are a prefix of the sorted times, so the last shown column is this index.
  const lastCountHalf = atRisk ? countWidth(shownRiskTimes.length - 1) / 2 : 0;
  const right = Math.floor(width - pad - Math.max(lastTickHalf, lastCountHalf, 6));
  const panelHeight = options.panelHeight ?? Math.round(width * 0.5);
  // The y range is inset a little so a curve at 1 or 0 is not drawn over the frame or the axis.
  const inset = Math.round(panelHeight * 0.03);
  const scalesAt = (top: number): PlotScales => ({
    x: linearScale(0, axis.xEnd, left, right),
    y: linearScale(0, 1, top + panelHeight - inset, top + inset),
    xEnd: axis.xEnd,
  });

  const noteLine = size.note * 1.4;
  const note = placeAnnotation(
    plot,
    curves,
    scalesAt(0),
    { left, right, height: panelHeight, inset },
    size.note,
  );

  // Header: title lines, legend rows, and the annotation when no corner was free.
  const title = layoutTitle(plot.title, width, pad, fs, pad);
  const entries = curves.map((curve) => ({ label: curve.label, sampleWidth: SAMPLE }));
  const legend = flowLegend(entries, left, right, title.bottom, size.legend);
  let y = legend.bottom;
  const { lines, box: inside } = note;
  const baselines: number[] = [];
  if (inside) {
    for (let i = 0; i < lines.length; i++)
      baselines.push(inside.y + 4 + noteLine * (i + 0.5) + size.note * 0.35);
  } else {
    for (const _ of lines) {
      y += noteLine;
      baselines.push(y - noteLine / 2 + size.note * 0.35);
    }
  }
  const top = Math.round(y + fs * 0.6);
  const scales = scalesAt(top);
  const bottom = top + panelHeight;
  if (inside) {
    inside.y += top;
    for (let i = 0; i < baselines.length; i++) baselines[i] = (baselines[i] as number) + top;
  }

  // Below the panel: tick labels, x-axis title, then the number-at-risk table.
  const { tick: tickBaseline, title: xTitleBaseline } = xAxisBaselines(bottom, fs);
  let end = xTitleBaseline;
  let table: Layout['table'];
  if (atRisk) {
    const titleBaseline = xTitleBaseline + fs * 2.3;
    const rowBaselines = curves.map((_, i) => titleBaseline + (i + 1) * size.table * 1.55);
    table = { titleBaseline, rowBaselines, labels: tableLabels };
    end = rowBaselines[rowBaselines.length - 1] ?? titleBaseline;
  }
  const annotation: Layout['annotation'] = inside ? { lines, baselines, box: inside } : { lines, baselines };
  const layout: Layout = {
    width,
    height: Math.ceil(end + pad),
    fs,
    pad,
    panel: { left, right, top, bottom },
    scales,
    xTickLabels,
    yTickLabels,
    titleLines: title.lines,
    legend: legend.slots,
    annotation,
    tickBaseline,
    xTitleBaseline,
  };
  if (table) layout.table = table;
  return layout;
}
