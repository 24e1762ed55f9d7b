/**
 * The time axis of the spider and swimmer plots: time since randomization in days, weeks or months
 * (the input stays in days), with round breaks from 0 and light gridlines on request.
 */
import { drawXTicks, drawXTitle, xAxisBaselines } from './axes.ts';
import { fontSizes } from './figure.ts';
import { formatBreaks, niceBreaks, TIME_UNITS, type TimeUnit } from './scales.ts';
import { el, GRID, num, textWidth } from './svg.ts';

export interface StudyTimeAxis {
  breaks: number[];
  labels: string[];
  /** Last break, where the axis ends. */
  end: number;
  /** Half the width of the last tick label, which reaches past the panel's right edge. */
  overhang: number;
  /** The title when the caller gives none: "Days since randomization" (or weeks, months). */
  defaultTitle: string;
}

/** Round breaks from 0 to at or after `max`, a time already in `unit`. */
export function studyTimeAxis(max: number, unit: TimeUnit, fs: number): StudyTimeAxis {
  const breaks = niceBreaks(0, max, 7);
  const labels = formatBreaks(breaks);
  return {
    breaks,
    labels,
    end: breaks[breaks.length - 1] as number,
    overhang: textWidth(labels[labels.length - 1] as string, fontSizes(fs).tick) / 2,
    defaultTitle: `${TIME_UNITS[unit].name} since randomization`,
  };
}

export interface StudyTimeAxisStyle {
  /** X-axis title; the axis's default when absent. */
  title: string | undefined;
  /** Where the axis line starts: it runs down to the panel's bottom (if not there), then right. */
  lineFrom: { x: number; y: number };
  /** Light vertical gridlines at the breaks after 0. */
  grid: boolean;
}

/**
 * The axis under the panel: gridlines (on request), the line with its ticks, the tick labels and the
 * title; `titleBaseline` is the title's baseline, the lowest text of the axis.
 */
export function drawStudyTimeAxis(
  axis: StudyTimeAxis,
  x: (value: number) => number,
  panel: { left: number; right: number; top: number; bottom: number },
  style: StudyTimeAxisStyle,
  fs: number,
  prefix: string,
): { elements: string[]; titleBaseline: number } {
  const { left, right, top, bottom } = panel;
  const xs = axis.breaks.map((b) => x(b));
  const gridX = xs.map((gx) => num(gx));
  const baselines = xAxisBaselines(bottom, fs);
  const { lineFrom } = style;
  const down = lineFrom.y === bottom ? '' : `V${num(bottom)}`;
  const elements: string[] = [];
  if (style.grid)
    elements.push(
      el('path', {
        class: `${prefix}-grid`,
        d: gridX
          .slice(1)
          .map((gx) => `M${gx} ${num(top)}V${num(bottom)}`)
          .join(''),
        stroke: GRID,
        'stroke-width': 1,
        fill: 'none',
      }),
    );
  elements.push(
    el('path', {
      class: `${prefix}-x-axis`,
      d: `M${num(lineFrom.x)} ${num(lineFrom.y)}${down}H${num(right)}${gridX.map((gx) => `M${gx} ${num(bottom)}v5`).join('')}`,
      stroke: '#333333',
      'stroke-width': 1,
      fill: 'none',
    }),
    drawXTicks(axis.labels, xs, baselines.tick, fs, `${prefix}-x-ticks`),
    drawXTitle(style.title ?? axis.defaultTitle, { left, right }, baselines.title, fs, `${prefix}-x-title`),
  );
  return { elements, titleBaseline: baselines.title };
}
