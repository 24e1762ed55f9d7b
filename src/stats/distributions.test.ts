/**
 * R conventions of the shared distribution functions. Values from R 4.2.2:
 *   pchisq(c(0, 3), 0, lower.tail = FALSE); pchisq(30.5, 3, lower.tail = FALSE); pchisq(1e3, 2, lower.tail = FALSE)
 *   qnorm(0.975); qnorm(1 - (1 - 0.95)/2)
 */
import { describe, expect, it } from 'vitest';
import { chiSquareUpperTail, normalQuantile, normalTwoSided, zForLevel } from './distributions.ts';

describe('chiSquareUpperTail (pchisq(x, df, lower.tail = FALSE))', () => {
  it('df = 0 is a point mass at 0, as R: 1 at x = 0, 0 above', () => {
    expect(chiSquareUpperTail(0, 0)).toBe(1);
    expect(chiSquareUpperTail(3, 0)).toBe(0);
  });

  it('df < 0 (no events) and x = NaN have no p-value, as R', () => {
    expect(chiSquareUpperTail(0, -1)).toBeNaN();
    expect(chiSquareUpperTail(Number.NaN, 1)).toBeNaN();
  });

  it('keeps relative accuracy far in the tail', () => {
    expect(chiSquareUpperTail(30.5, 3)).toBeCloseTo(1.0831686754579122e-6, 18);
    expect(chiSquareUpperTail(1e3, 2) / 7.1245764067412855e-218).toBeCloseTo(1, 12);
  });
});

describe('normal helpers', () => {
  it('z for a 95 % interval and a two-sided p-value', () => {
    // R's qnorm (Wichura's AS 241) gives 1.959963984540054; @stdlib's is 1 ulp lower.
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 15);
    expect(zForLevel(0.95)).toBeCloseTo(1.959963984540054, 15);
    expect(normalTwoSided(-1.959963984540054)).toBeCloseTo(0.05, 15);
  });
});
