import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { renderSpiderSvg, type SpiderLine, type SpiderPlotInput } from './spider-plot.ts';
import { allElements, byClass, parseXml, textContent, type XmlElement } from './test-support/parse-xml.ts';

const lines: SpiderLine[] = [
  {
    subject: 'A-1',
    arm: 'Drug',
    points: [
      { day: 42, percentChange: -20 },
      { day: 84, percentChange: -40 },
      { day: 126, percentChange: -35 },
    ],
  },
  {
    subject: 'P-1',
    arm: 'Placebo',
    points: [
      { day: 42, percentChange: 10 },
      { day: 84, percentChange: 150 },
    ],
    progressed: true,
  },
];
const plot: SpiderPlotInput = { title: 'Tumour size over time', lines };

/** Absolute coordinates of an M/L path. */
function points(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([-\d.]+) ([-\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** Maps from data to px, read back from the tick labels (text y sits a constant below the tick). */
function scales(svg: XmlElement) {
  const fitTicks = (cls: string, coord: 'x' | 'y') => {
    const ticks = byClass(svg, cls)[0]?.children as XmlElement[];
    const value = (t: XmlElement) => Number(t.text.replace('−', '-'));
    const [a, b] = [ticks[0] as XmlElement, ticks[ticks.length - 1] as XmlElement];
    const k = (Number(b.attributes[coord]) - Number(a.attributes[coord])) / (value(b) - value(a));
    return { k, at: (v: number) => Number(a.attributes[coord]) + (v - value(a)) * k };
  };
  return { x: fitTicks('sp-x-ticks', 'x'), y: fitTicks('sp-y-ticks', 'y') };
}

describe('renderSpiderSvg', () => {
  const source = renderSpiderSvg(plot);
  const svg = parseXml(source);
  const { x, y } = scales(svg);
  const zero = points(byClass(svg, 'sp-zero')[0]?.attributes.d as string)[0]?.[1] as number;

  it('is a well-formed, accessible SVG', () => {
    expect(svg.attributes).toMatchObject({ role: 'img', 'aria-describedby': 'spider-desc' });
    expect(svg.children[1]?.text).toContain('Drug: 1 subject, 1 with a decrease of 30% or more');
    expect(source).not.toMatch(/NaN|Infinity|undefined/);
    expect(byClass(svg, 'sp-x-title')[0]?.text).toBe('Days since randomization');
  });

  it('draws each line from (0, 0) through its points, clipped at +100 %', () => {
    const [drug, placebo] = byClass(svg, 'sp-line');
    const drugPoints = points(drug?.attributes.d as string);
    const expected: [number, number][] = [
      [0, 0],
      [42, -20],
      [84, -40],
      [126, -35],
    ];
    expect(drugPoints).toHaveLength(4);
    drugPoints.forEach(([px, py], i) => {
      const [day, pct] = expected[i] as [number, number];
      expect(px).toBeCloseTo(x.at(day), 1);
      expect(py - zero).toBeCloseTo(pct * y.k, 1);
    });
    const last = points(placebo?.attributes.d as string)[2] as [number, number];
    expect(last[1] - zero).toBeCloseTo(100 * y.k, 1);
    expect(byClass(svg, 'sp-clipped')).toHaveLength(1);
  });

  it('puts the RECIST lines at +20 % and −30 %', () => {
    const refs = byClass(svg, 'sp-reference');
    const at = (r: XmlElement) =>
      points(allElements(r).find((e) => e.name === 'path')?.attributes.d as string)[0]?.[1];
    expect((at(refs[0] as XmlElement) as number) - zero).toBeCloseTo(20 * y.k, 1);
    expect((at(refs[1] as XmlElement) as number) - zero).toBeCloseTo(-30 * y.k, 1);
  });

  it('marks the last point with a dot, or a cross when the subject progressed', () => {
    const ends = byClass(svg, 'sp-end');
    expect(ends.map((e) => e.attributes['data-progressed'])).toEqual(['false', 'true']);
    expect(textContent(byClass(svg, 'sp-legend')[0] as XmlElement)).toBe(
      'DrugPlaceboLast assessmentProgressedAbove +100% (drawn at it)',
    );
  });

  it('draws time in weeks on request, from the same input in days', () => {
    const weeks = parseXml(renderSpiderSvg({ ...plot, timeUnit: 'weeks' }));
    const drug = points(byClass(weeks, 'sp-line')[0]?.attributes.d as string);
    expect(drug[3]?.[0]).toBeCloseTo(scales(weeks).x.at(18), 1);
    expect(byClass(weeks, 'sp-x-title')[0]?.text).toBe('Weeks since randomization');
  });

  it('escapes labels', () => {
    const nasty = `<i>&"'</i>`;
    const parsed = parseXml(
      renderSpiderSvg({ title: nasty, lines: [{ ...(lines[0] as SpiderLine), subject: nasty, arm: nasty }] }),
    );
    expect(parsed.children[0]?.text).toBe(nasty);
    expect(allElements(parsed).some((e) => e.name === 'i')).toBe(false);
  });
});

describe('renderSpiderSvg: bad input', () => {
  const line = (patch: Partial<SpiderLine>) => () =>
    renderSpiderSvg({ lines: [{ ...(lines[0] as SpiderLine), ...patch }] });

  it.each([
    ['no lines', () => renderSpiderSvg({ lines: [] }), /^lines: expected at least one line/],
    [
      'no points',
      line({ points: [] }),
      /^lines\[0\]\.points: expected at least one post-baseline assessment/,
    ],
    [
      'days out of order',
      line({
        points: [
          { day: 84, percentChange: 0 },
          { day: 42, percentChange: 0 },
        ],
      }),
      /^lines\[0\]\.points\[1\]\.day: expected a day after the previous point's \(84\)/,
    ],
    ['negative day', line({ points: [{ day: -1, percentChange: 0 }] }), /^lines\[0\]\.points\[0\]\.day/],
    [
      'change below −100 %',
      line({ points: [{ day: 42, percentChange: -101 }] }),
      /^lines\[0\]\.points\[0\]\.percentChange: expected a finite percentage ≥ −100/,
    ],
    [
      'bad unit',
      () => renderSpiderSvg({ ...plot, timeUnit: 'years' as never }),
      /^timeUnit: expected one of days, weeks, months/,
    ],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });
});
