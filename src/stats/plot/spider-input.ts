/**
 * The spider plot's input: its types, and the check that turns each subject's assessments into a line
 * from (0, 0) in the axis unit, with values clipped for drawing.
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
import { checkClip, checkPercentChange } from './percent-axis.ts';
import { TIME_UNITS, type TimeUnit } from './scales.ts';

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

export interface CheckedLine {
  subject: string;
  armIndex: number;
  /** (x in the axis unit, drawn % change, clipped) from (0, 0). */
  points: { x: number; y: number; clipped: boolean; value: number }[];
  progressed: boolean;
}

export function checkSpiderInput(plot: SpiderPlotInput, options: ResponsePlotOptions) {
  const list = checkRows(plot, 'lines', 'line');
  const clip = checkClip(plot.clipAbove);
  const unit = checkTimeUnit(plot.timeUnit);
  const perUnit = TIME_UNITS[unit].days;
  const seen = new Set<string>();
  const rows = list.map((row, i) => {
    const at = `lines[${i}]`;
    const line = checkObject(row, at);
    const subject = checkLabel(line.subject, `${at}.subject`, 'subject identifier');
    if (seen.has(subject))
      throw inputError(`${at}.subject`, 'a subject not already listed', undefined, subject);
    seen.add(subject);
    const arm = checkLabel(line.arm, `${at}.arm`, 'arm name');
    const points = checkArray(line.points, `${at}.points`);
    if (points.length === 0)
      throw inputError(`${at}.points`, 'at least one post-baseline assessment', undefined, []);
    const drawn: CheckedLine['points'] = [];
    let previous = -1;
    points.forEach((p, k) => {
      const point = checkObject(p, `${at}.points[${k}]`);
      const day = point.day;
      if (!isNumber(day) || day < 0)
        throw inputError(`${at}.points[${k}].day`, 'a finite number of days ≥ 0', undefined, day);
      if (day <= previous)
        throw inputError(
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
      throw inputError(`${at}.progressed`, 'true or false', undefined, line.progressed);
    return { subject, arm, points: drawn, progressed: line.progressed === true };
  });
  const arms = checkArms(
    plot.arms,
    rows.map((r) => r.arm),
    (i) => `lines[${i}].arm`,
  );
  checkTexts(plot, ['title', 'yLabel', 'xLabel']);
  checkPlotOptions(options);
  const lines: CheckedLine[] = rows.map((r) => ({ ...r, armIndex: arms.indexOf(r.arm) }));
  return { lines, arms, clip, unit };
}
