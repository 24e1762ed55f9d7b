/**
 * uniroot follows R's iteration, not just R's answer: at the default tolerance (2^-13) the root is
 * the iterate where R stops, which differs from the true root in the 5th digit, so only the same
 * steps give the same double. R 4.2.2 values, printed with sprintf("%.17g") and $iter.
 */
import { describe, expect, it } from 'vitest';
import { UNIROOT_TOL, uniroot } from './zeroin.ts';

describe('uniroot reproduces R uniroot', () => {
  it('uses R’s default tolerance .Machine$double.eps^0.25', () => {
    expect(UNIROOT_TOL).toBe(2 ** -13);
  });

  it('x³ − 2 on [0, 2]: the same stopping iterate and iteration count', () => {
    // uniroot(function(x) x^3 - 2, c(0, 2)): root 1.2599338350608136, iter 5 (true root 1.2599210498948732)
    const r = uniroot((x) => x ** 3 - 2, 0, 2);
    expect(r.root).toBe(1.2599338350608136);
    expect(r.iterations).toBe(5);
  });

  it('cos x − x on [−1, 3]', () => {
    // uniroot(function(x) cos(x) - x, c(-1, 3)): root 0.73908476535088696, iter 7
    const r = uniroot((x) => Math.cos(x) - x, -1, 3);
    expect(r.root).toBeCloseTo(0.73908476535088696, 15);
    expect(r.iterations).toBe(7);
  });

  it('eˣ − 5 on [0, 10] with tol = 1e-12', () => {
    // uniroot(function(x) exp(x) - 5, c(0, 10), tol = 1e-12): root 1.6094379124340477, iter 12
    const r = uniroot((x) => Math.exp(x) - 5, 0, 10, 1e-12);
    expect(r.root).toBeCloseTo(1.6094379124340477, 15);
    expect(r.iterations).toBe(12);
  });

  it('returns an end point that is already a root, and refuses a bracket without a sign change', () => {
    expect(uniroot((x) => x - 1, 1, 2)).toEqual({ root: 1, iterations: 0 });
    expect(() => uniroot((x) => x * x + 1, -1, 1)).toThrow(RangeError);
  });
});
