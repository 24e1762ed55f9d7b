import { describe, expect, it } from 'vitest';
import { renderKaplanMeierSvg } from './km-plot.ts';
import { readableOnWhite } from './palette.ts';
import { small, twoArms } from './test-support/fixtures.ts';
import { allElements, byClass, parseXml, textContent, type XmlElement } from './test-support/parse-xml.ts';
import { type Point, vertices } from './test-support/path-geometry.ts';
import type { KmPlotHazardRatio, KmPlotInput } from './types.ts';

describe('renderKaplanMeierSvg: number at risk', () => {
  it('puts each curve’s counts in order under the x breaks, which are the at-risk times', () => {
    const svg = parseXml(renderKaplanMeierSvg(twoArms));
    const ticks = allElements(byClass(svg, 'km-x-ticks')[0] as XmlElement).filter((e) => e.name === 'text');
    expect(ticks.map((t) => t.text)).toEqual(['0', '5', '10', '15']);
    const rows = byClass(svg, 'km-risk-row');
    expect(rows.map((r) => r.attributes['data-curve'])).toEqual(['0', '1']);
    rows.forEach((row, c) => {
      const cells = byClass(row, 'km-risk-cell');
      expect(cells.map((cell) => Number(cell.text))).toEqual(twoArms.atRisk?.counts[c]);
      expect(cells.map((cell) => cell.attributes.x)).toEqual(ticks.map((t) => t.attributes.x));
      expect(new Set(cells.map((cell) => cell.attributes.y)).size).toBe(1);
    });
    const labels = rows.map((r) => allElements(r).find((e) => e.name === 'text' && !e.attributes.class));
    expect(labels.map((l) => l?.text)).toEqual(['Placebo', 'Drug']);
    // Orange #D55E00 is a little light for text on white: the label gets a darker shade of it.
    expect(labels[1]?.attributes.fill).toBe(readableOnWhite('#D55E00'));
  });

  it('leaves the table out when no numbers at risk are given', () => {
    const { atRisk: _, ...plot } = twoArms;
    const svg = parseXml(renderKaplanMeierSvg(plot));
    expect(byClass(svg, 'km-risk-table')).toHaveLength(0);
    expect(Number(svg.attributes.height)).toBeLessThan(
      Number(parseXml(renderKaplanMeierSvg(twoArms)).attributes.height),
    );
  });
});

describe('renderKaplanMeierSvg: document', () => {
  const source = renderKaplanMeierSvg(twoArms);
  const svg = parseXml(source);

  it('is a well-formed standalone SVG 1.1 with size, viewBox, role and a sans-serif font stack', () => {
    expect(svg.name).toBe('svg');
    expect(svg.attributes).toMatchObject({
      xmlns: 'http://www.w3.org/2000/svg',
      version: '1.1',
      role: 'img',
    });
    expect(svg.attributes.viewBox).toBe(`0 0 ${svg.attributes.width} ${svg.attributes.height}`);
    expect(svg.attributes['font-family']).toMatch(/sans-serif$/);
    expect(source).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('has a title and a desc that summarises groups, medians, hazard ratio and p', () => {
    const [title, desc] = svg.children;
    expect(title?.name).toBe('title');
    expect(title?.text).toBe('Overall survival');
    expect(desc?.name).toBe('desc');
    expect(desc?.text).toBe(
      'Kaplan–Meier curves of Survival probability against Time (months) for 2 groups. ' +
        'Placebo (60 at risk at time 0): median 6. Drug (58 at risk at time 0): median not reached. ' +
        'Drug vs Placebo: HR 0.58 (95% CI 0.41–0.80). Log-rank p = 0.0013.',
    );
    expect(svg.attributes['aria-labelledby']).toBe(title?.attributes.id);
    expect(svg.attributes['aria-describedby']).toBe(desc?.attributes.id);
  });

  it('writes all text as <text> and shows the annotation with the comparison named', () => {
    const note = byClass(svg, 'km-annotation')[0] as XmlElement;
    const lines = allElements(note)
      .filter((e) => e.name === 'text')
      .map((e) => e.text);
    expect(lines).toEqual(['Drug vs Placebo: HR 0.58 (95% CI 0.41–0.80)', 'Log-rank p = 0.0013']);
    expect(textContent(byClass(svg, 'km-legend')[0] as XmlElement)).toBe('PlaceboDrug');
  });

  it('rounds coordinates to 2 decimals', () => {
    const geometry = ['x', 'y', 'width', 'height', 'd', 'transform'];
    for (const e of allElements(svg)) {
      for (const name of geometry) {
        for (const [n] of (e.attributes[name] ?? '').matchAll(/\d+\.\d+/g))
          expect(n.split('.')[1]?.length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('prefixes its ids so several plots can share a page', () => {
    const other = parseXml(renderKaplanMeierSvg(twoArms, { idPrefix: 'os-plot' }));
    expect(other.children.slice(0, 2).map((e) => e.attributes.id)).toEqual(['os-plot-title', 'os-plot-desc']);
    expect(other.attributes['aria-labelledby']).toBe('os-plot-title');
  });

  it('is deterministic', () => {
    expect(renderKaplanMeierSvg(structuredClone(twoArms))).toBe(source);
  });

  it('labels the y-axis as percentages on request', () => {
    const ticks = byClass(
      parseXml(renderKaplanMeierSvg(twoArms, { yScale: 'percent' })),
      'km-y-ticks',
    )[0] as XmlElement;
    expect(ticks.children.map((t) => t.text)).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  it('escapes user strings everywhere', () => {
    const nasty = `<b>"A" & 'B'</b>`;
    const plot: KmPlotInput = {
      ...twoArms,
      title: nasty,
      xLabel: nasty,
      yLabel: nasty,
      curves: twoArms.curves.map((c) => ({ ...c, label: nasty })),
      annotation: {
        hazardRatio: { ...(twoArms.annotation?.hazardRatio as KmPlotHazardRatio), comparison: nasty },
      },
    };
    const parsed = parseXml(renderKaplanMeierSvg(plot));
    expect(parsed.children[0]?.text).toBe(nasty);
    expect(allElements(parsed).filter((e) => e.text.includes(nasty)).length).toBeGreaterThanOrEqual(7);
    expect(allElements(parsed).some((e) => e.name === 'b')).toBe(false);
  });
});

describe('renderKaplanMeierSvg: layout', () => {
  const long =
    'Pembrolizumab 200 mg every three weeks plus pemetrexed and a platinum-based chemotherapy, then maintenance';

  it('shortens very long labels with an ellipsis, keeping the full label as a tooltip and in the desc', () => {
    const plot = { ...twoArms, curves: twoArms.curves.map((c, i) => (i === 0 ? { ...c, label: long } : c)) };
    const svg = parseXml(renderKaplanMeierSvg(plot));
    expect(Number(svg.attributes.width)).toBe(720);
    const legendText = allElements(byClass(svg, 'km-legend')[0] as XmlElement).filter(
      (e) => e.name === 'text',
    );
    const tableLabel = allElements(byClass(svg, 'km-risk-row')[0] as XmlElement).find(
      (e) => e.name === 'text',
    );
    for (const shown of [legendText[0]?.text, tableLabel?.text]) {
      expect(shown?.endsWith('…')).toBe(true);
      expect(long.startsWith(shown?.slice(0, -1) as string)).toBe(true);
    }
    expect(allElements(svg).filter((e) => e.name === 'title' && e.text === long)).toHaveLength(2);
    expect(svg.children[1]?.text).toContain(long);
    // The panel still gets most of the width.
    const grid = vertices(byClass(svg, 'km-grid')[0]?.attributes.d as string)[0] as Point[];
    expect((grid[1]?.[0] as number) - (grid[0]?.[0] as number)).toBeGreaterThan(400);
  });

  it('wraps a long title onto more lines', () => {
    const svg = parseXml(renderKaplanMeierSvg({ ...twoArms, title: `${long}. ${long}` }));
    const lines = byClass(svg, 'km-title');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.text).join(' ')).toBe(`${long}. ${long}`);
  });

  it('puts the annotation above the panel when every corner of it is taken', () => {
    // Bands from 0 to 1 everywhere leave no empty corner.
    const curves = [{ label: 'Wide', time: [1, 20], surv: [0.5, 0.4], lower: [0, 0], upper: [1, 1] }];
    const svg = parseXml(
      renderKaplanMeierSvg({ ...twoArms, curves, atRisk: undefined, showConfidenceBands: true }),
    );
    const note = byClass(svg, 'km-annotation')[0] as XmlElement;
    expect(note.children.some((e) => e.name === 'rect')).toBe(false);
    const gridTop = Math.min(
      ...vertices(byClass(svg, 'km-grid')[0]?.attributes.d as string)
        .flat()
        .map(([, y]) => y),
    );
    for (const line of note.children) expect(Number(line.attributes.y)).toBeLessThan(gridTop);
  });

  it('draws a single curve', () => {
    const svg = parseXml(renderKaplanMeierSvg({ xLabel: 'Days', curves: [small] }));
    expect(byClass(svg, 'km-curve')).toHaveLength(1);
    expect(byClass(svg, 'km-annotation')).toHaveLength(0);
  });
});
