/**
 * Brent's root finder, iterated exactly as R's `uniroot` does it, so that a root found to R's
 * tolerance lands on the same double R returns.
 *
 * Algorithm: R. P. Brent (1973), "Algorithms for Minimization without Derivatives", ch. 4
 * (procedure `zero`), in the form of G. E. Forsythe, M. A. Malcolm & C. B. Moler (1977),
 * "Computer Methods for Mathematical Computations", ZEROIN: keep a bracket [b, c] with f(b), f(c)
 * of opposite signs and b the better end; try inverse quadratic interpolation through (a, b, c)
 * (secant when a = c), fall back to bisection when the step leaves the bracket or does not shrink
 * fast enough, never step by less than the tolerance.
 *
 * R specifics (R documentation, ?uniroot): the default tolerance is `.Machine$double.eps^0.25`,
 * at most `maxiter` = 1000 function evaluations, and f(lower), f(upper) are evaluated by uniroot
 * before the iteration starts; a root at an end point is returned at once.
 */

const EPSILON = Number.EPSILON;
/** R's default `tol` for uniroot: .Machine$double.eps^0.25 = 2^-13. */
export const UNIROOT_TOL = EPSILON ** 0.25;

export interface Root {
  root: number;
  /** Function evaluations after the two end points; −1 when the iteration did not converge. */
  iterations: number;
}

/**
 * A root of f in [lower, upper], where f(lower) and f(upper) must not have the same sign.
 * Throws when they do (R: "f() values at end points not of opposite sign").
 */
export function uniroot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tol = UNIROOT_TOL,
  maxiter = 1000,
): Root {
  const fLower = f(lower);
  const fUpper = f(upper);
  if (!(Math.sign(fLower) * Math.sign(fUpper) <= 0)) {
    throw new RangeError(`uniroot: f(${lower}) = ${fLower} and f(${upper}) = ${fUpper} have the same sign`);
  }
  return zeroin(f, lower, upper, fLower, fUpper, tol, maxiter);
}

/** Brent–Dekker iteration from a bracket whose end values are already known. */
export function zeroin(
  f: (x: number) => number,
  ax: number,
  bx: number,
  fax: number,
  fbx: number,
  tol: number,
  maxiter: number,
): Root {
  let a = ax;
  let b = bx;
  let fa = fax;
  let fb = fbx;
  // c is the point that brackets the root with b.
  let c = a;
  let fc = fa;
  if (fa === 0) return { root: a, iterations: 0 };
  if (fb === 0) return { root: b, iterations: 0 };
  for (let left = maxiter + 1; left > 0; left--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // Make b the best approximation so far.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * EPSILON * Math.abs(b) + tol / 2;
    let step = (c - b) / 2; // bisection
    if (Math.abs(step) <= tolAct || fb === 0) {
      return { root: b, iterations: maxiter + 1 - left };
    }
    // Interpolate only if the previous step was large enough and went the right way.
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        // Two distinct points: secant.
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        // Inverse quadratic interpolation through a, b, c.
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      // Keep p ≥ 0, carrying the sign in q; the division waits until the step is accepted.
      if (p > 0) q = -q;
      else p = -p;
      // Accept if b + p/q stays inside [b, c] and the step is under half the one before last.
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) {
        step = p / q;
      }
    }
    if (Math.abs(step) < tolAct) step = step > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      // Keep the root bracketed between b and c.
      c = a;
      fc = fa;
    }
  }
  return { root: b, iterations: -1 };
}
