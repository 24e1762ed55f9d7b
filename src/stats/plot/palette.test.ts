import { describe, expect, it } from 'vitest';
import { curveStyle, OKABE_ITO, readableOnWhite } from './palette.ts';

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

describe('readableOnWhite', () => {
  it('keeps dark colours and darkens light ones to a 4.5:1 contrast on white', () => {
    expect(readableOnWhite('#0072B2')).toBe('#0072B2');
    expect(readableOnWhite('#000000')).toBe('#000000');
    for (const colour of OKABE_ITO)
      expect(contrastOnWhite(readableOnWhite(colour))).toBeGreaterThanOrEqual(4.5);
    expect(readableOnWhite('#E69F00')).not.toBe('#E69F00');
  });

  it('leaves colours it cannot parse alone', () => {
    expect(readableOnWhite('orange')).toBe('orange');
  });
});

describe('curveStyle', () => {
  it('cycles a custom palette and keeps the first curve solid', () => {
    expect(curveStyle(0, ['red', 'blue'])).toEqual({ stroke: 'red', dash: undefined, textFill: 'red' });
    expect(curveStyle(2, ['red', 'blue']).stroke).toBe('red');
    expect(curveStyle(2, ['red', 'blue']).dash).toBeDefined();
  });
});
