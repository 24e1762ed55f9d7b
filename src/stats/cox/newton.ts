/**
 * The unchecked Cox core (STYLE.md item 2): Newton–Raphson on the sorted, centred and scaled risk
 * sets, with the iteration and stopping rule of survival's coxfit6 (Therneau & Grambsch 2000, §3.3),
 * so that the iteration count and β̂ reproduce R's:
 *
 *   - start at β = 0; that first pass gives the null log-likelihood and the score test U(0)ᵀI(0)⁻¹U(0);
 *   - each iteration evaluates the proposed β; it has converged when all is finite and
 *     |1 − ℓ_best/ℓ_new| ≤ eps, and then β̂ is that proposal;
 *   - if ℓ fell (or overflowed), step halving: the proposal moves back towards the last accepted β,
 *     by 1/2, then 2/3, 3/4 … of the way as failures repeat;
 *   - otherwise the proposal is accepted and the next is β + I(β)⁻¹U(β);
 *   - out of iterations: β̂ is the last accepted β, and R's `iter` reads iterMax + 1.
 */
import { choleskyFactor, choleskyInverse, choleskySolve } from './cholesky.ts';
import { type CoxWork, coxPass, coxWork } from './likelihood.ts';
import type { CoxRiskSets } from './risk-sets.ts';

export interface CoxCoreOptions {
  efron: boolean;
  eps: number;
  iterMax: number;
  tolerChol: number;
}

export interface CoxCoreResult {
  /** β̂ on the covariates' own scale (0 for a redundant column). */
  beta: Float64Array;
  /** Score U(β̂), own scale: what the infinite-coefficient check looks at. */
  u: Float64Array;
  /** I(β̂)⁻¹, p×p, own scale; zero rows and columns for redundant columns. */
  var: Float64Array;
  loglikNull: number;
  loglikFit: number;
  /** Score test statistic at β = 0. */
  score: number;
  iter: number;
  /** survival's flag: the rank of I(β̂); −2 if it converged while step halving; 1000 if not converged. */
  flag: number;
  converged: boolean;
}

function allFinite(work: CoxWork, p: number, loglik: number): boolean {
  if (!Number.isFinite(loglik)) return false;
  for (let i = 0; i < p; i++) {
    if (!Number.isFinite(work.u[i] as number)) return false;
    for (let j = 0; j <= i; j++) if (!Number.isFinite(work.imat[i * p + j] as number)) return false;
  }
  return true;
}

/** Back to the covariates' own scale: β·s, U/s, V·sᵢsⱼ (the working columns were multiplied by s). */
function unscale(result: CoxCoreResult, scale: Float64Array, p: number): CoxCoreResult {
  for (let i = 0; i < p; i++) {
    const si = scale[i] as number;
    result.beta[i] = (result.beta[i] as number) * si;
    result.u[i] = (result.u[i] as number) / si;
    for (let j = 0; j < p; j++)
      result.var[i * p + j] = (result.var[i * p + j] as number) * si * (scale[j] as number);
  }
  return result;
}

/** Fits the model to `sets`; `scale` is the column scaling applied by `prepareRiskSets`. */
export function fitCoxCore(sets: CoxRiskSets, scale: Float64Array, options: CoxCoreOptions): CoxCoreResult {
  const p = sets.nvar;
  const { efron, eps, iterMax, tolerChol } = options;
  const work = coxWork(p);
  const beta = new Float64Array(p);
  const proposal = new Float64Array(p);
  const step = new Float64Array(p);
  const variance = new Float64Array(p * p);

  const loglikNull = coxPass(sets, beta, efron, work);
  step.set(work.u);
  let flag = choleskyFactor(work.imat, p, tolerChol);
  choleskySolve(work.imat, p, step);
  let score = 0;
  for (let i = 0; i < p; i++) score += (work.u[i] as number) * (step[i] as number);

  const result = (loglikFit: number, iter: number, converged: boolean): CoxCoreResult =>
    unscale(
      { beta, u: work.u, var: variance, loglikNull, loglikFit, score, iter, flag, converged },
      scale,
      p,
    );

  if (iterMax === 0 || !Number.isFinite(loglikNull)) {
    choleskyInverse(work.imat, p, variance);
    return result(loglikNull, 0, iterMax === 0);
  }

  let best = loglikNull;
  proposal.set(step); // β = 0 + step
  let halving = 0;
  for (let iter = 1; iter <= iterMax; iter++) {
    const loglik = coxPass(sets, proposal, efron, work);
    const finite = allFinite(work, p, loglik);
    flag = choleskyFactor(work.imat, p, tolerChol);
    if (finite && Math.abs(1 - best / loglik) <= eps) {
      beta.set(proposal);
      choleskyInverse(work.imat, p, variance);
      if (halving > 0) flag = -2;
      return result(loglik, iter, true);
    }
    if (!finite || loglik < best) {
      halving++;
      for (let i = 0; i < p; i++) {
        proposal[i] = ((proposal[i] as number) + halving * (beta[i] as number)) / (halving + 1);
      }
    } else {
      halving = 0;
      best = loglik;
      step.set(work.u);
      choleskySolve(work.imat, p, step);
      beta.set(proposal);
      for (let i = 0; i < p; i++) proposal[i] = (proposal[i] as number) + (step[i] as number);
    }
  }

  // Out of iterations: report the last accepted β with its own score and information.
  const loglikFit = coxPass(sets, beta, efron, work);
  choleskyFactor(work.imat, p, tolerChol);
  choleskyInverse(work.imat, p, variance);
  flag = 1000;
  return result(loglikFit, iterMax + 1, false);
}
