/**
 * From the Newton–Raphson result to what `coxph` and `summary.coxph` report: aliased (NA)
 * coefficients, Wald statistics and intervals, the likelihood-ratio, Wald and score tests, R's
 * warnings, and the linear predictor.
 */
import { concordanceCore } from '../concordance/index.ts';
import { chiSquareUpperTail, normalQuantile, normalTwoSided } from '../distributions.ts';
import { submatrix } from '../quadratic-form.ts';
import { choleskyFactor, choleskySolve } from './cholesky.ts';
import type { CoxDesign } from './design.ts';
import type { CoxCoreResult } from './newton.ts';
import type { CoxPrepared } from './risk-sets.ts';
import { roundR } from './round-r.ts';
import type { CoxFit, CoxTest, CoxTies, CoxWaldTest } from './types.ts';

export interface CoxSettings {
  ties: CoxTies;
  confLevel: number;
  eps: number;
  iterMax: number;
  tolerChol: number;
  tolerInf: number;
  timefix: boolean;
}

function test(statistic: number, df: number): CoxTest {
  return { statistic, df, p: chiSquareUpperTail(statistic, df) };
}

/** βᵀV⁻¹β over the non-aliased coefficients (R's `coxph.wtest` with the Cholesky tolerance). */
function waldStatistic(
  beta: Float64Array,
  variance: Float64Array,
  p: number,
  kept: number[],
  toler: number,
): number {
  const m = kept.length;
  if (m === 0) return 0;
  const sub = submatrix(variance, p, kept);
  const b = Float64Array.from(kept, (j) => beta[j] as number);
  if (!b.every(Number.isFinite) || !sub.every(Number.isFinite)) return Number.NaN;
  if (m === 1) return ((b[0] as number) * (b[0] as number)) / (sub[0] as number);
  const solved = Float64Array.from(b);
  choleskyFactor(sub, m, toler);
  choleskySolve(sub, m, solved);
  let sum = 0;
  for (let i = 0; i < m; i++) sum += (b[i] as number) * (solved[i] as number);
  return sum;
}

/** R's warnings from `coxph.fit` (wording as R, spaces included), then ours for aliased columns. */
function fitWarnings(
  core: CoxCoreResult,
  p: number,
  settings: CoxSettings,
  aliased: boolean[],
  terms: string[],
  lp: Float64Array,
): string[] {
  const warnings: string[] = [];
  const infs: number[] = [];
  for (let j = 0; j < p; j++) {
    let v = 0;
    for (let i = 0; i < p; i++) v += (core.u[i] as number) * (core.var[i * p + j] as number);
    infs.push(Math.abs(v));
  }
  if (settings.iterMax > 1 && core.flag === 1000) {
    warnings.push('Ran out of iterations and did not converge');
    let largest = Number.NEGATIVE_INFINITY;
    for (const v of lp) largest = Math.max(largest, v);
    if (largest > 500 || infs.some((v) => !Number.isFinite(v))) {
      warnings.push('one or more coefficients may be infinite');
    }
  } else if (settings.iterMax > 1) {
    // The score is not ≈ 0 at "convergence": the likelihood is still climbing towards β = ±∞.
    const infinite = infs
      .map(
        (v, j) =>
          !Number.isFinite(core.u[j] as number) ||
          (v > settings.eps && v > settings.tolerInf * Math.abs(core.beta[j] as number)),
      )
      .flatMap((flagged, j) => (flagged ? [j + 1] : []));
    if (infinite.length > 0) {
      warnings.push(
        `Loglik converged before variable  ${infinite.join(',')} ; coefficient may be infinite. `,
      );
    }
  }
  const dropped = aliased.flatMap((a, j) => (a ? [j] : []));
  if (dropped.length > 0) {
    // R sets these to NA silently (singular.ok = TRUE); the message is the one R stops with otherwise.
    warnings.push(
      `X matrix deemed to be singular; variable ${dropped.map((j) => j + 1).join(' ')} (${dropped.map((j) => terms[j]).join(', ')}): coefficient set to NA`,
    );
  }
  return warnings;
}

/** R's `fit$linear.predictors`: Xβ − Σ β·means (in that order of operations), rows used in input order. */
export function linearPredictor(
  columns: readonly Float64Array[],
  beta: Float64Array,
  means: Float64Array,
  n: number,
): Float64Array {
  const lp = new Float64Array(n);
  columns.forEach((column, j) => {
    const b = beta[j] as number;
    if (b !== 0) for (let r = 0; r < n; r++) lp[r] = (lp[r] as number) + b * (column[r] as number);
  });
  let shift = 0;
  for (let j = 0; j < columns.length; j++) shift += (beta[j] as number) * (means[j] as number);
  if (shift !== 0) for (let r = 0; r < n; r++) lp[r] = (lp[r] as number) - shift;
  return lp;
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Harrell's C as coxph computes it: the model's (timefixed) times, the linear predictor, the strata. */
function harrellC(
  design: CoxDesign,
  prepared: CoxPrepared,
  lp: Float64Array,
): { c: number | null; se: number | null } {
  const result = concordanceCore(prepared.time, design.status, design.stratum ?? undefined, lp);
  return { c: orNull(result.c), se: orNull(result.se) };
}

export function summarizeCox(
  design: CoxDesign,
  prepared: CoxPrepared,
  core: CoxCoreResult,
  settings: CoxSettings,
  nevent: number,
): CoxFit {
  const { nvar: p, terms } = design;
  const n = design.rows.length;
  const variance = core.var;
  const aliased = terms.map((_, j) => core.flag < p && variance[j * p + j] === 0);
  const kept = aliased.flatMap((a, j) => (a ? [] : [j]));
  const lp = linearPredictor(design.columns, core.beta, prepared.means, n);
  // summary.coxph's form, qnorm((1 + conf.int)/2); survfit's 1 − (1 − level)/2 can differ in the last bit.
  const q = normalQuantile((1 + settings.confLevel) / 2);

  const coef: (number | null)[] = [];
  const se: number[] = [];
  const hr: (number | null)[] = [];
  const lower: (number | null)[] = [];
  const upper: (number | null)[] = [];
  const z: (number | null)[] = [];
  const pValue: (number | null)[] = [];
  for (let j = 0; j < p; j++) {
    const s = Math.sqrt(variance[j * p + j] as number);
    se.push(s);
    const b = aliased[j] ? null : (core.beta[j] as number);
    coef.push(b);
    hr.push(b === null ? null : Math.exp(b));
    lower.push(b === null ? null : Math.exp(b - q * s));
    upper.push(b === null ? null : Math.exp(b + q * s));
    z.push(b === null ? null : b / s);
    pValue.push(b === null ? null : normalTwoSided(b / s));
  }
  const df = kept.length;
  const wald = waldStatistic(core.beta, variance, p, kept, settings.tolerChol);
  const waldTest: CoxWaldTest = { ...test(wald, df), statistic_summary_rounded: roundR(wald, 2) };
  const beta = Float64Array.from(core.beta);
  return {
    ties: settings.ties,
    terms,
    coef,
    se,
    hr,
    hr_lower: lower,
    hr_upper: upper,
    z,
    p: pValue,
    var: terms.map((_, i) => Array.from(variance.subarray(i * p, (i + 1) * p))),
    loglik_null: core.loglikNull,
    loglik_fit: core.loglikFit,
    lr_test: test(2 * (core.loglikFit - core.loglikNull), df),
    wald_test: waldTest,
    score_test: test(core.score, df),
    iter: core.iter,
    n,
    nevent,
    concordance: harrellC(design, prepared, lp),
    means: Array.from(prepared.means),
    omitted_rows: design.omitted,
    warnings: fitWarnings(core, p, settings, aliased, terms, lp),
    converged: core.converged,
    linear_predictors: lp,
    model: modelData(design, prepared, beta),
  };
}

export function modelData(design: CoxDesign, prepared: CoxPrepared, beta: Float64Array): CoxFit['model'] {
  return {
    rows: design.rows,
    columns: design.columns,
    assign: design.assign,
    time: prepared.time,
    status: design.status,
    stratum: design.stratum,
    strataLevels: design.strataLevels,
    order: prepared.order,
    beta,
  };
}
