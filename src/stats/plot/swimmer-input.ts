/**
 * The swimmer plot's input: its types, and the check that turns it into lanes sorted longest first,
 * each with its arm's index, its point events by day and its responses as [start, end] days.
 */
import { inputError } from '../input.ts';
import {
  checkArms,
  checkArray,
  checkLabel,
  checkObject,
  checkPlotOptions,
  checkRows,
  checkTexts,
  checkTimeUnit,
  isNumber,
  type ResponsePlotOptions,
} from './check.ts';
import type { TimeUnit } from './scales.ts';
import { EVENT_MARKERS } from './swimmer-marks.ts';

/**
 * What happened on a day: a time-point response (CR, PR, SD), progression (PD), death, or the start
 * and end of a response (drawn as the duration of response).
 */
export type SwimmerEventKind = 'CR' | 'PR' | 'SD' | 'PD' | 'death' | 'response-start' | 'response-end';
/** The events drawn as a marker on the day; a response's start and end are drawn as a line between them. */
export type PointEventKind = Exclude<SwimmerEventKind, 'response-start' | 'response-end'>;

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

/** Every event kind: the point events (each drawn as a marker), then the start and end of a response. */
const KINDS: SwimmerEventKind[] = [
  ...Object.keys(EVENT_MARKERS),
  'response-start',
  'response-end',
] as SwimmerEventKind[];

export interface CheckedLane {
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
    throw inputError(`${at}.endDay`, 'a finite number of days > 0', undefined, endDay);
  if (lane.ongoing !== undefined && typeof lane.ongoing !== 'boolean')
    throw inputError(`${at}.ongoing`, 'true or false', undefined, lane.ongoing);
  const events = checkArray(lane.events, `${at}.events`).map((e, k) => {
    const event = checkObject(e, `${at}.events[${k}]`);
    if (!isNumber(event.day) || event.day < 0 || event.day > endDay)
      throw inputError(`${at}.events[${k}].day`, `a day from 0 to endDay (${endDay})`, undefined, event.day);
    if (!KINDS.includes(event.kind as SwimmerEventKind))
      throw inputError(`${at}.events[${k}].kind`, `one of ${KINDS.join(', ')}`, undefined, event.kind);
    return { day: event.day, kind: event.kind as SwimmerEventKind, k };
  });
  // Stable by day, so a start and an end on one day keep the caller's order.
  events.sort((a, b) => a.day - b.day);
  const responses: [number, number][] = [];
  let open: number | undefined;
  for (const event of events) {
    if (event.kind === 'response-start') {
      if (open !== undefined)
        throw inputError(
          `${at}.events[${event.k}]`,
          `a response-end for the response started on day ${open} first`,
          undefined,
          event,
        );
      open = event.day;
    } else if (event.kind === 'response-end') {
      if (open === undefined)
        throw inputError(`${at}.events[${event.k}]`, 'a response-start before it', undefined, event);
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

export function checkSwimmerInput(plot: SwimmerPlotInput, options: SwimmerPlotOptions) {
  const list = checkRows(plot, 'lanes', 'lane');
  const unit = checkTimeUnit(plot.timeUnit);
  const seen = new Set<string>();
  const rows = list.map((row, i) => {
    const lane = checkLane(row, `lanes[${i}]`);
    if (seen.has(lane.subject))
      throw inputError(`lanes[${i}].subject`, 'a subject not already listed', undefined, lane.subject);
    seen.add(lane.subject);
    return lane;
  });
  const arms = checkArms(
    plot.arms,
    rows.map((r) => r.arm),
    (i) => `lanes[${i}].arm`,
  );
  checkTexts(plot, ['title', 'xLabel']);
  checkPlotOptions(options);
  const { laneHeight } = options;
  if (laneHeight !== undefined && !(isNumber(laneHeight) && laneHeight >= 4 && laneHeight <= 100))
    throw inputError('options.laneHeight', 'a number in [4, 100] (px)', undefined, laneHeight);
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
