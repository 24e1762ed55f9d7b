/**
 * Swimmer plot: one horizontal bar per subject for the time on study, longest at the top, coloured by
 * arm, with markers for the responses, progression and death, a line for each duration of response
 * and an arrow after the bar while the subject is still on study. Pure and deterministic.
 */
import { figureFrame, figureTitle } from './figure.ts';
import { drawHeader } from './header.ts';
import { curveStyle } from './palette.ts';
import { linearScale, TIME_UNITS, type TimeUnit } from './scales.ts';
import { drawStudyTimeAxis, studyTimeAxis } from './study-time-axis.ts';
import { svgDocument } from './svg.ts';
import {
  type CheckedLane,
  checkSwimmerInput,
  type PointEventKind,
  type SwimmerEventKind,
  type SwimmerPlotInput,
  type SwimmerPlotOptions,
} from './swimmer-input.ts';
import { drawLanes, drawSubjects, layoutSubjects } from './swimmer-lanes.ts';
import { EVENT_MARKERS, laneSizes, swimmerLegend } from './swimmer-marks.ts';

export type {
  SwimmerEvent,
  SwimmerEventKind,
  SwimmerLane,
  SwimmerPlotInput,
  SwimmerPlotOptions,
} from './swimmer-input.ts';

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
 * Draws the swimmer plot. Throws an `InputError` naming the field (e.g. `lanes[4].events[2].day`)
 * when the input is not a list of lanes.
 */
export function renderSwimmerSvg(plot: SwimmerPlotInput, options: SwimmerPlotOptions = {}): string {
  const { lanes, arms, unit } = checkSwimmerInput(plot, options);
  const frame = figureFrame(options);
  const { width, fs, size, pad } = frame;
  const prefix = 'sw';
  const styles = arms.map((_, a) => curveStyle(a, options.palette));
  const time = studyTimeAxis(Math.max(...lanes.map((l) => l.endDay)) / TIME_UNITS[unit].days, unit, fs);
  const sizes = laneSizes(options.laneHeight, fs);
  const { lane } = sizes;

  // Left margin: the subject labels; right: the last tick label or an ongoing arrow at the axis end.
  const subjects = layoutSubjects(lanes, plot.showSubjects !== false, width, size.tick, lane);
  const left = Math.ceil(pad + (subjects.show ? subjects.width + 8 : 0) + 4);
  const right = Math.floor(width - pad - Math.max(time.overhang, sizes.arrow + 3));

  const used = {
    kinds: (Object.keys(EVENT_MARKERS) as PointEventKind[]).filter((k) =>
      lanes.some((l) => l.events.some((e) => e.kind === k)),
    ),
    responses: lanes.some((l) => l.responses.length > 0),
    ongoing: lanes.some((l) => l.ongoing),
  };
  const entries = swimmerLegend(arms, styles, used, sizes);
  const header = drawHeader(plot.title, entries, frame, { left: pad, right: width - pad }, prefix);
  const top = Math.round(header.bottom + fs * 0.6);
  const bottom = top + lanes.length * lane + lane * 0.3;
  const x = linearScale(0, time.end, left, right);
  const yMid = (i: number) => top + lane * 0.15 + lane * (i + 0.5);

  const timeAxis = drawStudyTimeAxis(
    time,
    x,
    { left, right, top, bottom },
    { title: plot.xLabel, lineFrom: { x: left, y: top }, grid: true },
    fs,
    prefix,
  );
  const body = [
    ...header.body,
    ...timeAxis.elements,
    ...drawSubjects(lanes, subjects, left, yMid, prefix),
    drawLanes(lanes, arms, { x, yMid, left, unit }, sizes, styles, prefix),
  ];

  return svgDocument({
    id: options.idPrefix ?? 'swimmer',
    width,
    height: Math.ceil(timeAxis.titleBaseline + pad),
    fontSize: fs,
    title: figureTitle(plot.title, 'Swimmer plot of time on study'),
    desc: describeSwimmer(lanes, arms, unit),
    body,
  });
}
