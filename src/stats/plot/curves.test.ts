import { describe, expect, it } from 'vitest';
import { OKABE_ITO } from './palette.ts';
import { render, small } from './test-support/fixtures.ts';
import { byClass } from './test-support/parse-xml.ts';
import { expectPoints, type Point, scalesOf, vertices } from './test-support/path-geometry.ts';
import type { KmPlotCurve } from './types.ts';

describe('renderKaplanMeierSvg: curves', () => {
  it('draws a step curve through exactly the expected vertices, from (0, 1) to the last censoring', () => {
    const svg = render({});
    const s = scalesOf(svg);
    const paths = vertices(byClass(svg, 'km-curve')[0]?.attributes.d as string);
    expect(paths).toHaveLength(1);
    const expected: Point[] = [
      [0, 1],
      [2, 1],
      [2, 0.8],
      [8, 0.8],
      [8, 0.5],
      [9, 0.5],
    ];
    expectPoints(
      paths[0] as Point[],
      expected.map(([t, v]) => [s.x(t), s.y(v)]),
    );
  });

  it('puts a censor "+" at each censoring time at the curve height (after the drop at an event time)', () => {
    const svg = render({});
    const s = scalesOf(svg);
    const marks = vertices(byClass(svg, 'km-censor')[0]?.attributes.d as string);
    // Each mark is a vertical then a horizontal stroke; their midpoints are the mark's centre.
    const centres = marks
      .filter((_, i) => i % 2 === 0)
      .map(([a, b]) => [a?.[0], ((a?.[1] as number) + (b?.[1] as number)) / 2]);
    const expected: Point[] = [
      [5, 0.8],
      [8, 0.5],
      [9, 0.5],
    ];
    expectPoints(
      centres as Point[],
      expected.map(([t, v]) => [s.x(t), s.y(v)]),
    );
  });

  it('cuts the curve and its censor marks at xMax', () => {
    const svg = render({ xMax: 6 });
    const s = scalesOf(svg);
    const path = vertices(byClass(svg, 'km-curve')[0]?.attributes.d as string)[0] as Point[];
    expect(path.at(-1)?.[0]).toBeCloseTo(s.x(6), 1);
    expect(vertices(byClass(svg, 'km-censor')[0]?.attributes.d as string)).toHaveLength(2);
  });

  it('draws a curve that falls to 0 down to the zero line', () => {
    const svg = render({ curves: [{ label: 'All die', time: [1, 3], surv: [0.5, 0] }] });
    const path = vertices(byClass(svg, 'km-curve')[0]?.attributes.d as string)[0] as Point[];
    expect(path.at(-1)?.[1]).toBeCloseTo(scalesOf(svg).y(0), 1);
  });

  it('draws a group with no events as one flat line at 1 to its last censoring', () => {
    const svg = render({ curves: [{ label: 'No events', time: [], surv: [], censorTimes: [4, 7.5] }] });
    const s = scalesOf(svg);
    expect(vertices(byClass(svg, 'km-curve')[0]?.attributes.d as string)).toEqual([
      [
        [s.x(0), s.y(1)].map((v) => Math.round(v * 100) / 100),
        [Math.round(s.x(7.5) * 100) / 100, Math.round(s.y(1) * 100) / 100],
      ],
    ]);
  });

  it('shades confidence bands as steps and breaks them where a limit is null', () => {
    const curve: KmPlotCurve = {
      label: 'A',
      time: [1, 2, 3, 4],
      surv: [0.75, 0.5, 0.25, 0.1],
      lower: [0.6, 0.35, null, 0.02],
      upper: [0.9, 0.7, null, 0.3],
      censorTimes: [6],
    };
    const svg = render({ curves: [curve], showConfidenceBands: true });
    const band = vertices(byClass(svg, 'km-ci')[0]?.attributes.d as string);
    expect(band).toHaveLength(2); // [0, 3) and [4, 6], the null step at 3 left out
    const s = scalesOf(svg);
    // Upper limits forward, lower limits back; the (0, 1) start has both limits at 1.
    const first: Point[] = [
      [0, 1],
      [1, 1],
      [1, 0.9],
      [2, 0.9],
      [2, 0.7],
      [3, 0.7],
      [3, 0.35],
      [2, 0.35],
      [2, 0.6],
      [1, 0.6],
      [1, 1],
      [0, 1],
    ];
    expectPoints(
      band[0] as Point[],
      first.map(([t, v]) => [s.x(t), s.y(v)]),
    );
    const second: Point[] = [
      [4, 0.3],
      [6, 0.3],
      [6, 0.02],
      [4, 0.02],
    ];
    expectPoints(
      band[1] as Point[],
      second.map(([t, v]) => [s.x(t), s.y(v)]),
    );
    expect(render({ curves: [curve] }).children.some((e) => e.attributes.class === 'km-ci')).toBe(false);
  });

  it('draws median lines for reached medians only', () => {
    const curves: KmPlotCurve[] = [
      { ...small, median: 8 },
      { label: 'B', time: [3], surv: [0.9], censorTimes: [9], median: null },
    ];
    const svg = render({ curves, showMedianLines: true });
    const s = scalesOf(svg);
    const lines = vertices(byClass(svg, 'km-median')[0]?.attributes.d as string);
    expectPoints(lines.flat(), [
      [s.x(0), s.y(0.5)],
      [s.x(8), s.y(0.5)],
      [s.x(8), s.y(0.5)],
      [s.x(8), s.y(0)],
    ]);
  });

  it('styles up to six curves with distinct colours and dash patterns, the first solid', () => {
    const curves = Array.from({ length: 6 }, (_, i) => ({ ...small, label: `Group ${i + 1}` }));
    const paths = byClass(render({ curves }), 'km-curve');
    expect(new Set(paths.map((p) => p.attributes.stroke)).size).toBe(6);
    expect(paths.map((p) => p.attributes.stroke)).toEqual(OKABE_ITO.slice(0, 6));
    expect(paths[0]?.attributes['stroke-dasharray']).toBeUndefined();
    expect(new Set(paths.slice(1).map((p) => p.attributes['stroke-dasharray'])).size).toBe(5);
  });
});

describe('renderKaplanMeierSvg: censor marks off', () => {
  it('leaves the marks out when showCensorMarks is false', () => {
    expect(byClass(render({ showCensorMarks: false }), 'km-censor')).toHaveLength(0);
  });
});
