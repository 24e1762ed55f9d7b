/**
 * uᵀ A⁻¹ u for the small dense matrices of the test statistics (log-rank dᵀV⁻¹d, cox.zph's score
 * test), as R's `solve(A, u) %*% u`: Gaussian elimination with partial pivoting, the LU
 * factorisation LAPACK's dgesv uses for R's solve().
 */

/**
 * uᵀ A⁻¹ u for A `size` × `size`, row-major (neither argument is changed), or undefined when a
 * pivot is at most `relativeTolerance` × size × max|A| in absolute value, i.e. A is (numerically)
 * singular, where R's solve() stops. 0 means only an exactly zero pivot counts as singular.
 */
export function inverseQuadraticForm(
  matrix: Float64Array,
  size: number,
  u: Float64Array,
  relativeTolerance: number,
): number | undefined {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(u);
  let scale = 0;
  if (relativeTolerance > 0) for (const value of a) scale = Math.max(scale, Math.abs(value));
  const tiny = size * relativeTolerance * scale;
  for (let col = 0; col < size; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < size; r++) {
      if (Math.abs(a[r * size + col] as number) > Math.abs(a[pivotRow * size + col] as number)) pivotRow = r;
    }
    const pivot = a[pivotRow * size + col] as number;
    if (Math.abs(pivot) <= tiny) return undefined;
    if (pivotRow !== col) {
      for (let c = 0; c < size; c++) {
        const tmp = a[col * size + c] as number;
        a[col * size + c] = a[pivotRow * size + c] as number;
        a[pivotRow * size + c] = tmp;
      }
      const tmp = b[col] as number;
      b[col] = b[pivotRow] as number;
      b[pivotRow] = tmp;
    }
    for (let r = col + 1; r < size; r++) {
      const factor = (a[r * size + col] as number) / pivot;
      if (factor === 0) continue;
      for (let c = col; c < size; c++)
        a[r * size + c] = (a[r * size + c] as number) - factor * (a[col * size + c] as number);
      b[r] = (b[r] as number) - factor * (b[col] as number);
    }
  }
  // Back substitution gives A⁻¹u; the form is its dot product with the original u.
  const solution = new Float64Array(size);
  for (let r = size - 1; r >= 0; r--) {
    let sum = b[r] as number;
    for (let c = r + 1; c < size; c++) sum -= (a[r * size + c] as number) * (solution[c] as number);
    solution[r] = sum / (a[r * size + r] as number);
  }
  let form = 0;
  for (let r = 0; r < size; r++) form += (solution[r] as number) * (u[r] as number);
  return form;
}

/** The rows and columns `keep` of a size × size row-major matrix. */
export function submatrix(matrix: Float64Array, size: number, keep: readonly number[]): Float64Array {
  const m = keep.length;
  const out = new Float64Array(m * m);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++)
      out[r * m + c] = matrix[(keep[r] as number) * size + (keep[c] as number)] as number;
  }
  return out;
}
