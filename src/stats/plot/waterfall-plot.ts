/**
 * Waterfall plot of each subject's best percentage change from baseline in the sum of target-lesion
 * diameters (RECIST 1.1 "SLD"), one bar per subject sorted from largest growth to deepest shrinkage,
 * coloured by arm, with the RECIST thresholds drawn as dashed lines. Pure: the same input gives the
 * same bytes. The percentage axis and the threshold lines are shared with the spider plot
 * (`percent-axis.ts`), so the two figures read alike.
 */
import { drawXTitle } from './axes.ts';
import type { ResponsePlotOptions } from './check.ts';
import { figureFrame, figureTitle } from './figure.ts';
import { drawHeader } from './header.ts';
import { curveStyle } from './palette.ts';
import {
  drawPercentAxis,
  drawReferenceLines,
  formatPercent,
  percentAxis,
  referenceLabelWidth,
  yAxisLeft,
} from './percent-axis.ts';
import { linearScale } from './scales.ts';
import { el, MUTED, svgDocument, text, wrapToWidth } from './svg.ts';
import { drawBars, drawStrips, layoutPanels, letterStyle, waterfallLegend } from './waterfall-bars.ts';
import {
  type BestResponse,
  type CheckedBar,
  checkWaterfallInput,
  RESPONSE_NAMES,
  RESPONSES,
  type WaterfallPlotInput,
} from './waterfall-input.ts';

export type { BestResponse, WaterfallBar, WaterfallPlotInput } from './waterfall-input.ts';

const Y_TITLE = 'Best change from baseline in sum of diameters (%)';

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

/** The note under the figure: the response codes used (when written on the bars), then the lines. */
function noteText(used: readonly BestResponse[]): string {
  return [
    ...(used.length > 0
      ? [`${used.map((r) => `${r}, ${RESPONSE_NAMES[r]}`).join('; ')} (best overall response).`]
      : []),
    'Dashed lines: +20% and −30% from baseline, the RECIST 1.1 thresholds for progression and partial response.',
  ].join(' ');
}

/**
 * Draws the waterfall plot. Throws an `InputError` naming the field (e.g. `bars[3].bestPercentChange`)
 * when the input is not a list of bars.
 */
export function renderWaterfallSvg(plot: WaterfallPlotInput, options: ResponsePlotOptions = {}): string {
  const { bars, arms, clip } = checkWaterfallInput(plot, options);
  const frame = figureFrame(options);
  const { width, fs, size, pad } = frame;
  const prefix = 'wf';
  const facet = plot.facetByArm === true;
  const styles = arms.map((_, a) => curveStyle(a, options.palette));
  const axis = percentAxis(bars.map((b) => b.drawn));
  const left = yAxisLeft(axis.labels, fs);
  const right = Math.floor(width - pad - referenceLabelWidth(fs));
  const panels = layoutPanels(bars, arms, facet, left, right, Math.round(fs * 1.2));
  const band = (right - left) / (bars.length + (panels.length - 1) * 1.2);

  // Header: title, then the legend (arms unless the panels name them; the clip marker when used).
  const clipped = bars.some((b) => b.clipped);
  const entries = waterfallLegend(arms, styles, { arms: !facet, clippedAt: clipped ? clip : undefined }, fs);
  const header = drawHeader(plot.title, entries, frame, { left, right }, prefix);
  const strip = facet ? size.legend * 1.7 : 0;
  const top = Math.round(header.bottom + fs * 0.6 + strip);
  const panelHeight = options.panelHeight ?? Math.round(width * 0.5);
  const bottom = top + panelHeight;
  const letters = bars.some((b) => b.bestResponse) ? letterStyle(band, size.tick) : null;
  const marker = Math.min(4, Math.max(2, band * 0.35));
  const inset = Math.max(6, (letters ? letters.extent + 4 : 0) + (clipped ? 2 * marker + 3 : 0));
  const y = linearScale(axis.lo, axis.hi, bottom - inset, top + inset);
  const drawn = drawBars(panels, y, { styles, letters, marker }, prefix);

  // Below the panel: the x-axis title, then a note that spells out the response codes and the lines.
  const xTitleBaseline = bottom + 8 + size.axisTitle * 0.95;
  const used = letters ? RESPONSES.filter((r) => bars.some((b) => b.bestResponse === r)) : [];
  const noteLines = wrapToWidth(noteText(used), width - 2 * pad, size.note);
  const noteBaselines = noteLines.map((_, i) => xTitleBaseline + fs * 0.9 + (i + 1) * size.note * 1.35);
  const height = Math.ceil((noteBaselines[noteBaselines.length - 1] ?? xTitleBaseline) + pad);

  const body = [
    ...header.body,
    ...(facet ? drawStrips(panels, arms, styles, top - strip * 0.4, fs, prefix) : []),
    drawn.bars,
    ...drawReferenceLines(panels, y, fs, prefix),
    ...drawPercentAxis(axis, y, { left: left - 4, top, bottom }, plot.yLabel ?? Y_TITLE, fs, prefix),
    ...drawn.clipMarks,
    ...drawn.letters,
    drawXTitle(
      plot.xLabel ?? `Subjects (n = ${bars.length})`,
      { left, right },
      xTitleBaseline,
      fs,
      `${prefix}-x-title`,
    ),
    el(
      'g',
      { class: `${prefix}-note`, 'font-size': size.note, fill: MUTED },
      noteLines.map((line, i) => text(line, { x: pad, y: noteBaselines[i] })).join(''),
    ),
  ];

  return svgDocument({
    id: options.idPrefix ?? 'waterfall',
    width,
    height,
    fontSize: fs,
    title: figureTitle(plot.title, 'Waterfall plot of best percentage change in tumor size'),
    desc: describeWaterfall(bars, arms, clip),
    body,
  });
}
