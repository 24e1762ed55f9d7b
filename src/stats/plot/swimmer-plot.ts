/**
 * Swimmer plot: one horizontal bar per subject for the time on study, longest at the top, coloured by
 * arm, with markers for the responses, progression and death, a line for each duration of response
 * and an arrow after the bar while the subject is still on study. Pure and deterministic.
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
import { drawLegend, flowLegend, fontSizes, layoutTitle } from './layout.ts';
import { curveStyle } from './palette.ts';
import { formatBreaks, linearScale, niceBreaks, TIME_UNITS, type TimeUnit } from './scales.ts';
import {
  el,
  escapeXml,
  GRID,
  INK,
  labelText,
  type MarkerShape,
  markerPath,
  num,
  svgDocument,
  text,
  textWidth,
  truncateToWidth,
} from './svg.ts';
import type { ResponsePlotOptions } from './waterfall-plot.ts';

/**
 * What happened on a day: a time-point response (CR, PR, SD), progression (PD), death, or the start
 * and end of a response (drawn as the duration of response).
 */
export type SwimmerEventKind = 'CR' | 'PR' | 'SD' | 'PD' | 'death' | 'response-start' | 'response-end';

export interface SwimmerEvent {
  /** Days since randomization, from 0 to the lane's `endDay`. */
  day: number;
  kind: SwimmerEventKind;
}

export interface SwimmerLane {
  subject: string;
  arm: string;
  /** Last day on study (days since randomization), > 0. */
  endDay: number;
  /** Still on study at the data cutoff: an arrow follows the bar. */
  ongoing?: boolean;
  events: readonly SwimmerEvent[];
}

export interface SwimmerPlotInput {
  title?: string;
  /** At least one lane. */
  lanes: readonly SwimmerLane[];
  /** Arm order of the legend and colours; default: the order the lanes first name them. */
  arms?: readonly string[];
  /** Unit of the time axis (default days); the input stays in days. */
  timeUnit?: TimeUnit;
  /** X-axis title; "Days since randomization" (or weeks, months) when absent. */
  xLabel?: string;
  /** Lanes in arm blocks (in arm order), each sorted by length (default false: all sorted by length). */
  groupByArm?: boolean;
  /** Subject identifiers at the left of the lanes (default true). */
  showSubjects?: boolean;
}

export interface SwimmerPlotOptions extends ResponsePlotOptions {
  /** Height of one lane in px (default 1.4 × the font size, at least 12). */
  laneHeight?: number;
}

/** Marker of each point event: shapes differ so the key reads in greyscale; open shapes are not-so-good news. */
const EVENT_MARKERS: Record<Exclude<SwimmerEventKind, 'response-start' | 'response-end'>, MarkerStyle> = {
  CR: { shape: 'star', filled: true, label: 'Complete response' },
  PR: { shape: 'triangle-up', filled: true, label: 'Partial response' },
  SD: { shape: 'circle', filled: false, label: 'Stable disease' },
  PD: { shape: 'cross', filled: false, label: 'Progressive disease' },
  death: { shape: 'square', filled: true, label: 'Death' },
};
const KINDS: SwimmerEventKind[] = [
  ...Object.keys(EVENT_MARKERS),
  'response-start',
  'response-end',
] as SwimmerEventKind[];

interface MarkerStyle {
  shape: MarkerShape;
  filled: boolean;
  label: string;
}

interface CheckedLane {
  subject: string;
  armIndex: number;
  endDay: number;
  ongoing: boolean;
  /** Point events (not response start/end), sorted by day. */
  events: SwimmerEvent[];
  /** [start, end] days of each response; an unended response lasts to `endDay`. */
  responses: [number, number][];
}

function checkLane(row: unknown, at: string) {
  const lane = checkObject(row, at);
  const subject = checkLabel(lane.subject, `${at}.subject`, 'subject identifier');
  const arm = checkLabel(lane.arm, `${at}.arm`, 'arm name');
  const endDay = lane.endDay;
  if (!isNumber(endDay) || endDay <= 0)
    throw new StatsInputError(`${at}.endDay`, 'a finite number of days > 0', undefined, endDay);
  if (lane.ongoing !== undefined && typeof lane.ongoing !== 'boolean')
    throw new StatsInputError(`${at}.ongoing`, 'true or false', undefined, lane.ongoing);
  const events = checkArray(lane.events, `${at}.events`).map((e, k) => {
    const event = checkObject(e, `${at}.events[${k}]`);
    if (!isNumber(event.day) || event.day < 0 || event.day > endDay)
      throw new StatsInputError(
        `${at}.events[${k}].day`,
        `a day from 0 to endDay (${endDay})`,
        undefined,
        event.day,
      );
    if (!KINDS.includes(event.kind as SwimmerEventKind))
      throw new StatsInputError(
        `${at}.events[${k}].kind`,
        `one of ${KINDS.join(', ')}`,
        undefined,
        event.kind,
      );
    return { day: event.day, kind: event.kind as SwimmerEventKind, k };
  });
  // Stable by day, so a start and an end on one day keep the caller's order.
  events.sort((a, b) => a.day - b.day);
  const responses: [number, number][] = [];
  let open: number | undefined;
  for (const event of events) {
    if (event.kind === 'response-start') {
      if (open !== undefined)
        throw new StatsInputError(
          `${at}.events[${event.k}]`,
          `a response-end for the response started on day ${open} first`,
          undefined,
          event,
        );
      open = event.day;
    } else if (event.kind === 'response-end') {
      if (open === undefined)
        throw new StatsInputError(`${at}.events[${event.k}]`, 'a response-start before it', undefined, event);
      responses.push([open, event.day]);
      open = undefined;
    }
  }
  if (open !== undefined) responses.push([open, endDay]);
  return {
    subject,
    arm,
    endDay,
    ongoing: lane.ongoing === true,
    events: events
      .filter((e) => e.kind !== 'response-start' && e.kind !== 'response-end')
      .map(({ day, kind }) => ({ day, kind })),
    responses,
  };
}

function checkSwimmerInput(plot: SwimmerPlotInput, options: SwimmerPlotOptions) {
  const input = checkObject(plot, 'plot');
  const list = checkArray(input.lanes, 'lanes');
  if (list.length === 0) throw new StatsInputError('lanes', 'at least one lane', undefined, []);
  const unit = plot.timeUnit ?? 'days';
  if (!Object.hasOwn(TIME_UNITS, unit))
    throw new StatsInputError('timeUnit', `one of ${Object.keys(TIME_UNITS).join(', ')}`, undefined, unit);
  const seen = new Set<string>();
  const rows = list.map((row, i) => {
    const lane = checkLane(row, `lanes[${i}]`);
    if (seen.has(lane.subject))
      throw new StatsInputError(
        `lanes[${i}].subject`,
        'a subject not already listed',
        undefined,
        lane.subject,
      );
    seen.add(lane.subject);
    return lane;
  });
  const arms = checkArms(
    plot.arms,
    rows.map((r) => r.arm),
    (i) => `lanes[${i}].arm`,
  );
  for (const key of ['title', 'xLabel'] as const) if (plot[key] !== undefined) checkString(plot[key], key);
  checkPlotOptions(options);
  const { laneHeight } = options;
  if (laneHeight !== undefined && !(isNumber(laneHeight) && laneHeight >= 4 && laneHeight <= 100))
    throw new StatsInputError('options.laneHeight', 'a number in [4, 100] (px)', undefined, laneHeight);
  const lanes: CheckedLane[] = rows.map(({ arm, ...r }) => ({ ...r, armIndex: arms.indexOf(arm) }));
  // Longest on top; ties by subject, so the order does not depend on the input's.
  lanes.sort(
    (a, b) =>
      (plot.groupByArm ? a.armIndex - b.armIndex : 0) ||
      b.endDay - a.endDay ||
      (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
  );
  return { lanes, arms, unit };
}

function describeSwimmer(lanes: readonly CheckedLane[], arms: readonly string[], unit: TimeUnit): string {
  const n = lanes.length;
  const longest = (lanes.reduce((m, l) => Math.max(m, l.endDay), 0) / TIME_UNITS[unit].days).toFixed(1);
  const parts = [
    `Swimmer plot of time on study for ${n} ${n === 1 ? 'subject' : 'subjects'}, longest first (up to ${Number(longest)} ${unit}).`,
  ];
  const count = (own: readonly CheckedLane[], kind: SwimmerEventKind) =>
    own.filter((l) => l.events.some((e) => e.kind === kind)).length;
  arms.forEach((arm, a) => {
    const own = lanes.filter((l) => l.armIndex === a);
    if (own.length === 0) return;
    const responders = own.filter(
      (l) => l.responses.length > 0 || l.events.some((e) => e.kind === 'CR' || e.kind === 'PR'),
    );
    parts.push(
      `${arm}: ${own.length} ${own.length === 1 ? 'subject' : 'subjects'}, ${responders.length} with a response (${count(own, 'CR')} complete), ${count(own, 'PD')} progressed, ${count(own, 'death')} died, ${own.filter((l) => l.ongoing).length} ongoing.`,
    );
  });
  return parts.join(' ');
}

/**
 * Draws the swimmer plot. Throws a `StatsInputError` naming the field (e.g. `lanes[4].events[2].day`)
 * when the input is not a list of lanes.
 */
export function renderSwimmerSvg(plot: SwimmerPlotInput, options: SwimmerPlotOptions = {}): string {
  const { lanes, arms, unit } = checkSwimmerInput(plot, options);
  const width = options.width ?? 720;
  const fs = options.fontSize ?? 13;
  const size = fontSizes(fs);
  const pad = Math.round(fs);
  const prefix = 'sw';
  const styles = arms.map((_, a) => curveStyle(a, options.palette));
  const perUnit = TIME_UNITS[unit].days;
  const xBreaks = niceBreaks(0, Math.max(...lanes.map((l) => l.endDay)) / perUnit, 7);
  const xLabels = formatBreaks(xBreaks);
  const xEnd = xBreaks[xBreaks.length - 1] as number;
  const lane = options.laneHeight ?? Math.max(12, Math.round(fs * 1.4));
  const bar = lane * 0.62;
  const mark = Math.min(bar * 0.5, 5);
  const arrow = mark * 2.4;

  // Left margin: the subject labels, shortened to at most a quarter of the width.
  const showSubjects = plot.showSubjects !== false;
  const labelSize = Math.min(size.tick, lane * 0.8);
  const maxLabel = width * 0.25;
  const subjectLabels = lanes.map((l) =>
    showSubjects ? truncateToWidth(l.subject, maxLabel, labelSize) : '',
  );
  const labelWidth = Math.max(0, ...subjectLabels.map((l) => textWidth(l, labelSize)));
  const left = Math.ceil(pad + (showSubjects ? labelWidth + 8 : 0) + 4);
  const lastTickHalf = textWidth(xLabels[xLabels.length - 1] as string, size.tick) / 2;
  const right = Math.floor(width - pad - Math.max(lastTickHalf, arrow + 3));

  const title = layoutTitle(plot.title, width, pad, fs, pad);
  const usedKinds = (Object.keys(EVENT_MARKERS) as (keyof typeof EVENT_MARKERS)[]).filter((k) =>
    lanes.some((l) => l.events.some((e) => e.kind === k)),
  );
  const hasResponses = lanes.some((l) => l.responses.length > 0);
  const hasOngoing = lanes.some((l) => l.ongoing);
  type Entry = { label: string; sampleWidth: number; draw: (x: number, mid: number) => string };
  const entries: Entry[] = [
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
    ...usedKinds.map((kind) => ({
      label: EVENT_MARKERS[kind].label,
      sampleWidth: mark * 2.6,
      draw: (x: number, mid: number) => eventMarker(EVENT_MARKERS[kind], x + mark * 1.3, mid, mark),
    })),
    ...(hasResponses
      ? [
          {
            label: 'Duration of response',
            sampleWidth: 22,
            draw: (x: number, mid: number) => responseLine(x, x + 22, mid),
          },
        ]
      : []),
    ...(hasOngoing
      ? [
          {
            label: 'Ongoing',
            sampleWidth: arrow,
            draw: (x: number, mid: number) => el('path', { d: arrowPath(x, mid, arrow, mark), fill: INK }),
          },
        ]
      : []),
  ];
  const legend = flowLegend(entries, pad, width - pad, title.bottom, size.legend);
  const top = Math.round(legend.bottom + fs * 0.6);
  const bottom = top + lanes.length * lane + lane * 0.3;
  const x = linearScale(0, xEnd, left, right);
  const yMid = (i: number) => top + lane * 0.15 + lane * (i + 0.5);

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
      (slot) => entries[slot.index]?.draw(slot.x, slot.mid) ?? '',
      size.legend,
      `${prefix}-legend`,
    ),
  );

  const gridX = xBreaks.map((b) => num(x(b)));
  const xTitle = plot.xLabel ?? `${TIME_UNITS[unit].name} since randomization`;
  const tickBaseline = bottom + 5 + 4 + size.tick * 0.75;
  const xTitleBaseline = tickBaseline + 10 + size.axisTitle * 0.95;
  body.push(
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
    el('path', {
      class: `${prefix}-x-axis`,
      d: `M${num(left)} ${num(top)}V${num(bottom)}H${num(right)}${gridX.map((gx) => `M${gx} ${num(bottom)}v5`).join('')}`,
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
  );
  if (showSubjects) {
    body.push(
      el(
        'g',
        { class: `${prefix}-subjects`, 'font-size': num(labelSize), 'text-anchor': 'end' },
        lanes
          .map((l, i) =>
            labelText(subjectLabels[i] as string, l.subject, { x: left - 6, y: yMid(i) + labelSize * 0.35 }),
          )
          .join(''),
      ),
    );
  }

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
        el('title', {}, escapeXml(laneTip(l, arms, unit))),
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
  body.push(el('g', { class: `${prefix}-lanes` }, rows.join('')));

  return svgDocument({
    id: options.idPrefix ?? 'swimmer',
    width,
    height: Math.ceil(xTitleBaseline + pad),
    fontSize: fs,
    title: plot.title && plot.title.trim() !== '' ? plot.title : 'Swimmer plot of time on study',
    desc: describeSwimmer(lanes, arms, unit),
    body,
  });
}

/** Bars are a lighter shade of the arm colour, so the black markers on them stand out. */
const BAR_OPACITY = 0.55;

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

/** A marker in ink; filled shapes get a white outline and open ones a white fill to read on the bar. */
function eventMarker(style: MarkerStyle, cx: number, cy: number, r: number): string {
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
function responseLine(x0: number, x1: number, cy: number): string {
  return el('path', {
    d: `M${num(x0)} ${num(cy)}H${num(x1)}`,
    stroke: INK,
    'stroke-width': 2.2,
    fill: 'none',
  });
}

/** A right-pointing arrow head `length` long starting at `x`. */
function arrowPath(x: number, cy: number, length: number, half: number): string {
  return `M${num(x)} ${num(cy - half)}L${num(x + length)} ${num(cy)}L${num(x)} ${num(cy + half)}Z`;
}
