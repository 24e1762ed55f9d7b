/** Reading geometry back out of a rendered plot, for the tests. */
import { expect } from 'vitest';
import { allElements, byClass, type XmlElement } from './parse-xml.ts';

export type Point = [number, number];

/** Subpaths of an M/H/V path as vertex lists (the only commands the plot writes for these paths). */
export function vertices(d: string): Point[][] {
  const paths: Point[][] = [];
  let at: Point = [0, 0];
  for (const [, cmd, args] of d.matchAll(/([MHVZhv])([^MHVZhv]*)/g)) {
    const n = (args ?? '')
      .trim()
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number);
    if (cmd === 'M') {
      at = [n[0] as number, n[1] as number];
      paths.push([at]);
    } else if (cmd === 'Z') continue;
    else {
      if (cmd === 'H') at = [n[0] as number, at[1]];
      else if (cmd === 'V') at = [at[0], n[0] as number];
      else if (cmd === 'h') at = [at[0] + (n[0] as number), at[1]];
      else at = [at[0], at[1] + (n[0] as number)];
      paths[paths.length - 1]?.push(at);
    }
  }
  return paths;
}

/** The data → px maps of a rendered plot, read back from its x tick labels and y gridlines. */
export function scalesOf(svg: XmlElement) {
  const ticks = allElements(byClass(svg, 'km-x-ticks')[0] as XmlElement).filter((e) => e.name === 'text');
  const first = ticks[0] as XmlElement;
  const last = ticks[ticks.length - 1] as XmlElement;
  const [t0, t1] = [Number(first.text), Number(last.text)];
  const [x0, x1] = [Number(first.attributes.x), Number(last.attributes.x)];
  const grid = vertices(byClass(svg, 'km-grid')[0]?.attributes.d as string);
  const y0 = (grid[0] as Point[])[0]?.[1] as number; // gridlines run from S = 0 to 1
  const y1 = (grid[4] as Point[])[0]?.[1] as number;
  return {
    x: (t: number) => x0 + ((t - t0) / (t1 - t0)) * (x1 - x0),
    y: (s: number) => y0 + s * (y1 - y0),
  };
}

export function expectPoints(actual: Point[], expected: Point[]) {
  expect(actual.length, `${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`).toBe(expected.length);
  actual.forEach(([x, y], i) => {
    const [ex, ey] = expected[i] as Point;
    expect(Math.abs(x - ex), `x of vertex ${i}: ${x} vs ${ex}`).toBeLessThan(0.02);
    expect(Math.abs(y - ey), `y of vertex ${i}: ${y} vs ${ey}`).toBeLessThan(0.02);
  });
}
