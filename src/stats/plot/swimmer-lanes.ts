/**
 * The swimmer plot's lanes: the subject identifiers at their left, then each lane's bar with its
 * responses, event markers and ongoing arrow, and a tooltip that spells the lane out.
 */
import type { CurveStyle } from './palette.ts';
import { TIME_UNITS, type TimeUnit } from './scales.ts';
import { el, escapeXml, INK, labelText, num, textWidth, truncateToWidth } from './svg.ts';
import type { CheckedLane } from './swimmer-input.ts';
import {
  arrowPath,
  BAR_OPACITY,
  EVENT_MARKERS,
  eventMarker,
  type LaneSizes,
  responseLine,
} from './swimmer-marks.ts';

/** The subject labels, shortened to at most a quarter of the figure's width; none when not shown. */
export interface SubjectLabels {
  show: boolean;
  labels: string[];
  fontSize: number;
  /** Width of the widest label, px (0 when not shown). */
  width: number;
}

export function layoutSubjects(
  lanes: readonly CheckedLane[],
  show: boolean,
  figureWidth: number,
  tickSize: number,
  laneHeight: number,
): SubjectLabels {
  const fontSize = Math.min(tickSize, laneHeight * 0.8);
  const labels = lanes.map((l) => (show ? truncateToWidth(l.subject, figureWidth * 0.25, fontSize) : ''));
  const width = Math.max(0, ...labels.map((l) => textWidth(l, fontSize)));
  return { show, labels, fontSize, width };
}

/** The subject labels right-aligned left of the lanes, each full identifier as a tooltip when shortened. */
export function drawSubjects(
  lanes: readonly CheckedLane[],
  subjects: SubjectLabels,
  left: number,
  yMid: (lane: number) => number,
  prefix: string,
): string[] {
  if (!subjects.show) return [];
  const size = subjects.fontSize;
  const texts = lanes.map((l, i) =>
    labelText(subjects.labels[i] as string, l.subject, { x: left - 6, y: yMid(i) + size * 0.35 }),
  );
  return [
    el('g', { class: `${prefix}-subjects`, 'font-size': num(size), 'text-anchor': 'end' }, texts.join('')),
  ];
}

/** Where the lanes go: `x` maps a time in `unit` to px, `yMid` a lane's index to its middle. */
export interface LanePlacement {
  x: (time: number) => number;
  yMid: (lane: number) => number;
  left: number;
  unit: TimeUnit;
}

/** Every lane as a `<g>`: the bar (its tooltip spells the lane out), responses, markers, ongoing arrow. */
export function drawLanes(
  lanes: readonly CheckedLane[],
  arms: readonly string[],
  place: LanePlacement,
  sizes: LaneSizes,
  styles: readonly CurveStyle[],
  prefix: string,
): string {
  const { x, yMid, left } = place;
  const perUnit = TIME_UNITS[place.unit].days;
  const { bar, mark, arrow } = sizes;
  const rows = lanes.map((l, i) => {
    const cy = yMid(i);
    const end = x(l.endDay / perUnit);
    const parts = [
      el(
        'rect',
        {
          class: `${prefix}-bar`,
          x: left,
          y: cy - bar / 2,
          width: Math.max(end - left, 1),
          height: bar,
          fill: styles[l.armIndex]?.stroke,
          'fill-opacity': BAR_OPACITY,
        },
        el('title', {}, escapeXml(laneTip(l, arms, place.unit))),
      ),
      ...l.responses.map(([from, to]) =>
        el('g', { class: `${prefix}-response` }, responseLine(x(from / perUnit), x(to / perUnit), cy)),
      ),
      ...l.events.map((e) =>
        el(
          'g',
          { class: `${prefix}-event`, 'data-kind': e.kind, 'data-day': e.day },
          eventMarker(EVENT_MARKERS[e.kind as keyof typeof EVENT_MARKERS], x(e.day / perUnit), cy, mark),
        ),
      ),
    ];
    if (l.ongoing)
      parts.push(
        el('path', { class: `${prefix}-ongoing`, d: arrowPath(end + 2, cy, arrow, mark), fill: INK }),
      );
    return el(
      'g',
      { class: `${prefix}-lane`, 'data-subject': l.subject, 'data-arm': l.armIndex },
      parts.join(''),
    );
  });
  return el('g', { class: `${prefix}-lanes` }, rows.join(''));
}

function laneTip(l: CheckedLane, arms: readonly string[], unit: TimeUnit): string {
  const days = (d: number) => `day ${d}`;
  const events = l.events.map(
    (e) => `${EVENT_MARKERS[e.kind as keyof typeof EVENT_MARKERS].label} ${days(e.day)}`,
  );
  const responses = l.responses.map(([a, b]) => `response ${days(a)}–${b}`);
  const length = Number((l.endDay / TIME_UNITS[unit].days).toFixed(1));
  return [
    `${l.subject} (${arms[l.armIndex]}): ${length} ${unit}${l.ongoing ? ', ongoing' : ''}`,
    ...responses,
    ...events,
  ].join('; ');
}
