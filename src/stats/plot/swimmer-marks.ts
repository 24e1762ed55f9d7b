/**
 * What the swimmer plot draws on and after a lane, and its legend: the bar in the arm's colour, a
 * marker for each point event, a dark line for each duration of response, an arrow while ongoing.
 */
import type { LegendEntry } from './header.ts';
import type { CurveStyle } from './palette.ts';
import { el, INK, type MarkerShape, markerPath, num } from './svg.ts';
import type { PointEventKind } from './swimmer-input.ts';

export interface MarkerStyle {
  shape: MarkerShape;
  filled: boolean;
  label: string;
}

/** Marker of each point event: shapes differ so the key reads in greyscale; open shapes are not-so-good news. */
export const EVENT_MARKERS: Record<PointEventKind, MarkerStyle> = {
  CR: { shape: 'star', filled: true, label: 'Complete response' },
  PR: { shape: 'triangle-up', filled: true, label: 'Partial response' },
  SD: { shape: 'circle', filled: false, label: 'Stable disease' },
  PD: { shape: 'cross', filled: false, label: 'Progressive disease' },
  death: { shape: 'square', filled: true, label: 'Death' },
};

/** Bars are a lighter shade of the arm colour, so the black markers on them stand out. */
export const BAR_OPACITY = 0.55;

/** Sizes in px: a lane's height, the bar's thickness, a marker's half-size and the arrow's length. */
export interface LaneSizes {
  lane: number;
  bar: number;
  mark: number;
  arrow: number;
}

/** The sizes from the lane height (default 1.4 × the font size, at least 12). */
export function laneSizes(laneHeight: number | undefined, fs: number): LaneSizes {
  const lane = laneHeight ?? Math.max(12, Math.round(fs * 1.4));
  const bar = lane * 0.62;
  const mark = Math.min(bar * 0.5, 5);
  return { lane, bar, mark, arrow: mark * 2.4 };
}

/** A marker in ink; filled shapes get a white outline and open ones a white fill to read on the bar. */
export function eventMarker(style: MarkerStyle, cx: number, cy: number, r: number): string {
  const d = markerPath(style.shape, cx, cy, r);
  if (style.shape === 'cross')
    return (
      el('path', { d, stroke: '#FFFFFF', 'stroke-width': 3.6, fill: 'none' }) +
      el('path', { d, stroke: INK, 'stroke-width': 1.8, fill: 'none' })
    );
  return style.filled
    ? el('path', { d, fill: INK, stroke: '#FFFFFF', 'stroke-width': 0.8 })
    : el('path', { d, fill: '#FFFFFF', stroke: INK, 'stroke-width': 1.3 });
}

/** The duration of a response: a dark line along the middle of the bar. */
export function responseLine(x0: number, x1: number, cy: number): string {
  return el('path', {
    d: `M${num(x0)} ${num(cy)}H${num(x1)}`,
    stroke: INK,
    'stroke-width': 2.2,
    fill: 'none',
  });
}

/** A right-pointing arrow head `length` long starting at `x`. */
export function arrowPath(x: number, cy: number, length: number, half: number): string {
  return `M${num(x)} ${num(cy - half)}L${num(x + length)} ${num(cy)}L${num(x)} ${num(cy + half)}Z`;
}

/**
 * The legend: a bar sample per arm, then only the marks the figure uses — the point events in key
 * order, the duration of response, the ongoing arrow.
 */
export function swimmerLegend(
  arms: readonly string[],
  styles: readonly CurveStyle[],
  used: { kinds: readonly PointEventKind[]; responses: boolean; ongoing: boolean },
  sizes: LaneSizes,
): LegendEntry[] {
  const { bar, mark, arrow } = sizes;
  return [
    ...arms.map((label, a) => ({
      label,
      sampleWidth: 22,
      draw: (x: number, mid: number) =>
        el('rect', {
          x,
          y: mid - bar / 2,
          width: 22,
          height: bar,
          fill: styles[a]?.stroke,
          'fill-opacity': BAR_OPACITY,
        }),
    })),
    ...used.kinds.map((kind) => ({
      label: EVENT_MARKERS[kind].label,
      sampleWidth: mark * 2.6,
      draw: (x: number, mid: number) => eventMarker(EVENT_MARKERS[kind], x + mark * 1.3, mid, mark),
    })),
    ...(used.responses
      ? [
          {
            label: 'Duration of response',
            sampleWidth: 22,
            draw: (x: number, mid: number) => responseLine(x, x + 22, mid),
          },
        ]
      : []),
    ...(used.ongoing
      ? [
          {
            label: 'Ongoing',
            sampleWidth: arrow,
            draw: (x: number, mid: number) => el('path', { d: arrowPath(x, mid, arrow, mark), fill: INK }),
          },
        ]
      : []),
  ];
}
