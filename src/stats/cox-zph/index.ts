/**
 * Test of the proportional-hazards assumption of a fitted Cox model, as R's
 * `cox.zph(fit, transform, terms = TRUE, global)` in survival ≥ 3 (Grambsch P, Therneau T.
 * Biometrika 1994;81:515-26; see zph-score.ts for the statistic).
 *
 * It takes the design the model was fitted on and the fitted β̂, so it does not depend on how β̂
 * was found. One row per model term (a factor's dummies together: df = its number of columns),
 * then a GLOBAL row testing all columns at once.
 */
import { chiSquareUpperTail } from '../distributions.ts';
import { checkStrata, checkSurvival, inputError, type SurvivalInput, survivalOrder } from '../input.ts';
import { inverseQuadraticForm, submatrix } from '../quadratic-form.ts';
import { transformTimes, type ZphTransform } from './time-transform.ts';
import { zphScore } from './zph-score.ts';

export type { ZphTransform } from './time-transform.ts';

/** A model term and the design columns (0-based) that code it, e.g. a 3-level factor's 2 dummies. */
export interface ZphTerm {
  name: string;
  columns: readonly number[];
}

export interface CoxZphInput extends SurvivalInput {
  /** Stratum code (integer ≥ 0) of every row, for a model with a stratified baseline hazard. */
  strata?: ArrayLike<number>;
  /** Design columns, each with one value per row (rows with missing values already dropped). */
  x: readonly ArrayLike<number>[];
  /** The model's terms: together their `columns` must list every design column exactly once. */
  terms: readonly ZphTerm[];
}

export interface CoxZphOptions {
  /** Time scale g(t) of the test; R's default is `km`. */
  transform: ZphTransform;
  /** How tied deaths entered the fit that gave β̂ (R's default is `efron`). */
  ties: 'efron' | 'breslow';
  /** Add the GLOBAL row (default true, as R). */
  global?: boolean;
}

/** R's `cox.zph(...)$table`: one entry per row of `rows`. */
export interface CoxZphResult {
  transform: ZphTransform;
  /** Term names in the order given, then `GLOBAL` when asked for. */
  rows: string[];
  chisq: number[];
  df: number[];
  p: number[];
}

/** Checked input for {@link coxZphCore}: typed arrays of equal length, β with one value per column. */
export interface CoxZphData {
  time: Float64Array;
  event: Uint8Array;
  strata: Int32Array | undefined;
  x: Float64Array[];
  terms: readonly ZphTerm[];
}

const TRANSFORMS: readonly ZphTransform[] = ['km', 'identity', 'rank'];

/** Validates the design, β̂ and options, then runs the test (see {@link CoxZphResult}). */
export function coxZph(input: CoxZphInput, beta: ArrayLike<number>, options: CoxZphOptions): CoxZphResult {
  const { time, event } = checkSurvival(input);
  const n = time.length;
  if (!TRANSFORMS.includes(options.transform)) {
    throw inputError('transform', TRANSFORMS.join(', '), undefined, options.transform);
  }
  if (options.ties !== 'efron' && options.ties !== 'breslow') {
    throw inputError('ties', 'efron or breslow', undefined, options.ties);
  }
  const p = input.x.length;
  if (p === 0) throw inputError('x', 'at least one design column');
  const x = input.x.map((column, j) => {
    if (column.length !== n)
      throw inputError(`x[${j}]`, `${n} values, one per row`, undefined, column.length);
    const copy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const value = column[i];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw inputError(
          `x[${j}]`,
          'a finite number (drop rows with missing covariates first)',
          i + 1,
          value,
        );
      }
      copy[i] = value;
    }
    return copy;
  });
  if (beta.length !== p)
    throw inputError('beta', `${p} coefficients, one per column`, undefined, beta.length);
  for (let j = 0; j < p; j++) {
    if (!Number.isFinite(beta[j])) throw inputError(`beta[${j}]`, 'a finite coefficient', undefined, beta[j]);
  }
  checkTerms(input.terms, p);
  const strata = checkStrata(input.strata, n);
  if (!event.includes(1)) throw inputError('event', 'at least one event');
  return coxZphCore({ time, event, strata, x, terms: input.terms }, Float64Array.from(beta), options);
}

function checkTerms(terms: readonly ZphTerm[], p: number): void {
  const owner: (string | undefined)[] = new Array(p).fill(undefined);
  terms.forEach((term, k) => {
    if (typeof term.name !== 'string' || term.name === '') {
      throw inputError(`terms[${k}].name`, 'a non-empty name', undefined, term.name);
    }
    if (term.columns.length === 0) throw inputError(`terms[${k}].columns`, 'at least one column');
    for (const c of term.columns) {
      if (!Number.isInteger(c) || c < 0 || c >= p) {
        throw inputError(`terms[${k}].columns`, `column indices 0 to ${p - 1}`, undefined, c);
      }
      if (owner[c] !== undefined) {
        throw inputError(`terms[${k}].columns`, `column ${c} in one term only (also in ${owner[c]})`);
      }
      owner[c] = term.name;
    }
  });
  const missing = owner.indexOf(undefined);
  if (missing >= 0) throw inputError('terms', `every design column in a term (column ${missing} is in none)`);
}

/** The test on checked data (no validation): see {@link coxZph}. */
export function coxZphCore(data: CoxZphData, beta: Float64Array, options: CoxZphOptions): CoxZphResult {
  const { time, event, strata, terms } = data;
  const n = time.length;
  const p = data.x.length;
  // Centred columns: the same test (it only uses x − x̄(t)), with less cancellation in the
  // risk-set variances; η = (x − mean)β is also R's linear predictor.
  const x = data.x.map((column) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += column[i] as number;
    mean /= n;
    return column.map((value) => value - mean);
  });
  const eta = new Float64Array(n);
  for (let j = 0; j < p; j++) {
    const b = beta[j] as number;
    const column = x[j] as Float64Array;
    for (let i = 0; i < n; i++) eta[i] = (eta[i] as number) + b * (column[i] as number);
  }

  const order = survivalOrder(time, event, strata);
  // The transforms pool all rows whatever their stratum, so they need the plain time order.
  const byTime = strata ? survivalOrder(time, event) : order;
  const g = transformTimes(time, event, byTime, options.transform);
  let sum = 0;
  let deaths = 0;
  for (let i = 0; i < n; i++) {
    if (event[i]) {
      sum += g[i] as number;
      deaths++;
    }
  }
  // g(t) is centred on its mean over the deaths (cox.zph's `gtime`).
  const gMean = sum / deaths;
  for (let i = 0; i < n; i++) g[i] = (g[i] as number) - gMean;

  const { u, information } = zphScore(time, event, strata, order, x, eta, g, options.ties === 'efron');
  const size = 2 * p;
  const beforeTheta = Array.from({ length: p }, (_, j) => j);
  // The β part of the score is taken as exactly 0 at β̂; only the θ part of the tested columns enters.
  const test = (columns: readonly number[]): number => {
    const keep = [...beforeTheta, ...columns.map((c) => p + c)];
    const score = new Float64Array(keep.length);
    columns.forEach((c, k) => {
      score[p + k] = u[c] as number;
    });
    // A pivot below size·ε·max|I| means the information has (numerically) lost rank; R's solve()
    // stops there with "system is computationally singular".
    const chisq = inverseQuadraticForm(
      submatrix(information, size, keep),
      keep.length,
      score,
      Number.EPSILON,
    );
    if (chisq === undefined || Number.isNaN(chisq)) {
      throw inputError('x', 'design columns that are not collinear (the information matrix is singular)');
    }
    return chisq;
  };

  const rows = terms.map((t) => t.name);
  const chisq = terms.map((t) => test(t.columns));
  const df = terms.map((t) => t.columns.length);
  if (options.global ?? true) {
    rows.push('GLOBAL');
    chisq.push(test(beforeTheta));
    df.push(p);
  }
  return {
    transform: options.transform,
    rows,
    chisq,
    df,
    p: chisq.map((c, k) => chiSquareUpperTail(c, df[k] as number)),
  };
}
