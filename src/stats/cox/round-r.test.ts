/**
 * R's rounding as the Cox summary reproduces it. Values from R 4.2.2:
 *   round(c(0.125, 0.375, 1.005, 2.675, 0.045, 13.465, 29.925, 1e-20, 123456789.125, -0.125, 2.5, 0.285), 2)
 */
import { describe, expect, it } from 'vitest';
import { roundR } from './round-r.ts';

describe('roundR (R ≥ 4.0 round(x, 2), as summary.coxph rounds the Wald statistic)', () => {
  it.each([
    [0.125, 0.12],
    [0.375, 0.38],
    [1.005, 1],
    [2.675, 2.67],
    [0.045, 0.04],
    [13.465, 13.46],
    [29.925, 29.92],
    [1e-20, 0],
    [123456789.125, 123456789.12],
    [-0.125, -0.12],
    [2.5, 2.5],
    [0.285, 0.28],
  ])('round(%d, 2) = %d', (x, expected) => {
    expect(roundR(x, 2)).toBe(expected);
  });
});
