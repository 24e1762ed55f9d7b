import { describe, expect, it } from 'vitest';
import { InputError } from '../../contracts/index.ts';
import { allElements, byClass, parseXml, textContent, type XmlElement } from './test-support/parse-xml.ts';
import { vertices } from './test-support/path-geometry.ts';
import { renderWaterfallSvg, type WaterfallBar, type WaterfallPlotInput } from './waterfall-plot.ts';

// Unsorted on purpose; subject 05 grew beyond the default +100 % clip.
const bars: WaterfallBar[] = [
  { subject: '01', arm: 'Drug', bestPercentChange: -45, bestResponse: 'PR' },
  { subject: '02', arm: 'Placebo', bestPercentChange: 12, bestResponse: 'SD' },
  { subject: '03', arm: 'Drug', bestPercentChange: -100, bestResponse: 'CR' },
  { subject: '04', arm: 'Placebo', bestPercentChange: 35, bestResponse: 'PD' },
  { subject: '05', arm: 'Drug', bestPercentChange: 180, bestResponse: 'PD' },
  { subject: '06', arm: 'Placebo', bestPercentChange: -10 },
];
const plot: WaterfallPlotInput = { title: 'Best change', bars };

/** px per percentage point (negative: up is smaller y), read from the y tick labels. */
function pxPerPercent(svg: XmlElement, prefix: string): number {
  const ticks = byClass(svg, `${prefix}-y-ticks`)[0]?.children as XmlElement[];
  const value = (t: XmlElement) => Number(t.text.replace('−', '-'));
  const [a, b] = [ticks[0] as XmlElement, ticks[ticks.length - 1] as XmlElement];
  return (Number(b.attributes.y) - Number(a.attributes.y)) / (value(b) - value(a));
}

/** The y of a horizontal reference path (all its subpaths share it). */
function lineY(element: XmlElement): number {
  const path =
    element.name === 'path' ? element : (allElements(element).find((e) => e.name === 'path') as XmlElement);
  const ys = new Set(vertices(path.attributes.d as string).flatMap((sub) => sub.map(([, y]) => y)));
  expect(ys.size).toBe(1);
  return [...ys][0] as number;
}

describe('renderWaterfallSvg', () => {
  const source = renderWaterfallSvg(plot);
  const svg = parseXml(source);
  const rects = byClass(svg, 'wf-bar');

  it('is a well-formed, accessible SVG with real text', () => {
    expect(svg.attributes).toMatchObject({ role: 'img', 'aria-labelledby': 'waterfall-title' });
    expect(svg.children[0]?.text).toBe('Best change');
    expect(svg.children[1]?.text).toContain('for 6 subjects');
    expect(svg.children[1]?.text).toContain('Drawn at +100%: 05 +180%.');
    expect(byClass(svg, 'wf-x-title')[0]?.text).toBe('Subjects (n = 6)');
    expect(source).not.toMatch(/NaN|Infinity|undefined/);
    expect(renderWaterfallSvg(structuredClone(plot))).toBe(source);
  });

  it('sorts the bars from largest increase to largest decrease, whatever the input order', () => {
    expect(rects.map((r) => r.attributes['data-subject'])).toEqual(['05', '04', '02', '06', '01', '03']);
    const xs = rects.map((r) => Number(r.attributes.x));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // Arms default to the order of first appearance; with them given, input order does not matter.
    const arms = ['Drug', 'Placebo'];
    expect(renderWaterfallSvg({ bars: [...bars].reverse(), arms })).toBe(renderWaterfallSvg({ bars, arms }));
  });

  it('draws bars from 0 with heights proportional to the change', () => {
    const k = pxPerPercent(svg, 'wf');
    const zero = lineY(byClass(svg, 'wf-zero')[0] as XmlElement);
    for (const rect of rects.filter((r) => r.attributes['data-subject'] !== '05')) {
      const value = Number(rect.attributes['data-value']);
      const [y, h] = [Number(rect.attributes.y), Number(rect.attributes.height)];
      expect(h).toBeCloseTo(Math.abs(value * k), 1);
      // Growth rises from the zero line, shrinkage hangs from it.
      expect(value > 0 ? y + h : y).toBeCloseTo(zero, 1);
    }
  });

  it('draws the RECIST lines at +20 % and −30 %, labelled', () => {
    const k = pxPerPercent(svg, 'wf');
    const zero = lineY(byClass(svg, 'wf-zero')[0] as XmlElement);
    const refs = byClass(svg, 'wf-reference');
    expect(refs.map((r) => r.attributes['data-value'])).toEqual(['20', '-30']);
    expect(lineY(refs[0] as XmlElement) - zero).toBeCloseTo(20 * k, 1);
    expect(lineY(refs[1] as XmlElement) - zero).toBeCloseTo(-30 * k, 1);
    expect(refs.map((r) => textContent(r))).toEqual(['+20%', '−30%']);
    expect(
      allElements(refs[0] as XmlElement).find((e) => e.name === 'path')?.attributes['stroke-dasharray'],
    ).toBe('5 4');
  });

  it('clips values above +100 % and marks them', () => {
    const k = pxPerPercent(svg, 'wf');
    const clipped = rects[0] as XmlElement;
    expect(Number(clipped.attributes.height)).toBeCloseTo(100 * Math.abs(k), 1);
    expect(allElements(clipped).find((e) => e.name === 'title')?.text).toBe(
      '05 (Drug): +180%, best response PD',
    );
    expect(byClass(svg, 'wf-clipped')).toHaveLength(1);
    expect(textContent(byClass(svg, 'wf-legend')[0] as XmlElement)).toBe(
      'DrugPlaceboAbove +100% (drawn at it)',
    );
    // A higher clip leaves the bar whole and drops the marker.
    const unclipped = parseXml(renderWaterfallSvg({ ...plot, clipAbove: 200 }));
    expect(byClass(unclipped, 'wf-clipped')).toHaveLength(0);
    const tall = byClass(unclipped, 'wf-bar')[0] as XmlElement;
    expect(Number(tall.attributes.height)).toBeCloseTo(180 * Math.abs(pxPerPercent(unclipped, 'wf')), 1);
  });

  it('colours bars by arm, in the given arm order', () => {
    const fill = (arm: string) =>
      new Set(
        rects
          .filter((r) => bars.find((b) => b.subject === r.attributes['data-subject'])?.arm === arm)
          .map((r) => r.attributes.fill),
      );
    expect([...fill('Drug')]).toEqual(['#0072B2']);
    expect([...fill('Placebo')]).toEqual(['#D55E00']);
    const swapped = parseXml(renderWaterfallSvg({ ...plot, arms: ['Placebo', 'Drug'] }));
    expect(textContent(byClass(swapped, 'wf-legend')[0] as XmlElement)).toMatch(/^PlaceboDrug/);
  });

  it('writes each response letter above growth and below shrinkage, and explains the codes', () => {
    const letters = allElements(byClass(svg, 'wf-responses')[0] as XmlElement).filter(
      (e) => e.name === 'text',
    );
    expect(letters.map((l) => l.text)).toEqual(['PD', 'PD', 'SD', 'PR', 'CR']);
    const rectOf = (subject: string) =>
      rects.find((r) => r.attributes['data-subject'] === subject) as XmlElement;
    const pr = letters.find((l) => l.text === 'PR') as XmlElement;
    expect(Number(pr.attributes.y)).toBeGreaterThan(
      Number(rectOf('01').attributes.y) + Number(rectOf('01').attributes.height),
    );
    const sd = letters.find((l) => l.text === 'SD') as XmlElement;
    expect(Number(sd.attributes.y)).toBeLessThan(Number(rectOf('02').attributes.y));
    expect(textContent(byClass(svg, 'wf-note')[0] as XmlElement)).toContain(
      'CR, complete response; PR, partial response',
    );
  });

  it('facets by arm: one panel per arm, named with its n, bars sorted within each', () => {
    const faceted = parseXml(renderWaterfallSvg({ ...plot, facetByArm: true }));
    expect(byClass(faceted, 'wf-strip').map((s) => s.text)).toEqual(['Drug (n = 3)', 'Placebo (n = 3)']);
    const order = byClass(faceted, 'wf-bar').map((r) => r.attributes['data-subject']);
    expect(order).toEqual(['05', '01', '03', '04', '02', '06']);
    const widths = new Set(byClass(faceted, 'wf-bar').map((r) => r.attributes.width));
    expect(widths.size).toBe(1);
    // Both panels get their own stretch of the zero line.
    expect(vertices(byClass(faceted, 'wf-zero')[0]?.attributes.d as string)).toHaveLength(2);
  });

  it('escapes subject, arm and titles', () => {
    const nasty = `<b>"A" & 'B'</b>`;
    const parsed = parseXml(
      renderWaterfallSvg({
        title: nasty,
        xLabel: nasty,
        yLabel: nasty,
        bars: [{ subject: nasty, arm: nasty, bestPercentChange: -50, bestResponse: 'PR' }],
      }),
    );
    expect(parsed.children[0]?.text).toBe(nasty);
    expect(byClass(parsed, 'wf-bar')[0]?.attributes['data-subject']).toBe(nasty);
    expect(allElements(parsed).some((e) => e.name === 'b')).toBe(false);
  });
});

describe('renderWaterfallSvg: bad input', () => {
  const bad = (patch: Partial<WaterfallPlotInput>) => () => renderWaterfallSvg({ ...plot, ...patch });
  const bar = (patch: Partial<WaterfallBar>) => bad({ bars: [{ ...(bars[0] as WaterfallBar), ...patch }] });

  it.each([
    ['no bars', bad({ bars: [] }), /^bars: expected at least one bar/],
    ['bars missing', bad({ bars: undefined as never }), /^bars: expected an array/],
    [
      'below −100 %',
      bar({ bestPercentChange: -120 }),
      /^bars\[0\]\.bestPercentChange: expected a finite percentage ≥ −100/,
    ],
    ['NaN change', bar({ bestPercentChange: Number.NaN }), /^bars\[0\]\.bestPercentChange/],
    [
      'unknown response',
      bar({ bestResponse: 'MR' as never }),
      /^bars\[0\]\.bestResponse: expected one of CR, PR, SD, PD, NE/,
    ],
    ['empty subject', bar({ subject: '' }), /^bars\[0\]\.subject: expected a non-empty subject identifier/],
    [
      'duplicate subject',
      bad({ bars: [bars[0] as WaterfallBar, bars[0] as WaterfallBar] }),
      /^bars\[1\]\.subject: expected a subject not already in bars\[0\]/,
    ],
    [
      'arm not in arms',
      bad({ arms: ['Drug'] }),
      /^bars\[1\]\.arm: expected one of the arms \(Drug\); got "Placebo"/,
    ],
    ['clip below +20 %', bad({ clipAbove: 10 }), /^clipAbove: expected a finite percentage ≥ 20/],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });

  it('checks the options', () => {
    expect(() => renderWaterfallSvg(plot, { width: 100 })).toThrow(/^options\.width/);
  });
});
