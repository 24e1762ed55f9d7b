/**
 * Generalised Cholesky (LDLᵀ) of a small symmetric non-negative definite matrix, as survival uses
 * for the Cox information matrix: a pivot below `toler` × (largest diagonal) marks its column as
 * redundant (collinear); that column gets D = 0, the solve gives 0 for it and the inverse has a zero
 * row and column there (R then reports the coefficient as NA). Matrices are p×p Float64Array,
 * row-major; the factor lives in the lower triangle (unit L below the diagonal, D on it).
 */

/**
 * Factors the symmetric matrix held in the lower triangle of `m` in place. Returns its rank, or
 * −rank when a pivot is clearly negative (the matrix is not non-negative definite), as survival's
 * `cholesky2`.
 */
export function choleskyFactor(m: Float64Array, p: number, toler: number): number {
  let largest = 0;
  for (let i = 0; i < p; i++) largest = Math.max(largest, m[i * p + i] as number);
  const threshold = largest * toler;
  let rank = 0;
  let nonNegative = true;
  for (let i = 0; i < p; i++) {
    const pivot = m[i * p + i] as number;
    if (largest === 0 || !Number.isFinite(pivot) || pivot < threshold) {
      if (pivot < -8 * threshold) nonNegative = false;
      m[i * p + i] = 0;
      // A redundant column: what is left of it is rounding noise; dropping it keeps solve and inverse consistent.
      for (let j = i + 1; j < p; j++) m[j * p + i] = 0;
      continue;
    }
    rank++;
    for (let j = i + 1; j < p; j++) {
      const l = (m[j * p + i] as number) / pivot;
      m[j * p + i] = l;
      m[j * p + j] = (m[j * p + j] as number) - l * l * pivot;
      for (let k = j + 1; k < p; k++) m[k * p + j] = (m[k * p + j] as number) - l * (m[k * p + i] as number);
    }
  }
  return nonNegative ? rank : -rank;
}

/** y ← A⁻¹y using the factor in `m`; components of redundant columns become 0. */
export function choleskySolve(m: Float64Array, p: number, y: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let v = y[i] as number;
    for (let j = 0; j < i; j++) v -= (y[j] as number) * (m[i * p + j] as number);
    y[i] = v;
  }
  for (let i = p - 1; i >= 0; i--) {
    const d = m[i * p + i] as number;
    if (d === 0) {
      y[i] = 0;
      continue;
    }
    let v = (y[i] as number) / d;
    for (let j = i + 1; j < p; j++) v -= (y[j] as number) * (m[j * p + i] as number);
    y[i] = v;
  }
}

/** The (generalised) inverse L⁻ᵀD⁺L⁻¹ from the factor in `m`, written full and symmetric to `out`. */
export function choleskyInverse(m: Float64Array, p: number, out: Float64Array): void {
  // inverse of the unit lower triangle, by forward substitution on the identity
  const linv = new Float64Array(p * p);
  for (let c = 0; c < p; c++) {
    linv[c * p + c] = 1;
    for (let i = c + 1; i < p; i++) {
      let v = 0;
      for (let j = c; j < i; j++) v -= (m[i * p + j] as number) * (linv[j * p + c] as number);
      linv[i * p + c] = v;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let v = 0;
      for (let k = i; k < p; k++) {
        const d = m[k * p + k] as number;
        if (d !== 0) v += ((linv[k * p + i] as number) * (linv[k * p + j] as number)) / d;
      }
      out[i * p + j] = v;
      out[j * p + i] = v;
    }
  }
}
