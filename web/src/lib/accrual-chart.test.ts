import { describe, expect, it } from 'vitest';
import { type AccrualChartPoint, accrualChart, niceTicks, thinLabels } from './accrual-chart.ts';

const point = (period: string, cumulative: number, a: number): AccrualChartPoint => ({
  period,
  start: `${period}-01`,
  cumulative,
  cumulativeByArm: { A: a, B: cumulative - a },
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10^k from 0 past the maximum', () => {
    expect(niceTicks(122)).toEqual([0, 50, 100, 150]);
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('thinLabels', () => {
  it('keeps all labels that fit, else every k-th with the first and the last', () => {
    expect(thinLabels(3, 8)).toEqual([0, 1, 2]);
    expect(thinLabels(13, 5)).toEqual([0, 3, 6, 9, 12]);
    expect(thinLabels(12, 5)).toEqual([0, 3, 6, 9, 11]);
    expect(thinLabels(11, 5)).toEqual([0, 3, 6, 10]);
    expect(thinLabels(0, 5)).toEqual([]);
  });
});

describe('accrualChart', () => {
  const chart = accrualChart([point('2026-01', 2, 1), point('2026-02', 3, 1), point('2026-03', 4, 2)], 122, {
    width: 400,
    height: 200,
    arms: ['A', 'B'],
  });

  it('scales from 0 to a round number above the target, the target line inside the plot', () => {
    expect(chart.yMax).toBe(150);
    expect(chart.yTicks.map((t) => t.label)).toEqual(['0', '50', '100', '150']);
    expect(chart.yTicks[0]?.at).toBe(chart.plot.bottom);
    expect(chart.yTicks.at(-1)?.at).toBe(chart.plot.top);
    expect(chart.target.value).toBe(122);
    const { bottom, top } = chart.plot;
    expect(chart.target.y).toBeCloseTo(bottom - (122 / 150) * (bottom - top), 1);
  });

  it('draws the total and one line per arm through the centre of each period', () => {
    expect(chart.lines.map((l) => l.key)).toEqual(['total', 'A', 'B']);
    const total = chart.lines[0];
    const band = (chart.plot.right - chart.plot.left) / 3;
    expect(total?.points.map((p) => p.x)).toEqual(
      [0.5, 1.5, 2.5].map((k) => Math.round((chart.plot.left + band * k) * 100) / 100),
    );
    expect(total?.points.map((p) => p.value)).toEqual([2, 3, 4]);
    expect(total?.d).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+L[\d.]+ [\d.]+$/);
    expect(chart.lines[2]?.points.map((p) => p.value)).toEqual([1, 2, 2]);
    expect(chart.xTicks.map((t) => t.label)).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('draws an empty series as no points, still with the target', () => {
    const empty = accrualChart([], 122);
    expect(empty.lines[0]?.points).toEqual([]);
    expect(empty.lines[0]?.d).toBe('');
    expect(empty.target.y).toBeGreaterThan(empty.plot.top);
  });

  it('raises the scale when accrual passes the target', () => {
    expect(accrualChart([point('2026-01', 130, 60)], 122).yMax).toBe(150);
    expect(accrualChart([point('2026-01', 160, 80)], 122).yMax).toBe(200);
  });
});
