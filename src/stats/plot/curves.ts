/**
 * Geometry of the survival curves: step paths, confidence bands, censor marks and median lines, as SVG
 * path data in pixels. Works in data units until the last moment, so equal values compare exactly.
 */
import type { StepCurve } from './check.ts';
import { num } from './svg.ts';

export interface PlotScales {
  x: (time: number) => number;
  y: (surv: number) => number;
  /** Last time on the x-axis; everything is cut there. */
  xEnd: number;
}

type Point = readonly [number, number];

/** Index of the step in force at `t` (the last time ≤ t); `time[0]` is 0 and t ≥ 0. */
export function stepIndex(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((time[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The curve's value at `t` (right-continuous: at an event time, the value after the drop). */
export function survivalAt(curve: StepCurve, t: number): number {
  return curve.surv[stepIndex(curve.time, t)] as number;
}

/**
 * Path data through `points` using only horizontal and vertical moves; repeated points and points in
 * the middle of a straight run are dropped, so a flat stretch is one `H`.
 */
export function orthogonalPath(points: readonly Point[], scales: PlotScales, close = false): string {
  const kept: Point[] = [];
  for (const p of points) {
    const last = kept[kept.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    const before = kept[kept.length - 2];
    if (
      last &&
      before &&
      ((before[0] === last[0] && last[0] === p[0]) || (before[1] === last[1] && last[1] === p[1]))
    ) {
      kept[kept.length - 1] = p;
    } else kept.push(p);
  }
  const [first, ...rest] = kept;
  if (!first) return '';
  let d = `M${num(scales.x(first[0]))} ${num(scales.y(first[1]))}`;
  let prev = first;
  for (const p of rest) {
    d += p[0] === prev[0] ? `V${num(scales.y(p[1]))}` : `H${num(scales.x(p[0]))}`;
    prev = p;
  }
  return close ? `${d}Z` : d;
}

/** Vertices of the curve's steps from (0, 1) to its end or the axis end, whichever is first. */
export function stepPoints(curve: StepCurve, xEnd: number): Point[] {
  const to = Math.min(curve.end, xEnd);
  const points: Point[] = [[0, 1]];
  let value = 1;
  for (let i = 0; i < curve.time.length; i++) {
    const t = curve.time[i] as number;
    if (t > to) break;
    const v = curve.surv[i] as number;
    points.push([t, value], [t, v]);
    value = v;
  }
  points.push([to, value]);
  return points;
}

export function curvePath(curve: StepCurve, scales: PlotScales): string {
  return orthogonalPath(stepPoints(curve, scales.xEnd), scales);
}

/**
 * The pointwise confidence band as closed step polygons, one per run of steps where both limits
 * are defined (a null limit, e.g. once S reaches 0, breaks the band).
 */
export function bandPath(curve: StepCurve, scales: PlotScales): string {
  const { time, lower, upper } = curve;
  if (!lower || !upper) return '';
  const to = Math.min(curve.end, scales.xEnd);
  const n = time.length;
  const defined = (i: number) => !Number.isNaN(lower[i] as number) && !Number.isNaN(upper[i] as number);
  let d = '';
  let i = 0;
  while (i < n && (time[i] as number) < to) {
    if (!defined(i)) {
      i++;
      continue;
    }
    const start = i;
    while (i + 1 < n && defined(i + 1) && (time[i + 1] as number) < to) i++;
    const right = i + 1 < n ? Math.min(time[i + 1] as number, to) : to;
    const top: Point[] = [];
    const bottom: Point[] = [];
    for (let k = start; k <= i; k++) {
      const t0 = time[k] as number;
      const t1 = k < i ? (time[k + 1] as number) : right;
      top.push([t0, upper[k] as number], [t1, upper[k] as number]);
      bottom.push([t0, lower[k] as number], [t1, lower[k] as number]);
    }
    d += orthogonalPath([...top, ...bottom.reverse()], scales, true);
    i++;
  }
  return d;
}

/** Centres of the censor marks: each censoring time within the axis, at the curve's height there. */
export function censorPoints(curve: StepCurve, xEnd: number): Point[] {
  const points: Point[] = [];
  for (const t of curve.censorTimes) if (t <= xEnd) points.push([t, survivalAt(curve, t)]);
  return points;
}

/** "+" marks of half-size `half` px; marks that land on the same pixel are drawn once. */
export function censorPath(curve: StepCurve, scales: PlotScales, half: number): string {
  const seen = new Set<string>();
  let d = '';
  for (const [t, s] of censorPoints(curve, scales.xEnd)) {
    const x = scales.x(t);
    const y = scales.y(s);
    const key = `${num(x)} ${num(y)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    d += `M${num(x)} ${num(y - half)}V${num(y + half)}M${num(x - half)} ${num(y)}H${num(x + half)}`;
  }
  return d;
}

/** Medians drawn as lines: those reached within the axis. */
export function drawnMedians(curves: readonly StepCurve[], xEnd: number): number[] {
  return curves.flatMap((c) => (c.median !== undefined && c.median <= xEnd ? [c.median] : []));
}

/** One horizontal line at S = 0.5 to the largest median, and a vertical one down from each median. */
export function medianPath(curves: readonly StepCurve[], scales: PlotScales): string {
  const medians = drawnMedians(curves, scales.xEnd);
  if (medians.length === 0) return '';
  const y = num(scales.y(0.5));
  let d = `M${num(scales.x(0))} ${y}H${num(scales.x(Math.max(...medians)))}`;
  for (const m of [...new Set(medians)]) d += `M${num(scales.x(m))} ${y}V${num(scales.y(0))}`;
  return d;
}

/**
 * The range of values the curve (and its band, when drawn) takes over [t0, t1], or undefined when the
 * curve has ended before t0. Used to find an empty corner for the annotation box.
 */
export function valueRange(
  curve: StepCurve,
  t0: number,
  t1: number,
  withBand: boolean,
): [number, number] | undefined {
  if (t0 > curve.end) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const take = (v: number | undefined) => {
    if (v === undefined || Number.isNaN(v)) return;
    min = Math.min(min, v);
    max = Math.max(max, v);
  };
  if (t0 <= 0) take(1);
  for (let i = stepIndex(curve.time, t0); i < curve.time.length && (curve.time[i] as number) <= t1; i++) {
    take(curve.surv[i]);
    if (withBand) {
      take(curve.lower?.[i]);
      take(curve.upper?.[i]);
    }
  }
  return [min, max];
}
