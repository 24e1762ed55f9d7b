/**
 * Geometry of the accrual chart: cumulative randomizations per period (overall and by arm) against the
 * enrollment target, as SVG paths and ticks in a fixed viewBox (the SVG scales to its container).
 * Periods are evenly spaced bands; each point is the running total at the end of its period.
 */
import type { AccrualPoint } from '../contracts.ts';

/** What the chart reads of a period of GET /api/dashboard `accrual`. */
export type AccrualChartPoint = Pick<AccrualPoint, 'period' | 'start' | 'cumulative' | 'cumulativeByArm'>;

export interface AccrualChartOptions {
  width?: number;
  height?: number;
  /** Arm IDs drawn as their own lines, in legend order. */
  arms?: readonly string[];
  /** At most this many period labels on the x-axis. */
  maxXLabels?: number;
}

export interface Tick {
  /** Position in the viewBox. */
  at: number;
  label: string;
}

export interface ChartLine {
  /** `total`, or an arm ID. */
  key: string;
  d: string;
  points: { x: number; y: number; value: number; period: string }[];
}

export interface AccrualChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  xTicks: Tick[];
  yTicks: Tick[];
  lines: ChartLine[];
  target: { y: number; value: number };
  yMax: number;
}

/** Round tick steps (1, 2 or 5 × 10^k) from 0 to at least `max`, about `count` of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v < max + step - 1e-9; v += step) ticks.push(Math.round(v * 1e9) / 1e9);
  return ticks;
}

/** Every k-th label so that no more than `max` show, always keeping the first and the last. */
export function thinLabels(count: number, max: number): number[] {
  if (count <= 0) return [];
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  const step = Math.ceil((count - 1) / Math.max(1, max - 1));
  const kept: number[] = [];
  for (let i = 0; i < count; i += step) kept.push(i);
  if (kept.at(-1) !== count - 1) {
    if (count - 1 - (kept.at(-1) ?? 0) < step / 2) kept.pop();
    kept.push(count - 1);
  }
  return kept;
}

const round = (v: number) => Math.round(v * 100) / 100;

export function accrualChart(
  points: readonly AccrualChartPoint[],
  target: number,
  options: AccrualChartOptions = {},
): AccrualChart {
  const width = options.width ?? 720;
  const height = options.height ?? 320;
  const plot = { left: 52, right: width - 16, top: 16, bottom: height - 44 };
  const maxValue = Math.max(target, ...points.map((p) => p.cumulative));
  const yTickValues = niceTicks(maxValue);
  const yMax = yTickValues.at(-1) ?? 1;
  const y = (v: number) => round(plot.bottom - (v / yMax) * (plot.bottom - plot.top));
  const band = (plot.right - plot.left) / Math.max(1, points.length);
  const x = (i: number) => round(plot.left + band * (i + 0.5));
  const line = (key: string, value: (p: AccrualChartPoint) => number): ChartLine => {
    const at = points.map((p, i) => ({ x: x(i), y: y(value(p)), value: value(p), period: p.period }));
    const d = at.map((p, i) => `${i ? 'L' : 'M'}${p.x} ${p.y}`).join('');
    return { key, d, points: at };
  };
  return {
    width,
    height,
    plot,
    xTicks: thinLabels(points.length, options.maxXLabels ?? 8).map((i) => ({
      at: x(i),
      label: points[i]?.period ?? '',
    })),
    yTicks: yTickValues.map((v) => ({ at: y(v), label: String(v) })),
    lines: [
      line('total', (p) => p.cumulative),
      ...(options.arms ?? []).map((arm) => line(arm, (p) => p.cumulativeByArm[arm] ?? 0)),
    ],
    target: { y: y(target), value: target },
    yMax,
  };
}
